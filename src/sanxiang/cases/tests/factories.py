"""Factories and builders for cases: power items, qualified officers, opened cases."""

from __future__ import annotations

import datetime as dt

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
