"""Demo power list of 万新街 (街道综合行政执法事项), its service guides and a service window.

Penalty items under 城市管理 / 市容环境卫生 and neighbouring fields, each with its legal basis
at article level and a discretion standard; a few licensing items with service guides.
Loaded through the services (so every item has its version and ledger entry); idempotent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from sanxiang.agencies.choices import ChangeKind, DiscretionLevel, PowerCategory
from sanxiang.agencies.models import (
    Agency,
    GuideMaterial,
    GuideStage,
    Officer,
    PowerItem,
    ServiceGuide,
    ServiceWindow,
    User,
    WindowPost,
)
from sanxiang.agencies.powerlist import PowerContent, RuleContent, content_of
from sanxiang.agencies.services import powers as services

UNIT = "万新街道综合行政执法大队"
PROCEDURE = "立案—调查取证—审查—告知—陈述申辩（听证）—法制审核（适用时）—决定—送达—执行—结案"
TIME_LIMIT = "自立案之日起九十日内作出处理决定（行政处罚法第六十条）"
REMEDY = (
    "对处罚决定不服的，可以自收到决定书之日起六十日内向天津市东丽区人民政府申请行政复议，"
    "或者自收到决定书之日起六个月内向天津市东丽区人民法院提起行政诉讼。"
)
ESTABLISHED = dt.date(2025, 1, 2)
L, G, H, N = (DiscretionLevel.LIGHTER, DiscretionLevel.GENERAL, DiscretionLevel.HEAVIER,
              DiscretionLevel.NO_PENALTY)  # fmt: skip


def _r(level: str, text: str, low: int | None, high: int | None, other: str = "") -> RuleContent:
    return RuleContent(
        level, text, None if low is None else Decimal(low), None if high is None else Decimal(high),
        other,
    )  # fmt: skip


def _steps(top: int, *, first: int | None = None, warn: bool = True) -> tuple[RuleContent, ...]:
    """A common three-step standard up to ``top`` yuan (plus 首违不罚 where the law allows)."""
    first = min(first or max(top // 10, 20), top // 4)
    steps = [
        _r(L, "初次违法，危害后果轻微，经责令当即改正", first, top // 4, "警告" if warn else ""),
        _r(G, "经责令改正后在限期内改正，未造成不良影响", top // 4, top * 3 // 5),
        _r(H, "拒不改正、多次违法或者造成恶劣社会影响", top * 3 // 5, top),
    ]
    if warn:
        steps.insert(
            0,
            _r(N, "初次违法且危害后果轻微并及时改正（首违不罚）", None, None, "不予处罚，批评教育"),
        )
    return tuple(steps)


CSRQ = "《城市市容和环境卫生管理条例》"
PENALTIES: list[tuple[str, str, str, str, tuple[RuleContent, ...]]] = [
    (
        "CF-SR-001",
        "对在临街建筑物阳台和窗外堆放、吊挂有碍市容物品的处罚",
        "urban",
        f"{CSRQ}第十六条\n{CSRQ}第三十四条第（四）项",
        _steps(100, first=20),
    ),
    (
        "CF-SR-002",
        "对随意倾倒垃圾、污水、粪便等废弃物的处罚",
        "urban",
        f"{CSRQ}第三十四条第（二）项\n《天津市市容和环境卫生管理条例》第二十三条",
        _steps(200),
    ),
    (
        "CF-SR-003",
        "对在城市建筑物、设施以及树木上涂写、刻画的处罚",
        "urban",
        f"{CSRQ}第十七条\n{CSRQ}第三十四条第（三）项",
        _steps(100, first=20),
    ),
    (
        "CF-SR-004",
        "对未经批准在城市建筑物、设施以及树木上张挂、张贴宣传品的处罚",
        "urban",
        f"{CSRQ}第十七条第二款\n{CSRQ}第三十四条第（三）项",
        _steps(1000),
    ),
    (
        "CF-SR-005",
        "对占用道路摆摊设点、出店经营的处罚",
        "urban",
        "《城市道路管理条例》第三十二条\n《城市道路管理条例》第四十二条第（三）项",
        _steps(2000, first=50),
    ),
    (
        "CF-SR-006",
        "对未经批准擅自设置大型户外广告的处罚",
        "urban",
        f"{CSRQ}第十一条\n{CSRQ}第三十六条第（一）项",
        (
            _r(L, "设置面积10平方米以下，责令后当即拆除", 500, 2000, "责令限期拆除"),
            _r(G, "设置面积10至50平方米，限期内拆除", 2000, 5000, "责令限期拆除"),
            _r(H, "设置面积50平方米以上或者逾期不拆除", 5000, 10000, "责令限期拆除"),
        ),
    ),
    (
        "CF-SR-007",
        "对临街工地不设置护栏或者不作遮挡、停工场地不及时整理的处罚",
        "urban",
        f"{CSRQ}第十五条\n{CSRQ}第三十六条第（二）项",
        _steps(5000, first=500, warn=False),
    ),
    (
        "CF-SR-008",
        "对擅自在街道两侧和公共场地堆放物料、搭建建筑物构筑物的处罚",
        "urban",
        f"{CSRQ}第十四条\n{CSRQ}第三十六条第（三）项",
        _steps(5000, first=200, warn=False),
    ),
    (
        "CF-SR-009",
        "对损坏各类环境卫生设施及其附属设施的处罚",
        "urban",
        f"{CSRQ}第二十八条\n{CSRQ}第三十八条",
        _steps(2000, first=200, warn=False),
    ),
    (
        "CF-SR-010",
        "对运输液体、散装货物不作密封、包扎、覆盖造成泄漏遗撒的处罚",
        "urban",
        f"{CSRQ}第十五条\n{CSRQ}第三十四条第（五）项",
        _steps(2000, first=200),
    ),
    (
        "CF-SR-011",
        "对在城市市区饲养家畜家禽影响市容和环境卫生的处罚",
        "urban",
        f"{CSRQ}第二十六条\n{CSRQ}第三十七条",
        _steps(50, first=20),
    ),
    (
        "CF-SR-012",
        "对不履行门前卫生责任区清扫保洁义务的处罚",
        "urban",
        "《天津市市容和环境卫生管理条例》第十八条\n《天津市市容和环境卫生管理条例》第五十二条",
        _steps(500, first=50),
    ),
    (
        "CF-DL-001",
        "对擅自占用城市道路的处罚",
        "urban",
        "《城市道路管理条例》第三十一条\n《城市道路管理条例》第四十二条第（二）项",
        _steps(20000, first=500, warn=False),
    ),
    (
        "CF-DL-002",
        "对擅自挖掘城市道路的处罚",
        "urban",
        "《城市道路管理条例》第三十三条\n《城市道路管理条例》第四十二条第（三）项",
        _steps(20000, first=1000, warn=False),
    ),
    (
        "CF-DL-003",
        "对机动车在桥梁或者非指定的城市道路上试刹车的处罚",
        "urban",
        "《城市道路管理条例》第二十七条第（五）项\n《城市道路管理条例》第四十二条第（一）项",
        _steps(5000, first=200, warn=False),
    ),
    (
        "CF-LJ-001",
        "对随意倾倒、抛撒、堆放或者焚烧生活垃圾的处罚（单位）",
        "urban",
        "《中华人民共和国固体废物污染环境防治法》第四十九条\n《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款第（一）项",
        (
            _r(L, "首次违法，及时清除，未造成环境污染", 50000, 150000, "责令改正"),
            _r(G, "限期内清除，造成一定影响", 150000, 300000, "责令改正"),
            _r(H, "拒不清除或者造成环境污染", 300000, 500000, "责令改正"),
        ),
    ),
    (
        "CF-LJ-002",
        "对随意倾倒、抛撒、堆放或者焚烧生活垃圾的处罚（个人）",
        "urban",
        "《中华人民共和国固体废物污染环境防治法》第四十九条\n《中华人民共和国固体废物污染环境防治法》第一百一十一条第二款",
        _steps(100, first=20),
    ),
    (
        "CF-LJ-003",
        "对未按规定分类投放生活垃圾的处罚（个人）",
        "urban",
        "《天津市生活垃圾管理条例》第二十三条\n《天津市生活垃圾管理条例》第六十五条",
        _steps(200, first=50),
    ),
    (
        "CF-JZ-001",
        "对随意倾倒、抛撒或者堆放建筑垃圾的处罚（单位）",
        "urban",
        "《城市建筑垃圾管理规定》第十五条\n《城市建筑垃圾管理规定》第二十六条",
        _steps(50000, first=5000, warn=False),
    ),
    (
        "CF-JZ-002",
        "对随意倾倒、抛撒或者堆放建筑垃圾的处罚（个人）",
        "urban",
        "《城市建筑垃圾管理规定》第十五条\n《城市建筑垃圾管理规定》第二十六条",
        _steps(200, first=50),
    ),
    (
        "CF-JZ-003",
        "对未经核准擅自处置建筑垃圾的处罚（单位）",
        "urban",
        "《城市建筑垃圾管理规定》第七条\n《城市建筑垃圾管理规定》第二十五条第（三）项",
        _steps(30000, first=5000, warn=False),
    ),
    (
        "CF-DQ-001",
        "对在居民住宅楼等噪声敏感建筑物集中区域露天烧烤的处罚",
        "environment",
        "《中华人民共和国大气污染防治法》第八十一条第三款\n《中华人民共和国大气污染防治法》第一百一十八条第三款",
        (
            _r(L, "首次发现，当即停止并清理", 500, 2000, "没收烧烤工具和违法所得"),
            _r(G, "经劝阻后停止", 2000, 10000, "没收烧烤工具和违法所得"),
            _r(H, "拒不停止或者多次违法", 10000, 20000, "没收烧烤工具和违法所得"),
        ),
    ),
    (
        "CF-DQ-002",
        "对露天焚烧落叶、枯草等产生烟尘污染物质的处罚",
        "environment",
        "《中华人民共和国大气污染防治法》第七十七条\n《中华人民共和国大气污染防治法》第一百一十九条第二款",
        _steps(2000, first=500, warn=False),
    ),
    (
        "CF-DQ-003",
        "对施工工地未采取扬尘污染防治措施的处罚",
        "environment",
        "《中华人民共和国大气污染防治法》第六十九条\n《中华人民共和国大气污染防治法》第一百一十五条第一款",
        (
            _r(L, "首次发现，当即整改", 10000, 30000, "责令改正"),
            _r(G, "限期内整改", 30000, 60000, "责令改正"),
            _r(H, "拒不改正", 60000, 100000, "责令停工整治"),
        ),
    ),
    (
        "CF-ZS-001",
        "对在噪声敏感建筑物集中区域使用高音广播喇叭招揽顾客的处罚",
        "environment",
        "《中华人民共和国噪声污染防治法》第六十四条\n《中华人民共和国噪声污染防治法》第八十七条",
        _steps(500, first=50),
    ),
    (
        "CF-LH-001",
        "对损坏城市树木花草的处罚",
        "urban",
        "《城市绿化条例》第二十条\n《城市绿化条例》第二十六条第（一）项",
        _steps(1000, first=100, warn=False),
    ),
    (
        "CF-LH-002",
        "对擅自砍伐城市树木的处罚",
        "urban",
        "《城市绿化条例》第二十一条\n《城市绿化条例》第二十六条第（二）项",
        _steps(5000, first=500, warn=False),
    ),
    (
        "CF-LH-003",
        "对擅自占用城市绿化用地的处罚",
        "urban",
        "《城市绿化条例》第十九条\n《城市绿化条例》第二十七条",
        _steps(10000, first=1000, warn=False),
    ),
    (
        "CF-GH-001",
        "对未取得建设工程规划许可证进行建设的处罚（违法建设）",
        "housing",
        "《中华人民共和国城乡规划法》第四十条\n《中华人民共和国城乡规划法》第六十四条",
        (
            _r(
                G,
                "尚可采取改正措施消除对规划实施的影响",
                None,
                None,
                "限期改正，处建设工程造价百分之五以上百分之十以下的罚款",
            ),
            _r(
                H,
                "无法采取改正措施消除影响",
                None,
                None,
                "限期拆除；不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款",
            ),
        ),
    ),
    (
        "CF-SC-001",
        "对无照经营的处罚",
        "market",
        "《无证无照经营查处办法》第二条\n《无证无照经营查处办法》第十三条",
        _steps(10000, first=500, warn=False),
    ),
]
OTHER_POWERS: list[tuple[str, str, str, str, str]] = [
    (
        "QZ-001",
        "查封、扣押与违法行为有关的场所、设施或者财物",
        PowerCategory.COERCION,
        "urban",
        "《中华人民共和国行政强制法》第九条\n《中华人民共和国行政强制法》第二十二条",
    ),
    (
        "JC-001",
        "对辖区市容环境卫生状况的监督检查",
        PowerCategory.INSPECTION,
        "urban",
        f"{CSRQ}第四条\n《天津市市容和环境卫生管理条例》第七条",
    ),
]
LICENCES: list[dict[str, Any]] = [
    {
        "code": "XK-001", "name": "城市道路临时占用许可", "basis": "《城市道路管理条例》第三十一条",
        "guide": "road-occupation", "conditions": "因特殊情况需要临时占用城市道路的单位或者个人；占用期限一般不超过一年。",
        "materials": [("临时占用城市道路申请表", "原件1份", True, "guide-samples/road-occupation-form.pdf"),
                      ("申请人身份证明或者营业执照", "复印件1份", True, ""),
                      ("占道位置平面示意图", "原件1份", True, ""),
                      ("交通安全保障方案", "原件1份", False, "")],
        "stages": [("受理", "窗口工作人员", 1, "当场审查材料是否齐全"), ("现场勘查", "执法大队", 3, "核实占道位置和面积"),
                   ("审查决定", "分管负责人", 1, "作出准予或者不予许可决定"), ("送达", "窗口工作人员", 1, "发放许可证或者不予许可决定书")],
        "limit": "法定20个工作日，承诺6个工作日",
    },
    {
        "code": "XK-002", "name": "设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批",
        "basis": f"{CSRQ}第十一条", "guide": "outdoor-advertising",
        "conditions": "设置内容和形式符合户外广告设置规划，设施安全牢固，不影响市容和交通安全。",
        "materials": [("户外广告设置申请表", "原件1份", True, "guide-samples/advertising-form.pdf"),
                      ("营业执照", "复印件1份", True, ""), ("设计效果图和安全检测报告", "原件1份", True, "")],
        "stages": [("受理", "窗口工作人员", 1, ""), ("审查", "执法大队", 5, "审查设置位置和安全"),
                   ("决定", "分管负责人", 2, "")],
        "limit": "法定20个工作日，承诺8个工作日",
    },
    {
        "code": "XK-003", "name": "城市建筑垃圾处置核准",
        "basis": "《城市建筑垃圾管理规定》第七条",
        "guide": "construction-waste", "conditions": "有消纳场所的证明、运输车辆符合要求并有处置方案。",
        "materials": [("建筑垃圾处置核准申请表", "原件1份", True, ""), ("建筑垃圾消纳场所证明", "原件1份", True, ""),
                      ("运输单位及车辆信息", "复印件1份", True, "")],
        "stages": [("受理", "窗口工作人员", 1, ""), ("审查", "执法大队", 10, "核查消纳场所和运输车辆"),
                   ("决定", "分管负责人", 3, "")],
        "limit": "法定20个工作日",
    },
]  # fmt: skip


AMENDED_STALL_RULES = (
    _r(N, "初次在规定时段外出店经营，当即改正（首违不罚）", None, None, "不予处罚，批评教育"),
    _r(L, "经责令当即改正", 50, 500),
    _r(G, "限期内改正", 500, 1000),
    _r(H, "拒不改正或者一年内三次以上", 1000, 2000),
)


def _content(code: str, name: str, category: str, domain: str, basis: str,
             rules: tuple[RuleContent, ...] = (), **extra: str) -> PowerContent:  # fmt: skip
    return PowerContent(
        code=code, name=name, category=category, domain_code=domain, legal_basis=basis,
        responsible_unit=UNIT, procedure=extra.get("procedure", PROCEDURE),
        time_limit=extra.get("time_limit", TIME_LIMIT), remedy=REMEDY, rules=rules,
    )  # fmt: skip


def _establish(admin: User, agency: Agency, content: PowerContent) -> PowerItem:
    return services.establish_power_item(
        actor=admin, agency=agency, content=content, effective_on=ESTABLISHED,
        reason="依据《东丽区街道综合行政执法事项目录》承接区级部门下放的执法事项",
        approver="万新街道党工委会议（2024年第12次）",
    ).item  # fmt: skip


def load_power_list(*, admin: User, agency: Agency) -> None:
    if agency.power_items.exists():
        return
    for code, name, domain, basis, rules in PENALTIES:
        _establish(admin, agency, _content(code, name, PowerCategory.PENALTY, domain, basis, rules))
    for code, name, category, domain, basis in OTHER_POWERS:
        _establish(admin, agency, _content(code, name, category, domain, basis))
    # A later amendment, so the public history shows a difference.
    item = agency.power_items.get(code="CF-SR-005")
    version = item.current_version
    assert version is not None
    amended = content_of(version)
    services.adjust_power_item(
        actor=admin,
        item=item,
        kind=ChangeKind.AMEND,
        effective_on=dt.date(2025, 9, 1),
        content=dataclasses.replace(amended, rules=AMENDED_STALL_RULES),
        reason="落实包容审慎监管，细化首违不罚情形，降低从轻处罚下限",
        approver="万新街道主任办公会（2025年第8次）",
    )
    for licence in LICENCES:
        item = _establish(admin, agency, _content(
            licence["code"], licence["name"], PowerCategory.LICENSING, "urban", licence["basis"],
            procedure="申请—受理—审查—决定—送达", time_limit=licence["limit"],
        ))  # fmt: skip
        _guide(agency, item, licence)
    _window(agency)


def _guide(agency: Agency, item: PowerItem, licence: dict[str, Any]) -> None:
    guide = ServiceGuide.objects.create(
        agency=agency, power_item=item, code=licence["guide"], name=licence["name"],
        accepting_body=f"{agency.name}（{UNIT}）", legal_basis=licence["basis"],
        conditions=licence["conditions"], time_limit=licence["limit"], fees="不收费",
        channels="万新街道政务服务中心1号窗口（成林道与先锋东路交口）；工作日8:30—12:00，13:30—17:30",
        consultation="022-24390001", complaints="022-24390012；东丽区12345政务服务便民热线",
    )  # fmt: skip
    for order, (name, form, required, sample) in enumerate(licence["materials"]):
        if sample and not default_storage.exists(sample):
            default_storage.save(sample, ContentFile(_sample_pdf(name, licence["name"])))
        GuideMaterial.objects.create(
            guide=guide, order=order, name=name, form=form, required=required, sample_form=sample
        )
    for order, (name, who, days, what) in enumerate(licence["stages"]):
        GuideStage.objects.create(
            guide=guide, order=order, name=name, responsible=who, time_limit_days=days,
            description=what,
        )  # fmt: skip


def _sample_pdf(form_name: str, licence_name: str) -> bytes:
    """A real sample form (样表) for the demo's guide: a one-page PDF with the form's fields."""
    from weasyprint import HTML

    rows = "".join(
        f"<tr><th>{label}</th><td>{example}</td></tr>"
        for label, example in [
            ("申请人（单位）名称", "天津市东丽区某某商贸有限公司"), ("统一社会信用代码", "（18位）"),
            ("法定代表人或负责人", "张某某"), ("联系电话", "（手机或座机）"),
            ("申请事项", licence_name), ("地点、范围和期限", "万新街成林道××号门前，5米×2米，30日"),
        ]
    )  # fmt: skip
    html = (
        '<html lang="zh-hans"><head><meta charset="utf-8"><style>'
        "@page{size:A4;margin:25mm}body{font-family:'Noto Sans CJK SC',sans-serif}"
        "h1{text-align:center;font-size:18pt}table{width:100%;border-collapse:collapse}"
        "th,td{border:1px solid #333;padding:8pt;text-align:left}th{width:35%}"
        f"</style></head><body><h1>{form_name}（样表）</h1><table>{rows}</table>"
        "<p>申请人签字（盖章）：　　　　　　日期：　　年　　月　　日</p></body></html>"
    )
    return bytes(HTML(string=html).write_pdf())


def _window(agency: Agency) -> None:
    window = ServiceWindow.objects.create(
        agency=agency, code="wanxin-window-1", name="1号综合受理窗口",
        location="万新街道政务服务中心一楼大厅", hours="工作日 8:30—12:00，13:30—17:30",
        duties="受理城市道路临时占用、户外广告设置、建筑垃圾处置核准等申请；解答执法事项咨询；"
        "受理投诉举报；提供办理进度查询。",
        consultation_phone="022-24390001", complaint_phone="022-24390012",
        complaint_channel="东丽区12345政务服务便民热线；万新街道纪检监察室（综合楼二层）",
    )  # fmt: skip
    window.guides.set(agency.service_guides.all())
    officers = list(Officer.objects.filter(agency=agency).order_by("pk")[:2])
    for order, (officer, post, duties) in enumerate(
        zip(
            officers,
            ["A岗（在岗）", "B岗（替岗）"],
            ["受理申请、登记、出具回执", "A岗不在时替岗办理"],
            strict=False,
        )
    ):
        WindowPost.objects.create(
            window=window, order=order, post=post, officer=officer, duties=duties
        )
