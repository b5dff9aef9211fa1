"""The power list's services: 立改废释 versions, discretion rules, checks and history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxiang.agencies import selectors, services
from sanxiang.agencies.choices import ChangeKind, DiscretionLevel, PowerCategory
from sanxiang.agencies.powerlist import RuleContent
from sanxiang.agencies.tests.factories import DomainFactory, power_content
from sanxiang.ledger.models import Entry

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def urban(db):
    return DomainFactory()


def establish(agency_admin, wanxin, **overrides):
    return services.establish_power_item(
        actor=agency_admin, agency=wanxin, content=power_content(**overrides),
        reason="街道综合执法改革，承接区城管委下放事项", effective_on=TODAY,
        approver="街道党工委会议（2026年第3次）",
    )  # fmt: skip


def test_establishing_an_item_records_version_one_and_points_the_item_at_it(
    agency_admin, wanxin, urban
):
    version = establish(agency_admin, wanxin)
    item = version.item
    assert (version.number, version.change_kind) == (1, ChangeKind.ESTABLISH)
    assert item.current_version == version and item.is_active
    assert item.name == "对擅自占用城市道路摆摊设点的处罚"
    assert item.category == PowerCategory.PENALTY and item.domain == urban
    assert Entry.objects.filter(seq=version.ledger_seq, kind="agencies.power_item_version").exists()


def test_the_current_discretion_rules_are_the_current_versions(agency_admin, wanxin, urban):
    item = establish(agency_admin, wanxin).item
    rules = list(selectors.current_discretion_rules(power_item=item))
    assert [(r.level, r.fine_min, r.fine_max) for r in rules] == [
        (DiscretionLevel.LIGHTER, Decimal("50.00"), Decimal("200.00")),
        (DiscretionLevel.HEAVIER, Decimal("200.00"), Decimal("500.00")),
    ]
    new_rules = (RuleContent(DiscretionLevel.GENERAL, "一般情形", Decimal("100"), Decimal("300")),)
    services.adjust_power_item(
        actor=agency_admin, item=item, kind=ChangeKind.AMEND,
        content=power_content(rules=new_rules), reason="修订裁量基准", effective_on=TODAY,
        approver="主任办公会",
    )  # fmt: skip
    item.refresh_from_db()
    rules = list(selectors.current_discretion_rules(power_item=item))
    assert [(r.level, r.circumstances) for r in rules] == [(DiscretionLevel.GENERAL, "一般情形")]
    assert item.versions.get(number=1).discretion_rules.count() == 2  # the old rules stay


def test_an_amendment_is_a_new_version_and_history_shows_the_difference(
    agency_admin, wanxin, urban
):
    item = establish(agency_admin, wanxin).item
    services.adjust_power_item(
        actor=agency_admin, item=item, kind=ChangeKind.AMEND,
        content=power_content(time_limit="立案之日起六十日内"), reason="承诺时限压缩",
        effective_on=TODAY, approver="主任办公会",
    )  # fmt: skip
    history = selectors.power_item_history(item=item)
    assert [v.number for v, _ in history] == [2, 1]
    latest_changes = history[0][1]
    assert [c.name for c in latest_changes] == ["time_limit"]
    ops = {(s.op, s.text) for s in latest_changes[0].segments}
    assert ("delete", "九") in ops and ("insert", "六") in ops


def test_an_amendment_that_changes_nothing_is_refused(agency_admin, wanxin, urban):
    item = establish(agency_admin, wanxin).item
    with pytest.raises(ValidationError, match=r"Nothing has changed|没有变化"):
        services.adjust_power_item(
            actor=agency_admin, item=item, kind=ChangeKind.AMEND, content=power_content(),
            reason="无", effective_on=TODAY, approver="主任办公会",
        )  # fmt: skip


def test_abolishing_takes_the_item_out_of_force_but_keeps_its_history(agency_admin, wanxin, urban):
    item = establish(agency_admin, wanxin).item
    services.adjust_power_item(
        actor=agency_admin, item=item, kind=ChangeKind.ABOLISH, reason="上位法废止",
        effective_on=TODAY, approver="主任办公会",
    )  # fmt: skip
    item.refresh_from_db()
    assert not item.is_active
    assert item not in selectors.public_power_items()
    assert selectors.public_power_item(agency_code="wanxin", code="CF-0001") == item
    with pytest.raises(ValidationError):
        services.adjust_power_item(
            actor=agency_admin, item=item, kind=ChangeKind.INTERPRET, reason="释义",
            effective_on=TODAY, approver="主任办公会",
        )  # fmt: skip
    again = establish(agency_admin, wanxin)
    assert (again.item, again.number, again.change_kind) == (item, 3, ChangeKind.ESTABLISH)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"legal_basis": "《天津市市容和环境卫生管理条例》"}, "legal_basis"),
        ({"legal_basis": ""}, "legal_basis"),
        ({"category": "fine"}, "category"),
        ({"domain_code": "nowhere"}, "domain_code"),
        ({"responsible_unit": " "}, "responsible_unit"),
        (
            {
                "rules": (
                    RuleContent(DiscretionLevel.GENERAL, "情形", Decimal("500"), Decimal("50")),
                )
            },
            "discretion",
        ),
        ({"rules": (RuleContent(DiscretionLevel.GENERAL, "情形"),)}, "discretion"),
        ({"category": PowerCategory.LICENSING}, "discretion"),
    ],
)
def test_content_without_article_level_basis_or_with_bad_rules_is_refused(
    agency_admin, wanxin, urban, overrides, field
):
    with pytest.raises(ValidationError) as error:
        establish(agency_admin, wanxin, **overrides)
    assert field in error.value.message_dict
    assert not wanxin.power_items.exists()


def test_a_duplicate_code_and_a_future_effective_date_are_refused(agency_admin, wanxin, urban):
    establish(agency_admin, wanxin)
    with pytest.raises(ValidationError) as error:
        establish(agency_admin, wanxin, name="另一事项")
    assert "code" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.establish_power_item(
            actor=agency_admin, agency=wanxin, content=power_content(code="CF-0002"),
            reason="新增", effective_on=dt.date.today() + dt.timedelta(days=3), approver="会议",
        )  # fmt: skip
    assert "effective_on" in error.value.message_dict


@pytest.mark.parametrize("persona", ["officer", "publisher", "other_officer", "supervisor"])
def test_only_the_agency_administrator_adjusts_the_power_list(request, wanxin, urban, persona):
    with pytest.raises(PermissionDenied):
        establish(request.getfixturevalue(persona), wanxin)


def test_changing_the_code_keeps_one_item_and_cases_see_the_new_code(agency_admin, wanxin, urban):
    item = establish(agency_admin, wanxin).item
    content = dataclasses.replace(power_content(), code="CF-0101")
    services.adjust_power_item(
        actor=agency_admin, item=item, kind=ChangeKind.AMEND, content=content,
        reason="统一编码", effective_on=TODAY, approver="主任办公会",
    )  # fmt: skip
    item.refresh_from_db()
    assert item.code == "CF-0101" and wanxin.power_items.count() == 1
