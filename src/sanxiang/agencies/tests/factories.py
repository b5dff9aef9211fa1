"""factory_boy factories for agencies and people, producing valid identifiers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from stdnum.cn import uscc as stdnum_uscc

from sanxiang.agencies.choices import (
    AgencyKind,
    CredentialIssuer,
    DiscretionLevel,
    PowerCategory,
)
from sanxiang.agencies.models import (
    Agency,
    Credential,
    Department,
    EnforcementDomain,
    Officer,
    PowerItem,
    ServiceGuide,
    ServiceWindow,
    User,
)
from sanxiang.agencies.powerlist import PowerContent, RuleContent
from sanxiang.core.identifiers import ric_check_character
from sanxiang.core.tests.accounts import PASSWORD


def make_uscc(n: int, prefix: str = "11120110") -> str:
    """A valid government-organ USCC (prefix 11, region 120110 东丽区)."""
    body = f"{prefix}{n:09d}"[:17]
    return body + stdnum_uscc.calc_check_digit(body)


def make_resident_id(n: int, birth: dt.date = dt.date(1985, 6, 15)) -> str:
    first17 = f"120110{birth:%Y%m%d}{n % 1000:03d}"
    return first17 + ric_check_character(first17)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"测试执法机关{n}")
    kind = AgencyKind.STATUTORY
    uscc = factory.Sequence(lambda n: make_uscc(1000 + n))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"科室{n}")


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementDomain
        django_get_or_create = ("code",)

    code = "urban"
    name = "城市管理"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=str(r))[0] for r in extracted])
        if create:
            self.save()


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"执法员{n}")
    id_number = factory.Sequence(lambda n: make_resident_id(n))


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    officer = factory.SubFactory(OfficerFactory)
    number = factory.Sequence(lambda n: f"12011020{n:06d}")
    issuer = CredentialIssuer.MUNICIPAL
    issuing_authority = "天津市人民政府"
    valid_from = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=365))
    valid_to = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=3 * 365))


def power_content(**overrides: object) -> PowerContent:
    """A valid penalty item's content (占道经营, 城市管理), with two discretion steps."""
    values: dict[str, object] = {
        "code": "CF-0001",
        "name": "对擅自占用城市道路摆摊设点的处罚",
        "category": PowerCategory.PENALTY,
        "domain_code": "urban",
        "legal_basis": "《天津市市容和环境卫生管理条例》第五十八条第一款",
        "responsible_unit": "综合行政执法大队",
        "procedure": "立案、调查、告知、决定、送达、执行",
        "time_limit": "立案之日起九十日内",
        "remedy": "行政复议：东丽区人民政府；行政诉讼：东丽区人民法院",
        "rules": (
            RuleContent(
                DiscretionLevel.LIGHTER, "首次被发现，及时改正", Decimal("50"), Decimal("200")
            ),
            RuleContent(DiscretionLevel.HEAVIER, "拒不改正", Decimal("200"), Decimal("500")),
        ),
    }
    values.update(overrides)
    return PowerContent(**values)  # type: ignore[arg-type]


def establish_item(agency: Agency, actor: User, **overrides: object) -> PowerItem:
    """A power item on ``agency``'s list, established through the service."""
    from sanxiang.agencies.services import establish_power_item

    DomainFactory()
    return establish_power_item(
        actor=actor, agency=agency, content=power_content(**overrides), reason="街道综合执法改革",
        effective_on=dt.date(2026, 3, 2), approver="街道党工委会议",
    ).item  # fmt: skip


class ServiceGuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceGuide

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"guide-{n}")
    name = "城市道路临时占用许可"
    accepting_body = "万新街道综合行政执法大队"
    conditions = "因特殊情况需要临时占用城市道路的单位或者个人"
    time_limit = "法定20个工作日，承诺5个工作日"
    channels = "万新街道政务服务中心1号窗口"


class ServiceWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceWindow

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"window-{n}")
    name = "1号综合受理窗口"
    location = "万新街道政务服务中心一楼"
    hours = "工作日 9:00-12:00, 13:30-17:00"
    duties = "受理城市管理类许可申请，解答咨询"
    consultation_phone = "022-24390001"
    complaint_phone = "022-24390002"
