"""The reviewer's checklist shows the limits on punishing (行政处罚法 第三十条、第三十六条):
a child under 14 is a problem; a minor of 14 to 18 brings the duty to mitigate."""

from __future__ import annotations

import datetime as dt

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases.limits import add_years
from sanxiang.cases.tests.factories import open_case, person
from sanxiang.review import checklist, services
from sanxiang.review.choices import ItemResult
from sanxiang.review.tests.builders import NO, make_reviewer, submit, walk_to_notice


def _submitted(age, officer, partner, power_item, n):
    violation_on = dt.date.today() - dt.timedelta(days=10)
    party = person(name="小明", id_number=make_resident_id(n, birth=add_years(violation_on, -age)))
    case = walk_to_notice(open_case(officer, power_item, partner, parties=[party]), officer)
    services.assess_applicability(actor=officer, case=case, answers=NO)
    return case, submit(case, officer)


def test_a_child_under_14_is_a_problem_on_the_law_item(officer, partner, power_item, reviewer):
    make_reviewer(reviewer)
    case, item = _submitted(13, officer, partner, power_item, 51)
    result, lines = checklist.prefill(case, item)["law"]
    assert result == ItemResult.PROBLEM
    assert any("不满十四周岁" in line and "penalty.minors" in line for line in lines)


def test_a_minor_of_16_brings_the_duty_to_mitigate(officer, partner, power_item, reviewer):
    make_reviewer(reviewer)
    case, item = _submitted(16, officer, partner, power_item, 52)
    _result, lines = checklist.prefill(case, item)["law"]
    assert any("应当从轻或者减轻" in line for line in lines)
