"""The rules the records app applies to documents (see ``sanxiang.core.rulebook``): who is
named as the reconsideration body, which documents only their step makes, and the page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.core.rulebook import Guards, rule

RECONSIDERATION_BODY = rule(
    "remedy.reconsideration_body",
    statute="《中华人民共和国行政复议法》",
    article="第二十四条",
    words="县级以上地方各级人民政府管辖下列行政复议案件：（一）对本级人民政府工作部门作出的行政"
    "行为不服的；……（三）对本级人民政府依法设立的派出机关作出的行政行为不服的；",
    summary=_(
        "Served documents and the portal name the same reconsideration body, the people's "
        "government the agency belongs to (for a 街道办事处 or a district department: the "
        "district government), never the justice bureau that supervises it."
    ),
    guards=[Guards.DOCUMENT],
    enforced_in=[
        "sanxiang.agencies.reconsideration.reconsideration_body",
        "sanxiang.records.context.document_context",
        "sanxiang.publicity.content.original_text",
    ],
)

STEP_DOCUMENTS = rule(
    "records.step_documents",
    statute="《中华人民共和国民事诉讼法》",
    article="第八十七条",
    words="送达诉讼文书必须有送达回证，由受送达人在送达回证上记明收到日期，签名或者盖章。"
    "受送达人在送达回证上的签收日期为送达日期。",
    summary=_(
        "A proof of service (送达回证) is made only after a decision exists, with the service "
        "method; the case file counts only the proof made when the decision was served."
    ),
    guards=[Guards.DOCUMENT, Guards.TRANSITION],
    enforced_in=[
        "sanxiang.records.documents.generate_document",
        "sanxiang.records.archive.missing_for_archive",
    ],
)

PAPER_SIZE = rule(
    "records.paper_size",
    statute="《党政机关公文格式 GB/T 9704—2012》",
    article="第5.2.1条、第5.2.2条",
    words="公文用纸采用GB/T 148中规定的A4型纸，其成品幅面尺寸为：210mm×297mm。……公文用纸天头"
    "（上白边）为37mm±1mm，公文用纸订口（左白边）为28mm±1mm，版心尺寸为156mm×225mm。",
    summary=_(
        "Generated documents are A4 with the official margins: top 37 mm, binding side 28 mm, "
        "text area 156 by 225 mm."
    ),
    guards=[Guards.DOCUMENT],
    enforced_in=[
        "sanxiang.records.docx_standard.build",
        "sanxiang.records.docx_standard.on_official_page",
    ],
)
