"""Demo cases of 万新街 (``sanxiang load-demo``): two years of cases in every stage.

``STORIES`` is the plan the later demos share: this module files each case and walks it up to
its prior notice (告知) and statement (陈述申辩), with its acts; records adds documents,
evidence and recordings; review submits and reviews; decisions decides, serves, collects and
archives. Everything goes through the services, with past dates given as ``on=``. A story
is found again by its title and filing date, so a second run changes nothing.

Most dates are fixed days in 2025 and 2026 (the annual report of 2025 counts them); a handful
of cases run now, dated from today, so the work list shows their deadlines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from sanxiang.agencies.demo import _resident_id
from sanxiang.agencies.models import Agency, Officer, PowerItem, User
from sanxiang.cases import services
from sanxiang.cases.choices import (
    ActKind,
    CaseSource,
    PartyKind,
    Procedure,
    RulesFlag,
    Transition,
)
from sanxiang.cases.limits import ViolationData
from sanxiang.cases.models import Case

AGENCY = "wanxin"
HANDLERS = ("wx_officer", "wx_officer2")


class Goal:
    """How far a story goes (each later demo takes the part that is its own)."""

    FILED = "filed"
    INVESTIGATION = "investigation"
    NOTIFIED = "notified"
    DEFENCE = "defence"
    TERMINATED = "terminated"  # 不予处罚: closed by the head, then archived
    REVIEW_PENDING = "review_pending"
    RETURNED = "returned"  # 建议修改, waiting for the handler's revision
    ESCALATED = "escalated"  # disagreement before the head
    PASSED = "passed"  # review passed, waiting for the head's decision
    DECIDED = "decided"  # waiting for service
    SERVED = "served"  # in execution: fine unpaid (or part paid)
    CLOSED = "closed"
    ARCHIVED = "archived"


# How far each goal takes the case at this stage of the plan (cases' own part).
BEFORE_REVIEW = {
    Goal.FILED: [],
    Goal.INVESTIGATION: [Transition.START_INVESTIGATION],
    Goal.NOTIFIED: [Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION,
                    Transition.NOTIFY_PARTY],
}  # fmt: skip
FULL_WALK = [
    Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION, Transition.NOTIFY_PARTY,
    Transition.OPEN_DEFENCE,
]  # fmt: skip
# Days after filing on which each step happens (a typical 占道经营 case).
DAY = {
    Transition.START_INVESTIGATION: 1, "act": 2, Transition.CONCLUDE_INVESTIGATION: 16,
    Transition.NOTIFY_PARTY: 18, Transition.OPEN_DEFENCE: 24, "submit": 26, "opinion": 29,
    "resubmit": 33, "reopinion": 35, "decide": 38, "serve": 40, "pay": 49, "close": 55,
    "archive": 62,
}  # fmt: skip


@dataclass(frozen=True)
class Story:
    item: str  # power item code (agencies' demo power list)
    title: str
    facts: str
    place: str
    party: tuple[str, str, int]  # kind, name, seed of the identifier
    filed: dt.date
    goal: str
    fine: int | None = None  # proposed and decided fine (None: a warning)
    procedure: str = Procedure.GENERAL
    paid: str = "full"  # full / part / none (for fines)
    returned_once: bool = False  # the first submission came back for revision
    disputed: bool = False  # the handler disagreed and the head settled it
    recording: bool = False  # an audio recording of the inspection
    source: str = CaseSource.PATROL
    legacy: bool = False  # shown as filed before the violation date was recorded (flagged)

    @property
    def last_day(self) -> dt.date:
        return self.filed + dt.timedelta(days=DAY["archive"])

    def on(self, step: Any) -> dt.date:
        """The date of ``step`` (clamped to today for cases that run now)."""
        return min(self.filed + dt.timedelta(days=DAY[step]), timezone.localdate())


P, C = PartyKind.NATURAL_PERSON, PartyKind.LEGAL_PERSON
G = Goal
D = dt.date
SUMMARY = Procedure.SUMMARY


def _stories() -> list[Story]:
    today = timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    s = Story
    return [
        # 2025: closed and archived cases, the year the annual report covers.
        s("CF-SR-005", "占用成林道人行道摆摊设点", "当事人在成林道与先锋东路交口人行道摆放水果摊位约6平方米，经劝阻未改正。",
          "成林道与先锋东路交口", (P, "王德顺", 101), D(2025, 1, 8), G.ARCHIVED, 600, recording=True),
        s("CF-SR-008", "擅自在万新街道路两侧堆放建筑物料", "当事人在万新街南侧道路堆放砂石约15立方米，未经批准，影响通行。",
          "万新街南侧", (C, "天津市东丽区鑫源建材经营部", 1), D(2025, 2, 17), G.ARCHIVED, 1500),
        s("CF-SR-002", "随意倾倒装修垃圾", "当事人将装修垃圾倾倒于程林公园东侧绿地旁，约2立方米。",
          "程林公园东侧", (P, "刘长海", 102), D(2025, 3, 12), G.ARCHIVED, 100, returned_once=True),
        s("CF-SR-005", "店外摆放商品出店经营", "当事人在其超市门前人行道摆放货架出店经营，占地约8平方米。",
          "先锋东路88号", (C, "天津市东丽区万家福超市", 2), D(2025, 3, 26), G.ARCHIVED, 800, recording=True),
        s("CF-SR-004", "未经批准张贴小广告", "当事人在万新街道多处电线杆、配电箱张贴办证小广告共计46处。",
          "万新街道辖区", (P, "孙立军", 103), D(2025, 4, 9), G.ARCHIVED, 300),
        s("CF-SR-007", "临街工地未设置护栏", "施工单位临街工地未设置围挡，施工物料外露。",
          "津塘路与成林道交口", (C, "天津城建第七工程有限公司", 3), D(2025, 4, 23), G.ARCHIVED, 2000,
          disputed=True),
        s("CF-SR-005", "早市占道经营", "当事人在新立村早市外侧机动车道摆设蔬菜摊位。",
          "新立村早市外侧", (P, "赵秀兰", 104), D(2025, 5, 14), G.ARCHIVED, 200, paid="full"),
        s("CF-SR-006", "擅自设置大型户外广告牌", "当事人在其门店楼顶擅自设置约30平方米户外广告牌，未办理审批。",
          "津塘路216号", (C, "天津市东丽区宏达汽车服务有限公司", 4), D(2025, 6, 4), G.ARCHIVED, 3000,
          recording=True),
        s("CF-SR-009", "损坏果皮箱等环境卫生设施", "当事人驾驶货车倒车时撞毁道路果皮箱2个，未予赔偿修复。",
          "成林道168号", (P, "钱永贵", 105), D(2025, 6, 25), G.ARCHIVED, 400),
        s("CF-SR-010", "运输渣土未覆盖造成遗撒", "当事人运输渣土车辆未覆盖，沿途遗撒约200米。",
          "先锋东路", (C, "天津市东丽区顺通运输有限公司", 5), D(2025, 7, 16), G.ARCHIVED, 1200),
        s("CF-SR-005", "夜市占道烧烤", "当事人在万新街夜市外侧人行道设置烧烤摊位并摆放桌椅。",
          "万新街夜市", (P, "周建华", 106), D(2025, 8, 6), G.ARCHIVED, 900, recording=True),
        s("CF-SR-008", "在公共场地搭建简易棚", "当事人在小区公共场地搭建彩钢简易棚约12平方米。",
          "万新村小区", (P, "吴国庆", 107), D(2025, 8, 27), G.TERMINATED),
        s("CF-SC-001", "超市销售过期食品", "当事人超市货架上销售已过保质期的乳制品12盒。",
          "成林道202号", (C, "天津市东丽区惠民超市", 6), D(2025, 9, 10), G.ARCHIVED, 3000),
        s("CF-SR-002", "向雨水井倾倒餐厨污水", "当事人饭店向门前雨水井倾倒餐厨污水。",
          "成林道96号", (C, "天津市东丽区老味道餐饮店", 7), D(2025, 10, 15), G.ARCHIVED, 150,
          paid="part"),
        s("CF-SR-004", "在公交站亭张贴宣传品", "当事人在公交站亭张贴培训班招生宣传品20余张。",
          "先锋东路公交站", (C, "天津市东丽区启明教育培训学校", 8), D(2025, 11, 5), G.SERVED, 500,
          paid="none"),
        s("CF-SR-005", "占道经营（当场处罚）", "当事人在成林道人行道摆放鲜花摊位，当场查实。",
          "成林道", (P, "郑桂芝", 108), D(2025, 5, 20), G.ARCHIVED, 50, procedure=SUMMARY),
        s("CF-SR-001", "阳台外吊挂有碍市容物品（当场处罚）", "当事人在临街阳台外吊挂腊肉、衣物，经责令未当即改正。",
          "万新村3号楼", (P, "冯德利", 109), D(2025, 9, 2), G.ARCHIVED, 20, procedure=SUMMARY),
        s("CF-SR-003", "在建筑物上涂写（当场处罚）", "当事人在小区外墙涂写广告电话。",
          "先锋里", (P, "陈小龙", 110), D(2025, 12, 3), G.CLOSED, 50, procedure=SUMMARY),
        # 2026: the year in progress.
        s("CF-SR-005", "占用人行道经营早点", "当事人在先锋东路人行道摆放桌椅经营早点。",
          "先锋东路", (P, "韩玉梅", 111), D(2026, 1, 14), G.ARCHIVED, 500),
        s("CF-SR-007", "停工场地未及时整理", "当事人停工工地物料散乱、未覆盖，扬尘明显。",
          "津塘路工地", (C, "天津市东丽区恒基房地产开发有限公司", 9), D(2026, 3, 4), G.CLOSED, 2500,
          recording=True),
        s("CF-SR-009", "损坏公共厕所设施", "当事人醉酒损坏公共厕所洗手台。",
          "成林道公厕", (P, "杨国栋", 112), D(2026, 4, 8), G.SERVED, 600, paid="part"),
        s("CF-SR-006", "擅自设置门头广告", "当事人擅自设置超出门面的广告牌约12平方米。",
          "成林道120号", (C, "天津市东丽区美佳美容美发店", 10), D(2026, 5, 13), G.SERVED, 2500,
          paid="none"),
        s("CF-SR-005", "流动摊贩占道（当场处罚）", "当事人推车在路口占道销售玉米。",
          "万新街路口", (P, "马春生", 113), D(2026, 6, 17), G.ARCHIVED, 50, procedure=SUMMARY),
        s("CF-SR-010", "运输车辆遗撒泥浆", "当事人车辆带泥上路，造成道路污染。",
          "津塘路", (C, "天津市东丽区畅达物流有限公司", 11), D(2026, 7, 22), G.ARCHIVED, 800),
        s("CF-SR-008", "占用绿地堆放杂物", "当事人在绿地内堆放废旧家具等杂物。",
          "程林公园西侧", (P, "许文华", 114), D(2026, 8, 12), G.DECIDED, 300),
        # Running now: their deadlines show on the work list.
        s("CF-SR-005", "占道经营（待立案调查）", "群众举报当事人在小区门口摆摊。",
          "万新村东门", (P, "何春燕", 115), ago(3), G.FILED, source=CaseSource.COMPLAINT),
        s("CF-SR-004", "张贴小广告（调查中）", "巡查发现当事人张贴开锁小广告。",
          "成林道沿线", (P, "林志强", 116), ago(20), G.INVESTIGATION, legacy=True),
        s("CF-SR-008", "道路两侧堆放物料（将近办案期限）", "当事人在先锋东路两侧堆放建材。",
          "先锋东路", (C, "天津市东丽区广厦装饰工程有限公司", 12), ago(84), G.INVESTIGATION,
          legacy=True),
        s("CF-SR-002", "倾倒垃圾（已告知）", "当事人向河道边倾倒生活垃圾。",
          "新立河沿岸", (P, "罗建新", 117), ago(22), G.NOTIFIED, 100),
        s("CF-SR-001", "阳台外堆放杂物（陈述申辩中）", "当事人在临街阳台外堆放纸箱杂物，经责令未改正。",
          "万新村5号楼", (P, "齐宝林", 120), ago(27), G.DEFENCE, 50),
        s("CF-SR-007", "工地未遮挡（审核中）", "当事人临街工地围挡破损未修复。",
          "成林道工地", (C, "天津市东丽区安居建设有限公司", 13), ago(29), G.REVIEW_PENDING, 1500),
        s("CF-SR-006", "擅自设置广告牌（退回修改）", "当事人擅自设置落地广告牌。",
          "津塘路88号", (C, "天津市东丽区一品餐饮有限公司", 14), ago(34), G.RETURNED, 2000),
        s("CF-SR-010", "渣土遗撒（意见分歧）", "当事人渣土车辆遗撒。",
          "成林道", (C, "天津市东丽区联运渣土运输有限公司", 15), ago(36), G.ESCALATED, 1500),
        s("CF-SR-009", "损坏垃圾桶（待决定）", "当事人损坏分类垃圾桶3个。",
          "万新村", (P, "谢福来", 118), ago(34), G.PASSED, 300),
        s("CF-SR-005", "出店经营（待送达）", "当事人在店外摆放冰柜经营。",
          "先锋东路66号", (P, "唐丽华", 119), ago(41), G.DECIDED, 400),
        s("CF-SR-004", "张贴宣传品（罚款未缴）", "当事人张贴楼盘宣传品。",
          "成林道", (C, "天津市东丽区佳和房产经纪有限公司", 16), ago(52), G.SERVED, 600,
          paid="none"),
    ]  # fmt: skip


def stories() -> list[Story]:
    """The stories whose every step lies in the past (all of them, on any day after 2026)."""
    today = timezone.localdate()
    return [s for s in _stories() if s.filed <= today]


REPRESENTATIVES = ["张国强", "李红梅", "王海涛", "刘军", "陈亮", "杨波", "赵刚", "黄磊"]


def party_data(story: Story) -> services.PartyData:
    kind, name, seed = story.party
    if kind == PartyKind.NATURAL_PERSON:
        return services.PartyData(
            kind=kind, name=name, id_number=_resident_id(seed - 80),  # after the officers' seeds
            address=f"天津市东丽区{story.place}", phone=f"139{seed:08d}",
        )  # fmt: skip
    body = f"91120110MA0{seed:05d}X"
    return services.PartyData(
        kind=kind, name=name, uscc=body + stdnum_uscc.calc_check_digit(body),
        legal_representative=REPRESENTATIVES[seed % len(REPRESENTATIVES)], address=f"天津市东丽区{story.place}",
    )  # fmt: skip


def agency() -> Agency | None:
    return Agency.objects.filter(code=AGENCY).first()


def handlers() -> tuple[User, User]:
    first, second = (User.objects.get(username=name) for name in HANDLERS)
    return first, second


def find(story: Story) -> Case | None:
    return Case.objects.filter(agency__code=AGENCY, title=story.title, filed_on=story.filed).first()


def lead_of(case: Case) -> User:
    """The lead handler's login (the one who acts for the handling unit in the demo)."""
    link = case.case_officers.select_related("officer__user").filter(is_lead=True).first()
    assert link is not None and link.officer.user is not None
    return link.officer.user


