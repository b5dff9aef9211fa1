"""Statutory time limits of a case: what runs in each stage, computed on the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.cases import services
from sanxiang.cases.choices import DeadlineKind, Procedure, Stage
from sanxiang.cases.deadlines import deadlines_for, next_deadline
from sanxiang.cases.tests.factories import open_case
from sanxiang.core.worklist import Urgency


def _at(case, stage, **dates):
    """Put a case at a stage with its dates, as a past history would have left it."""
    case.stage = stage
    for field, value in dates.items():
        setattr(case, field, value)
    case.save()
    return case


def test_a_general_case_must_be_decided_within_90_days_of_filing(officer, partner, power_item):
    case = open_case(officer, power_item, partner, filed_on=dt.date(2026, 3, 2))
    (deadline,) = deadlines_for(case)
    assert deadline.kind == DeadlineKind.DECISION
    # 2026-05-31 is a Sunday: the period ends on the next working day (民事诉讼法 第八十五条).
    assert deadline.due == dt.date(2026, 6, 1)
    assert "第六十条" in deadline.deadline.basis
    assert not deadline.deadline.provisional


def test_an_approved_extension_moves_the_decision_deadline(case, head):
    before = next_deadline(case).due
    services.extend_deadline(
        actor=head, case=case, days=30, reason="案情复杂，需补充鉴定",
        legal_basis="《市场监督管理行政处罚程序规定》第六十四条", allowed_days=30,
    )  # fmt: skip
    case.refresh_from_db()
    after = next_deadline(case)
    assert after.due >= before + dt.timedelta(days=30)
    assert "延长" in after.deadline.basis
    assert "《市场监督管理行政处罚程序规定》第六十四条" in after.deadline.basis


def test_a_summary_case_has_no_decision_period(officer, partner, power_item):
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY)
    assert deadlines_for(case) == []


def test_the_decision_is_served_within_7_working_days_across_national_day(case):
    case = _at(case, Stage.SERVICE, decided_on=dt.date(2026, 9, 29))
    (deadline,) = deadlines_for(case)
    # 10月1日至7日 off; 10月10日 (Saturday) a make-up working day (国办发明电〔2025〕7号).
    assert (deadline.kind, deadline.due) == (DeadlineKind.SERVICE, dt.date(2026, 10, 14))
    assert "第六十一条" in deadline.deadline.basis


def test_a_december_deadline_reaching_into_a_year_without_holiday_data_is_provisional(case):
    case = _at(case, Stage.SERVICE, decided_on=dt.date(2026, 12, 28))
    (deadline,) = deadlines_for(case)
    assert deadline.deadline.provisional
    # Weekends only in 2027: 29, 30, 31 December, 1, 4, 5, 6 January.
    assert deadline.due == dt.date(2027, 1, 6)
    assert "2027" in deadline.deadline.warning


@pytest.mark.parametrize(
    ("procedure", "kind", "article"),
    [
        (Procedure.HEARING, DeadlineKind.HEARING_REQUEST, "第六十四条"),
        (Procedure.GENERAL, DeadlineKind.STATEMENT, "第六十二条"),
    ],
)
def test_after_the_prior_notice_the_party_has_5_working_days(
    officer, partner, power_item, procedure, kind, article
):
    case = open_case(
        officer, power_item, partner, procedure=procedure, filed_on=dt.date(2026, 11, 2)
    )
    case = _at(case, Stage.NOTIFICATION, notified_on=dt.date(2026, 11, 6))
    response = [d for d in deadlines_for(case) if d.kind == kind]
    assert [d.due for d in response] == [dt.date(2026, 11, 13)]
    assert article in response[0].deadline.basis


def test_urgency_follows_the_days_left(case):
    deadline = next_deadline(case)
    assert deadline.urgency(deadline.due - dt.timedelta(days=10)) == Urgency.NORMAL
    assert deadline.urgency(deadline.due - dt.timedelta(days=2)) == Urgency.DUE_SOON
    assert deadline.urgency(deadline.due + dt.timedelta(days=1)) == Urgency.OVERDUE


def test_closed_cases_have_no_running_deadline(case):
    case = _at(case, Stage.CLOSED, closed_on=timezone.localdate())
    assert deadlines_for(case) == []
