"""Demo data: 东丽区人民政府万新街道办事处, its people, a second street office, and the
district justice bureau that supervises both. Idempotent: a second run changes nothing.

Every demo login's password is ``DEMO_PASSWORD``; ``sanxiang load-demo`` prints them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from sanxiang.agencies import demo_powers, services
from sanxiang.agencies.choices import (
    AgencyKind,
    CredentialIssuer,
    CredentialStatus,
    ReviewerKind,
    TrainingKind,
    TrainingResult,
)
from sanxiang.agencies.models import Agency, EnforcementDomain, User
from sanxiang.core.identifiers import ric_check_character
from sanxiang.core.roles import Role

DEMO_PASSWORD = "Sanxiang-Demo-2026"

DOMAINS = [
    ("urban", "城市管理"),
    ("market", "市场监管"),
    ("safety", "安全生产"),
    ("environment", "生态环境"),
    ("fire", "消防安全"),
    ("housing", "住房建设"),
]

OFFICER_NAMES = [
    "王建国", "李明", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄晓东", "周敏", "吴刚",
    "徐丽", "孙强", "胡志远", "朱海燕", "高鹏", "林峰", "何婷", "郭亮", "马骏", "罗文",
]  # fmt: skip

WANXIN = {
    "code": "wanxin",
    "name": "东丽区人民政府万新街道办事处",
    "short_name": "万新街",
    "kind": AgencyKind.STATUTORY,
    "address": "天津市东丽区万新街道成林道与先锋东路交口",
    "phone": "022-24390000",
    "office_hours": "工作日 8:30—12:00，13:30—17:30",
    "legal_basis": (
        "《中华人民共和国行政处罚法》\n《中华人民共和国行政强制法》\n"
        "《天津市街道综合执法暂行办法》\n《东丽区街道综合行政执法事项目录》"
    ),
    "duties": (
        "依法对辖区内违反市容环境卫生、城乡规划、园林绿化、环境保护、市场秩序等方面"
        "管理规定的行为实施行政处罚和行政强制；开展日常巡查和行政检查；"
        "受理和处理群众投诉举报。"
    ),
    "powers_summary": (
        "行政处罚：依据区政府公布的街道综合执法事项目录，共计行政处罚事项若干项；\n"
        "行政强制：查封、扣押与违法行为有关的场所、设施或者财物；\n"
        "行政检查：对辖区内经营场所、施工工地等开展监督检查。"
    ),
    "reconsideration_body": "天津市东丽区人民政府（行政复议申请：东丽区司法局行政复议接待室）",
    "competent_court": "天津市东丽区人民法院",
    "complaint_phone": "022-24390012",
    "complaint_address": "万新街道办事处纪检监察室（成林道街道综合楼二层）",
}


def _uscc(organisation_code: str) -> str:
    body = f"11120110{organisation_code}"
    return body + stdnum_uscc.calc_check_digit(body)


def _resident_id(n: int) -> str:
    birth = dt.date(1966, 3, 1) + dt.timedelta(days=263 * n)
    first17 = f"120110{birth:%Y%m%d}{(n * 37) % 1000:03d}"
    return first17 + ric_check_character(first17)


def _bootstrap_superuser() -> User:
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"full_name": "系统管理员", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _agency(root: User, **fields: Any) -> Agency:
    existing = Agency.objects.filter(code=fields["code"]).first()
    return existing or services.create_agency(actor=root, **fields)


def _user(root: User, agency: Agency | None, username: str, name: str, roles: list[Role]) -> User:
    existing = User.objects.filter(username=username).first()
    if existing:
        return existing
    return services.create_staff_user(
        actor=root, agency=agency, username=username, password=DEMO_PASSWORD,
        full_name=name, roles=roles, is_staff=Role.ADMIN in roles,
    )  # fmt: skip


def _load_people(root: User, wanxin: Agency, domains: list[EnforcementDomain]) -> None:
    if wanxin.officers.exists():
        return
    brigade = services.create_department(
        actor=root, agency=wanxin, name="综合行政执法大队", order=1,
        duties="承担街道综合行政执法工作",
    )  # fmt: skip
    for order, name in enumerate(["党政办公室", "平安建设办公室", "社区管理办公室"], start=2):
        services.create_department(actor=root, agency=wanxin, name=name, order=order)
    legal = services.create_department(
        actor=root, agency=wanxin, name="法制审核室", order=9, is_review_body=True,
        duties="承担重大执法决定法制审核工作",
    )  # fmt: skip
    today = timezone.localdate()
    logins = {0: "wx_officer", 1: "wx_officer2"}
    for index, name in enumerate(OFFICER_NAMES):
        user = None
        if index in logins:
            user = _user(root, wanxin, logins[index], name, [Role.OFFICER])
        officer = services.register_officer(
            actor=root, agency=wanxin, name=name, id_number=_resident_id(index + 1),
            department=brigade, position="队长" if index == 0 else "执法队员",
            domains=domains[: 2 + index % 3], user=user,
        )  # fmt: skip
        valid_to = today + dt.timedelta(days=900 - index * 37)
        if index in (5, 11):
            valid_to = today + dt.timedelta(days=20 + index)  # expiring soon
        credential = services.issue_credential(
            actor=root, officer=officer, number=f"津执1201100{index + 1:04d}",
            issuer=CredentialIssuer.MUNICIPAL, issuing_authority="天津市人民政府",
            valid_from=valid_to - dt.timedelta(days=5 * 365), valid_to=valid_to,
            domains=domains[: 2 + index % 3],
        )  # fmt: skip
        if index == 17:
            services.change_credential_status(
                actor=root, credential=credential, status=CredentialStatus.REVOKED,
                reason="调离执法岗位，证件注销",
            )  # fmt: skip
        services.record_training(
            actor=root, officer=officer, kind=TrainingKind.TRAINING,
            title="2026年度行政执法人员公共法律知识培训", organiser="东丽区司法局",
            held_on=dt.date(2026, 6, 18), hours=16, result=TrainingResult.ATTENDED,
        )  # fmt: skip
        services.record_training(
            actor=root, officer=officer, kind=TrainingKind.ASSESSMENT,
            title="2026年度行政执法资格考试", organiser="天津市司法局",
            held_on=dt.date(2026, 7, 9), result=TrainingResult.PASSED, score=80 + index % 18,
        )  # fmt: skip
    reviewer_user = _user(root, wanxin, "wx_reviewer", "孟宪法", [Role.REVIEWER])
    services.register_reviewer(
        actor=root, agency=wanxin, name="孟宪法", kind=ReviewerKind.FULL_TIME,
        user=reviewer_user, qualification_number="A20151201100821",
    )  # fmt: skip
    lawyer_user = _user(root, wanxin, "wx_lawyer", "钱律", [Role.REVIEWER])
    services.register_reviewer(
        actor=root, agency=wanxin, name="钱律", kind=ReviewerKind.ENGAGED_LAWYER,
        user=lawyer_user, law_firm="天津东丽律师事务所", qualification_number="A20101201103377",
        engaged_from=dt.date(2026, 1, 1), engaged_to=dt.date(2026, 12, 31),
    )  # fmt: skip
    del legal


def _load_jinqiao(root: User, sifaju: Agency, domains: list[EnforcementDomain]) -> None:
    jinqiao = _agency(
        root, code="jinqiao", name="东丽区人民政府金桥街道办事处", short_name="金桥街",
        kind=AgencyKind.STATUTORY, uscc=_uscc("MB1937206"), supervising_agency=sifaju,
        duties="依法对辖区内违反城市管理等方面规定的行为实施行政处罚。",
        reconsideration_body="天津市东丽区人民政府", competent_court="天津市东丽区人民法院",
        complaint_phone="022-24980000",
    )  # fmt: skip
    if jinqiao.officers.exists():
        return
    user = _user(root, jinqiao, "jq_officer", "邓金桥", [Role.OFFICER])
    today = timezone.localdate()
    for index, name in enumerate(["邓金桥", "彭立新", "曹红"]):
        officer = services.register_officer(
            actor=root, agency=jinqiao, name=name, id_number=_resident_id(50 + index),
            domains=domains[:2], user=user if index == 0 else None,
        )  # fmt: skip
        services.issue_credential(
            actor=root, officer=officer, number=f"津执1201101{index + 1:04d}",
            issuer=CredentialIssuer.MUNICIPAL, issuing_authority="天津市人民政府",
            valid_from=today - dt.timedelta(days=400), valid_to=today + dt.timedelta(days=1400),
            domains=domains[:2],
        )  # fmt: skip


LOGINS = [
    ("admin", "系统管理员（全部机关）"),
    ("wx_admin", "万新街 系统管理员"),
    ("wx_officer", "万新街 执法人员 王建国"),
    ("wx_officer2", "万新街 执法人员 李明"),
    ("wx_reviewer", "万新街 法制审核人员 孟宪法"),
    ("wx_lawyer", "万新街 法律顾问 钱律"),
    ("wx_head", "万新街 机关负责人 宋主任"),
    ("wx_publisher", "万新街 公示管理员 韩公开"),
    ("sfj_supervisor", "东丽区司法局 监督人员 冯监督"),
    ("jq_officer", "金桥街 执法人员 邓金桥"),
]


@transaction.atomic
def _load() -> None:
    root = _bootstrap_superuser()
    domains = [
        EnforcementDomain.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in DOMAINS
    ]
    sifaju = _agency(
        root, code="dongli-sfj", name="天津市东丽区司法局", short_name="东丽区司法局",
        kind=AgencyKind.STATUTORY, uscc=_uscc("000125386"),
        duties="负责全区行政执法监督工作，组织行政执法证件管理、培训考核和案卷评查。",
        address="天津市东丽区跃进路", phone="022-24396000",
    )  # fmt: skip
    wanxin = _agency(root, uscc=_uscc("000125749"), supervising_agency=sifaju, **WANXIN)
    _user(root, wanxin, "wx_admin", "赵管理", [Role.ADMIN])
    _user(root, wanxin, "wx_head", "宋主任", [Role.HEAD])
    _user(root, wanxin, "wx_publisher", "韩公开", [Role.PUBLISHER])
    _user(root, sifaju, "sfj_supervisor", "冯监督", [Role.SUPERVISOR])
    _load_people(root, wanxin, domains)
    _load_jinqiao(root, sifaju, domains)
    demo_powers.load_power_list(admin=User.objects.get(username="wx_admin"), agency=wanxin)


def load(*, stdout: Any) -> None:
    _load()
    stdout.write("演示机关已就绪：东丽区人民政府万新街道办事处、金桥街道办事处、东丽区司法局。")


def summary(*, stdout: Any) -> None:
    stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for username, who in LOGINS:
        stdout.write(f"  {username:<16} {who}")
    stdout.write(
        "门户 http://127.0.0.1:8000/  工作台 http://127.0.0.1:8000/workbench/  管理 /admin/"
    )