def at(day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _officers(index: int) -> tuple[User, list[Officer]]:
    first, second = handlers()
    lead = first if index % 2 == 0 else second
    assert lead.officer is not None and first.officer and second.officer
    return lead, [first.officer, second.officer]


def _open(story: Story, index: int, item: PowerItem) -> Case:
    lead, officers = _officers(index)
    assert lead.officer is not None
    # 行政处罚法 第三十六条: found on the day of the act on the spot, else a few days after it.
    days = 0 if story.procedure == Procedure.SUMMARY else 2
    case = services.open_case(
        actor=lead, power_item=item, procedure=Procedure(story.procedure), title=story.title,
        source=CaseSource(story.source), filed_on=story.filed, officers=officers,
        lead=lead.officer, parties=[party_data(story)], facts=story.facts, place=story.place,
        violation=ViolationData(committed_on=story.filed - dt.timedelta(days=days)),
    )  # fmt: skip
    if story.legacy:
        # A case as migration cases 0005 finds one filed before the rule: no violation date,
        # flagged for the head to complete (the demo's only write outside the services).
        Case.objects.filter(pk=case.pk).update(
            violation_on=None, rules_flags=[RulesFlag.VIOLATION_DATE_MISSING]
        )
        case.refresh_from_db()
    return case


def _act(case: Case, story: Story, lead: User, officers: list[Officer]) -> None:
    summary = story.procedure == Procedure.SUMMARY
    day = story.filed if summary else story.on("act")
    act = services.record_act(
        actor=lead, case=case, kind=ActKind.ON_THE_SPOT_PENALTY if summary else ActKind.INSPECTION,
        started_at=at(day), place=story.place, officers=officers,
        summary="执法人员出示执法证件，现场检查并拍照取证：" + story.facts,
        outcome="当场责令改正" if summary else "制作现场检查笔录，责令当事人限期改正",
    )  # fmt: skip
    services.complete_act(actor=lead, act=act, ended_at=at(day, 10, 10))


def _walk(case: Case, story: Story, lead: User, head: User) -> Case:
    if story.procedure == Procedure.SUMMARY:
        return services.transition_case(
            actor=lead, case=case, transition=Transition.DECIDE_ON_THE_SPOT, on=story.filed
        )
    if story.goal == Goal.TERMINATED:
        case = services.transition_case(
            actor=lead, case=case, transition=Transition.START_INVESTIGATION,
            on=story.on(Transition.START_INVESTIGATION),
        )  # fmt: skip
        return services.transition_case(
            actor=head, case=case, transition=Transition.TERMINATE,
            on=story.on(Transition.CONCLUDE_INVESTIGATION),
            reason="当事人已于调查期间自行拆除并恢复原状，违法行为轻微并及时改正，没有造成危害后果，"
            "依据《中华人民共和国行政处罚法》第三十三条第一款不予行政处罚。",
        )  # fmt: skip
    for transition in BEFORE_REVIEW.get(story.goal, FULL_WALK):
        case = services.transition_case(
            actor=lead, case=case, transition=transition, on=story.on(transition)
        )
    return case


def load(*, stdout: Any) -> None:
    wanxin = agency()
    if wanxin is None:
        return
    head = User.objects.get(username="wx_head")
    items = {item.code: item for item in PowerItem.objects.filter(agency=wanxin)}
    made = 0
    for index, story in enumerate(stories()):
        if find(story) is not None:
            continue
        lead, officers = _officers(index)
        case = _open(story, index, items[story.item])
        if story.goal != Goal.FILED:
            _act(case, story, lead, officers)
        _walk(case, story, lead, head)
        made += 1
    stdout.write(f"演示案件：新建 {made} 件（共 {len(stories())} 件，处于各个阶段）。")
