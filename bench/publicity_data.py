"""Generated published decisions for the publicity search benchmark (bulk SQL, no ORM).

Realistic records: a 文号, a party (a person's full name, Zipf-like surnames, or a company),
a type of violation and a published text of 150–300 characters built from the phrases
agencies write, with street names, dates and amounts. Used by ``publicity_search.py``.
"""

from __future__ import annotations

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Common surnames come up more often (the first ten cover about 40% of people).
SURNAME_POOL = SURNAMES[:10] * 8 + SURNAMES[10:30] * 3 + SURNAMES[30:]
GIVEN = list(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国德明志强海波永庆文斌宏伟春梅立新丽华晓东"
)
STREETS = ["成林道", "先锋东路", "万新街", "津塘公路", "卫国道", "跃进路", "雪莲南路", "程林公园",
           "金桥街", "新立村", "东丽大道", "机场大道", "登州路", "昆俞路", "驯海路", "利津路",
           "华明大道", "军粮城", "张贵庄路", "詹滨西路"]  # fmt: skip
VIOLATIONS = [
    ("占道经营", "在道路两侧占道经营水果摊"), ("占道经营", "占用人行道摆放烧烤摊位"),
    ("店外经营", "超出门窗在店外经营餐饮"), ("油烟污染", "露天烧烤产生油烟污染周边居民"),
    ("噪声扰民", "夜间施工产生噪声扰民"), ("违法设置广告", "未经批准擅自设置户外广告牌"),
    ("渣土撒漏", "运输渣土车辆未密闭造成道路撒漏"), ("乱倒垃圾", "随意倾倒建筑垃圾"),
    ("违法建设", "未取得建设工程规划许可证擅自建设"), ("无照经营", "未依法取得营业执照从事经营"),
    ("食品安全", "经营超过保质期的食品"), ("消防安全", "占用堵塞消防通道"),
    ("乱贴乱画", "在建筑物上张贴小广告"), ("损坏绿地", "擅自占用城市绿地堆放物料"),
    ("违规停放", "非机动车违规停放占用盲道"),
]  # fmt: skip
PHRASES = [
    "执法人员当场责令改正", "经劝阻拒不改正", "当事人对违法事实无异议", "有现场照片和询问笔录为证",
    "违法情节一般", "当事人配合调查并及时改正", "按一般阶次裁量", "经集体讨论决定",
    "当事人未在规定期限内提出陈述申辩", "已告知当事人享有的权利", "执法人员出示了执法证件",
    "当事人系初次违法", "造成了一定的社会影响", "周边群众多次投诉", "现场检查笔录经当事人签字确认",
    "依法予以立案调查", "当事人已缴纳罚款", "责令限期拆除", "没收违法所得", "占用面积约六平方米",
]  # fmt: skip
COMPANY_WORDS = ["鑫源", "宏达", "华盛", "金桥", "东丽", "恒通", "顺达", "万家", "盛世", "利民",
                 "同和", "福瑞", "天宇", "海河", "津东", "永兴", "新城", "嘉禾", "润丰", "博远"]  # fmt: skip
COMPANY_KINDS = ["餐饮有限公司", "商贸有限公司", "建筑工程有限公司", "物流有限公司", "便利店",
                 "食品店", "装饰工程有限公司", "广告有限公司"]  # fmt: skip


def _array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str]) -> str:
    return f"({_array(values)})[1 + floor(random() * {len(values)})::int]"


def insert_sql(first: int, last: int, *, agency_id: int, case_id: int, user_id: int) -> str:
    """Decisions first..last and their published publications, in one statement."""
    person = f"{_pick(SURNAME_POOL)} || {_pick(GIVEN)} || CASE WHEN random() < 0.6 THEN {_pick(GIVEN)} ELSE '' END"
    company = f"'天津市东丽区' || {_pick(COMPANY_WORDS)} || {_pick(COMPANY_WORDS)} || {_pick(COMPANY_KINDS)}"
    kinds = _array([v[0] for v in VIOLATIONS])
    facts = _array([v[1] for v in VIOLATIONS])
    phrases = " || '，' || ".join(_pick(PHRASES) for _ in range(5))
    return f"""
WITH d AS (
  INSERT INTO decisions_decision (number, category, facts, content, penalty_types, legal_basis,
    discretion_reasoning, collective_discussion, decided_on, review_required, status,
    payment_status, licensing_outcome, created_at, agency_id, case_id, decided_by_id)
  SELECT '东丽基准罚决〔' || (2024 + i % 3) || '〕' || i || '号', 'penalty', '', '罚款', '["fine"]',
    '', '', '', date '2024-01-01' + (i % 1000), false, 'in_force', 'paid', '', now(),
    {agency_id}, {case_id}, {user_id}
  FROM generate_series({first}, {last}) AS i
  RETURNING id, number, decided_on
), p AS (
  SELECT d.*, CASE WHEN random() < 0.7 THEN {person} ELSE {company} END AS party,
    1 + floor(random() * {len(VIOLATIONS)})::int AS v, {_pick(STREETS)} AS street,
    (1 + floor(random() * 50)) * 100 AS fine, {phrases} AS tail
  FROM d
), t AS (
  SELECT p.*, ({kinds})[v] AS violation,
    '经查，当事人' || party || '于' || to_char(decided_on - 20, 'YYYY年FMMM月FMDD日') || '在' || street
    || ({facts})[v] || '，' || tail || '。以上事实有现场检查笔录、询问笔录、现场照片等证据证实。'
    || '依据有关法律法规规定，决定给予罚款人民币' || fine || '元的行政处罚。' AS body
  FROM p
)
INSERT INTO publicity_publication (public_id, status, category, due_on, number, party_name,
  party_category, party_code, violation, conclusion, agency_name, decided_on, fields,
  original_text, redacted_text, redactions, original_hash, redacted_hash, search_text,
  display_until, policy, published_at, refusal_reason, withdrawal_reason, created_at,
  agency_id, decision_id)
SELECT substr(md5(number), 1, 16), 'published', 'penalty', decided_on + 10, number, party,
  'natural_person', '', violation, '罚款人民币' || fine || '元', '东丽区人民政府万新街道办事处',
  decided_on, '{{}}', '', body, '[]', '', '', number || ' ' || party || ' ' || violation || ' ' || body,
  date '2030-12-31', '{{}}', now(), '', '', now(), {agency_id}, id
FROM t
"""
