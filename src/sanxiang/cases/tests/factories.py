"""Factories and builders for cases: power items, qualified officers, opened cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.models import PowerItem
from sanxiang.agencies.tests.factories import (
    CredentialFactory,
    DomainFactory,
    OfficerFactory,
    UserFactory,
)
from sanxiang.cases import services
from sanxiang.cases.choices import CaseSource, PartyKind, Procedure
from sanxiang.cases.limits import ViolationData
from sanxiang.core.roles import Role

# A valid resident ID (GB 11643 check character correct) and a valid USCC.
PERSON_ID = "120110198506150017"
COMPANY_USCC = "91120110MA05M8XX3F"


class PowerItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PowerItem

    code = factory.Sequence(lambda n: f"CF-{n:04d}")
    name = "对擅自占用城市道路摆摊设点的处罚"
    category = PowerCategory.PENALTY
    domain = factory.SubFactory(DomainFactory)
    legal_basis = "《天津市市容和环境卫生管理条例》第六十一条"


def qualify(user, domain) -> None:
    """Let the officer behind ``user`` act in ``domain`` (their credentials cover it)."""
    for credential in user.officer.credentials.all():
        credential.domains.add(domain)


def qualified_officer_user(agency, domain, username: str, roles=(Role.OFFICER,)):
    user = UserFactory(username=username, agency=agency, roles=list(roles))
    officer = OfficerFactory(agency=agency, user=user, name=user.full_name)
    CredentialFactory(officer=officer).domains.add(domain)  # type: ignore[attr-defined]
    return user


def person(name: str = "张三", id_number: str = PERSON_ID) -> services.PartyData:
    return services.PartyData(
        kind=PartyKind.NATURAL_PERSON, name=name, id_number=id_number, address="万新街1号"
    )


def company(name: str = "天津市东丽区某某餐饮有限公司") -> services.PartyData:
    return services.PartyData(
        kind=PartyKind.LEGAL_PERSON, name=name, uscc=COMPANY_USCC, legal_representative="李四"
    )


def earlier_today(hours: float = 2) -> dt.datetime:
    """``hours`` ago, or local midnight if that was yesterday: an act of a case filed today
    cannot be on the day before (Beijing time, whatever the hour in UTC)."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - dt.timedelta(hours=hours), midnight)


def violation(filed_on: dt.date, days_before: int = 10) -> ViolationData:
    """A violation committed ``days_before`` the filing: well within 第三十六条's period."""
    return ViolationData(committed_on=filed_on - dt.timedelta(days=days_before))


def open_case(actor, power_item, partner_user, *, procedure=Procedure.GENERAL, filed_on=None,
              parties=None, title="占道经营", violation_data=None):  # fmt: skip
    filed_on = filed_on or dt.date.today()
    return services.open_case(
        actor=actor, power_item=power_item, procedure=procedure, title=title,
        source=CaseSource.PATROL, filed_on=filed_on,
        officers=[actor.officer, partner_user.officer], lead=actor.officer,
        parties=parties or [person()], place="万新街成林道",
        violation=violation_data or violation(filed_on),
    )  # fmt: skip


def notice_data(*, on=None, fine: str | None = "2000", penalties=None, **overrides):
    """A complete prior notice (第四十四条): warning or a fine of ``fine`` yuan by default."""
    from decimal import Decimal

    from sanxiang.cases.choices import PenaltyType
    from sanxiang.cases.hearings import NoticeData

    if penalties is None:
        penalties = [PenaltyType.WARNING, PenaltyType.FINE] if fine else [PenaltyType.WARNING]
    values: dict[str, Any] = {
        "penalty_types": list(penalties), "fine": Decimal(fine) if fine else None,
        "content": f"拟处罚款人民币{fine}元。" if fine else "拟给予警告。",
        "facts": "当事人于万新街成林道占道经营水果摊。", "reasons": "违法事实清楚，证据确凿。",
        "legal_basis": "《天津市市容和环境卫生管理条例》第六十一条",
        "notified_on": on or dt.date.today(),
    }  # fmt: skip
    values.update(overrides)
    return NoticeData(**values)


def serve_notice(case, officer_user, *, on=None, fine: str | None = "2000", **overrides):
    """Serve the prior notice with its content (the case must be at 审查/拟决定)."""
    from sanxiang.cases import hearings

    return hearings.serve_prior_notice(
        actor=officer_user, case=case, data=notice_data(on=on, fine=fine, **overrides)
    )


def hear(case, officer_user, *, on=None):
    """The party's statement is recorded (and, with a hearing right, its written waiver)."""
    from sanxiang.cases import hearings, party_rights
    from sanxiang.cases.choices import ResponseKind

    notice = party_rights.latest_notice(case)
    day = on or (notice.notified_on if notice else dt.date.today())
    response = hearings.record_response(
        actor=officer_user, case=case, kind=ResponseKind.STATEMENT, on=day,
        content="当事人称系初次经营，请求从轻处罚。",
    )  # fmt: skip
    if notice is not None and notice.hearing_right:
        response = hearings.record_response(
            actor=officer_user, case=case, kind=ResponseKind.WAIVER, on=day,
            content="当事人书面声明放弃听证。",
        )  # fmt: skip
    return response


def to_proposal(case, officer_user, on=None):
    """Investigation and its conclusion: the case at 审查/拟决定, ready for the prior notice."""
    from sanxiang.cases.choices import Transition

    for transition in (Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION):
        case = services.transition_case(actor=officer_user, case=case, transition=transition, on=on)
    return case
