"""The standard set of document templates (标准文书模板), built in code as Word files.

Each placeholder is written in one run, so Word never splits it (docxtpl needs it whole);
the East-Asian font is set on every style (w:eastAsia), or Chinese falls back to a Latin
font in Word and LibreOffice. An agency adapts a template by downloading it, editing it in
Word and uploading it (records.documents.upload_template checks it).
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sanxiang.records.choices import DocumentType

# GB/T 9704—2012 第5.2条: A4 (210 × 297 mm); 天头 (top) 37 mm, 订口 (binding, left) 28 mm,
# text area 156 × 225 mm, so the right margin is 26 mm and the bottom 35 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)

FONT = "宋体"
TITLE_FONT = "黑体"

PARTY = (
    "当事人：{{ party.name }}　{{ party.id_label }}：{{ party.identifier }}\n"
    "{% if party.legal_representative %}法定代表人：{{ party.legal_representative }}　{% endif %}"
    "地址：{{ party.address }}"
)
OFFICERS = (
    "执法人员：{% for o in officers %}{{ o.name }}（执法证号 {{ o.credential }}）"
    "{% if not loop.last %}、{% endif %}{% endfor %}"
)
ACT = "时间：{{ act.time }}　地点：{{ act.place }}"
SIGN = "当事人（签名）：　　　　　　　执法人员（签名）：\n\n{{ document.date }}"
SEAL = "{{ agency.name }}（印章）\n{{ document.date }}"
REMEDY = (
    "如不服本决定，可以在收到本决定书之日起六十日内向{{ agency.superior }}申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
# 行政复议法 (2023) 第二十三条第一款第一项、第二款: against an on-the-spot penalty the party
# applies for reconsideration first, and the agency must say so; no direct lawsuit.
SUMMARY_REMEDY = (
    "当事人对当场作出的行政处罚决定不服的，应当先向行政复议机关申请行政复议：可以在收到本决定书"
    "之日起六十日内向{{ agency.reconsideration_body }}申请行政复议；对行政复议决定不服的，可以自收到行政复议"
    "决定书之日起十五日内依法向人民法院提起行政诉讼（《中华人民共和国行政复议法》第二十三条）。"
)

# The head's approval as given in the system (records.context.approvals), else blank lines.
APPROVAL = (
    "负责人审批意见：{{ approvals.KIND.opinion }}\n"
    "负责人（签名）：{{ approvals.KIND.name }}　　日期：{{ approvals.KIND.date }}"
)
# The revision of a standard template that stored versions must have reached; an older stored
# standard version (e.g. one printing "同意立案" though nobody approved) is replaced.
REVISIONS: dict[str, int] = {DocumentType.FILING_APPROVAL: 2, DocumentType.CLOSING_APPROVAL: 2}
# 2: every item of 行政处罚法 第五十二条, and reconsideration first (行政复议法 第二十三条).
REVISIONS[DocumentType.SUMMARY_DECISION] = 2
# 2: the deemed-service date of a public notice (民事诉讼法 第九十五条).
REVISIONS[DocumentType.SERVICE_RECEIPT] = 2
# 2: the notices print the notice record and its periods (行政处罚法 第四十四条; review B5).
for _notice_type in (DocumentType.PENALTY_NOTICE, DocumentType.HEARING_NOTICE,
                     DocumentType.HEARING_RECORD):  # fmt: skip
    REVISIONS[_notice_type] = 2
# The prior notice's proposal and rights (行政处罚法 第四十四条、第六十三条、第六十四条), with
# the periods the notice told the party (cases.party_rights enforces the same).
PROPOSED = (
    "依据{{ notice.legal_basis or case.legal_basis }}，本机关拟对你（单位）作出如下行政处罚："
    "{{ notice.content }}{% if notice.penalty %}（处罚种类：{{ notice.penalty }}"
    "{% if notice.fine %}；罚款{{ notice.fine }}元{% endif %}"
    "{% if notice.confiscated_gains %}；没收违法所得{{ notice.confiscated_gains }}元{% endif %}"
    "{% if notice.confiscated_property %}；没收非法财物价值{{ notice.confiscated_property }}元"
    "{% endif %}）{% endif %}"
)
HEARING_RIGHT = (
    "{% if notice.hearing_right %}根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定"
    "（{{ notice.hearing_grounds }}），你（单位）有权要求听证，应当在收到本告知书之日起"
    "{{ notice.hearing_days }}个工作日内提出；逾期未提出的，视为放弃听证权利。本机关将在举行"
    "听证的七日前通知你（单位）听证的时间、地点。{% endif %}"
)

# (title, body paragraphs); each paragraph may hold several lines.
SPECS: dict[str, tuple[str, list[str]]] = {
    DocumentType.FILING_APPROVAL: ("立案审批表", [
        "案由：{{ case.title }}", "案件来源：{{ case.source }}", PARTY,
        "权责事项：{{ case.power_item }}（{{ case.category }}）　程序：{{ case.procedure }}",
        "简要案情：{{ case.facts }}", "承办人意见：建议立案调查。承办人：{{ officers_names }}",
        APPROVAL.replace("KIND", "filing"), "立案日期：{{ case.filed_on }}",
    ]),
    DocumentType.INSPECTION_RECORD: ("现场检查笔录", [
        ACT, PARTY, OFFICERS,
        "执法人员出示执法证件，告知当事人依法享有陈述、申辩和申请回避的权利。",
        "检查情况：{{ act.summary }}", "检查结果：{{ act.outcome }}", SIGN,
    ]),
    DocumentType.INQUIRY_RECORD: ("询问笔录", [
        ACT, "被询问人：{{ party.name }}　{{ party.id_label }}：{{ party.identifier }}", OFFICERS,
        "问：我们是{{ agency.name }}的执法人员，现依法向你了解有关情况，你应当如实回答。"
        "你有申请回避的权利，是否申请回避？\n答：不申请。",
        "询问内容：{{ act.summary }}", "以上笔录我已看过，与我所说的一致。", SIGN,
    ]),
    DocumentType.RECTIFICATION_ORDER: ("责令改正通知书", [
        "{{ party.name }}：",
        "经查，你（单位）{{ case.title }}，违反了{{ case.legal_basis }}的规定。"
        "现责令你（单位）立即改正上述违法行为。", SEAL,
    ]),
    DocumentType.SEIZURE_DECISION: ("查封扣押决定书", [
        "{{ party.name }}：",
        "因你（单位）{{ case.title }}，依据《中华人民共和国行政强制法》第二十二条、第二十三条"
        "及{{ case.legal_basis }}，本机关决定对下列场所、设施或者财物予以查封扣押，"
        "期限为三十日（行政强制法第二十五条）：{{ act.outcome }}", REMEDY, SEAL,
    ]),
    DocumentType.PENALTY_NOTICE: ("行政处罚事先告知书", [
        "{{ party.name }}：",
        "经查，你（单位）{{ notice.facts or case.facts }}",
        "本机关认为：{{ notice.reasons }}", PROPOSED,
        "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、"
        "申辩的权利，可在收到本告知书之日起{{ notice.statement_days }}个工作日内向本机关提出"
        "陈述、申辩；逾期未提出的，视为放弃此权利。", HEARING_RIGHT, SEAL,
    ]),
    DocumentType.HEARING_NOTICE: ("行政处罚听证告知书", [
        "{{ party.name }}：",
        "本机关对你（单位）{{ case.title }}一案，经查：{{ notice.facts or case.facts }}",
        "本机关认为：{{ notice.reasons }}", PROPOSED, HEARING_RIGHT,
        "你（单位）同时享有陈述、申辩的权利，可在收到本告知书之日起{{ notice.statement_days }}"
        "个工作日内向本机关提出。", SEAL,
    ]),
    DocumentType.HEARING_RECORD: ("听证笔录", [
        "案由：{{ case.title }}　案号：{{ case.number }}",
        "听证时间：{{ hearing.time or act.time }}　听证地点：{{ hearing.place or act.place }}",
        "听证主持人：{{ hearing.presiding }}（非本案调查人员）　"
        "听证通知日期：{{ hearing.notified_on }}",
        PARTY, "本案调查人员：{{ officers_names }}",
        "拟作出的行政处罚：{{ notice.content }}",
        "听证情况：{{ hearing.summary or act.summary }}", "听证结论：{{ act.outcome }}", SIGN,
    ]),
    DocumentType.PENALTY_DECISION: ("行政处罚决定书", [
        PARTY, "经查，你（单位）{{ decision.facts or case.title }}",
        "以上事实有{{ evidence_summary }}等证据为证。",
        "依据{{ decision.legal_basis or case.legal_basis }}，{{ decision.discretion }}"
        "本机关决定：{{ decision.content }}",
        "{% if decision.fine %}罚款{{ decision.fine }}元，自收到本决定书之日起十五日内缴至指定银行"
        "（行政处罚法第六十七条），到期不缴纳的，每日按罚款数额的百分之三加处罚款（第七十二条）。"
        "{% endif %}", REMEDY, SEAL,
    ]),
    # 行政处罚法 第五十二条 (rule penalty.summary.decision_form): every item the article lists;
    # 行政复议法 第二十三条 (penalty.summary.reconsideration_first): reconsideration first.
    DocumentType.SUMMARY_DECISION: ("当场行政处罚决定书", [
        PARTY,
        "时间：{{ decision.time or act.time }}　地点：{{ decision.place or act.place }}",
        "执法人员已向当事人出示执法证件。" + OFFICERS,
        "违法行为：{{ decision.facts or case.title }}",
        "行政处罚的种类：{{ decision.penalty_types }}",
        "行政处罚的依据：{{ decision.legal_basis or case.legal_basis }}及《中华人民共和国行政处罚法》"
        "第五十一条、第五十二条",
        "当场作出行政处罚决定：{{ decision.content }}",
        "{% if decision.fine %}罚款数额：{{ decision.fine }}元，自收到本决定书之日起十五日内缴至"
        "指定银行（行政处罚法第六十七条）。{% endif %}",
        SUMMARY_REMEDY,
        "行政机关名称：{{ agency.name }}（印章）",
        "当事人（签名）：　　　　　　　执法人员（签名或者盖章）：\n\n{{ document.date }}",
        "本决定书已当场交付当事人。当事人拒绝签收的，执法人员在此注明：",
    ]),
    DocumentType.ENFORCEMENT_DECISION: ("行政执法决定书", [
        PARTY, "经查：{{ decision.facts or case.title }}",
        "依据{{ decision.legal_basis or case.legal_basis }}，本机关决定：{{ decision.content }}",
        REMEDY, SEAL,
    ]),
    DocumentType.SERVICE_RECEIPT: ("送达回证", [
        "受送达人：{{ party.name }}",
        "送达文书：{{ service.document or case.number + '案相关文书' }}",
        "送达方式：{{ service.method or act.service_method }}　"
        "送达地点：{{ service.place or act.place }}　送达时间：{{ service.date or act.time }}"
        "{% if service.deemed_date %}（视为送达日期：{{ service.deemed_date }}）{% endif %}",
        "受送达人（签收）：{{ service.recipient }}　　送达人：{{ officers_names }}",
        "{{ document.date }}",
    ]),
    DocumentType.CLOSING_APPROVAL: ("结案审批表", [
        "案号：{{ case.number }}　案由：{{ case.title }}", PARTY,
        "处理结果及执行情况：{{ case.stage }}", "承办人意见：建议结案。承办人：{{ officers_names }}",
        APPROVAL.replace("KIND", "closing"), "{{ document.date }}",
    ]),
    DocumentType.EXTENSION_APPROVAL: ("延期审批表", [
        "案号：{{ case.number }}　案由：{{ case.title }}", PARTY, "立案日期：{{ case.filed_on }}",
        "{% for x in extensions %}延长事项：{{ x.kind }}　延长{{ x.days }}日\n"
        "依据：{{ x.legal_basis }}（该规定允许延长{{ x.allowed_days }}日）\n"
        "理由：{{ x.reason }}\n{% else %}（本案没有延长期限。）{% endfor %}",
        "承办人：{{ officers_names }}",
        APPROVAL.replace("KIND", "extension"), "{{ document.date }}",
    ]),
    DocumentType.EVIDENCE_LIST: ("证据清单", [
        "案号：{{ case.number }}　案由：{{ case.title }}",
        "{% for e in evidence %}{{ loop.index }}. {{ e.kind }}：{{ e.title }}"
        "（{{ e.date }}，哈希 {{ e.digest }}）\n{% endfor %}",
        "制作人：{{ officers_names }}　{{ document.date }}",
    ]),
}  # fmt: skip


def _set_fonts(document: DocxDocument) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _run(paragraph: object, text: str, *, size: int = 12, bold: bool = False, font: str = FONT):
    run = paragraph.add_run(text)  # type: ignore[attr-defined]
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _set_page(document: DocxDocument) -> None:
    """A4 with the official margins (records.paper_size, GB/T 9704—2012 第5.2条)."""
    for section in document.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.left_margin = TOP, LEFT
        section.right_margin = Mm(210 - 28 - 156)  # 26 mm
        section.bottom_margin = Mm(297 - 37 - 225)  # 35 mm


def on_official_page(data: bytes) -> bytes:
    """``data`` (a .docx) with every section set on the official page."""
    document = WordDocument(io.BytesIO(data))
    _set_page(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(doc_type: str) -> bytes:
    """The standard template of ``doc_type`` as .docx bytes (A4, GB/T 9704 margins)."""
    title, body = SPECS[doc_type]
    document = WordDocument()
    _set_page(document)
    _set_fonts(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, "{{ agency.name }}", size=16, font=TITLE_FONT)
    name = document.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(name, title, size=22, bold=True, font=TITLE_FONT)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(number, "{{ document.number }}")
    for text in body:
        paragraph = document.add_paragraph()
        for index, line in enumerate(text.split("\n")):
            if index:
                paragraph.add_run().add_break()
            _run(paragraph, line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
