"""What a document template can say: the context a document is filled with.

Templates name these fields (see docx_standard.py); ``sample_context`` has every one of
them, so that checking a template on upload catches a misspelt placeholder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sanxiang.agencies.reconsideration import reconsideration_body
from sanxiang.cases import party_rights
from sanxiang.cases.choices import ApprovalKind, PartyKind
from sanxiang.cases.models import Act, Case, CaseApproval, Hearing, Party, PriorNotice


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _party(party: Party) -> dict[str, str]:
    natural = party.kind == PartyKind.NATURAL_PERSON
    return {
        "name": party.name, "kind": party.get_kind_display(), "identifier": party.identifier,
        "id_label": "身份证号码" if natural else "统一社会信用代码",
        "legal_representative": party.legal_representative, "address": party.address or "—",
    }  # fmt: skip


def _act(act: Act | None) -> dict[str, str]:
    if act is None:
        return dict.fromkeys(("kind", "time", "place", "summary", "outcome", "service_method"), "")
    start = timezone.localtime(act.started_at)
    return {
        "kind": act.get_kind_display(), "time": f"{chinese_date(start.date())} {start:%H:%M}",
        "place": act.place, "summary": act.summary, "outcome": act.outcome or "",
        "service_method": act.get_service_method_display() if act.service_method else "",
    }  # fmt: skip


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals (五, 十五, 二十): periods as the law writes them."""
    tens, units = divmod(n, 10)
    if not 0 < n < 100:
        return str(n)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[units] if units else "")


def _money(value: Any) -> str:
    return f"{value:,.2f}" if value is not None else ""


# The prior notice (行政处罚法 第四十四条) and the hearing (第六十四条) as documents print them;
# the periods are those the notice told the party, which the system enforces (cases.party_rights).
NOTICE_FIELDS = ("content", "penalty", "fine", "confiscated_gains", "confiscated_property",
                 "facts", "reasons", "legal_basis", "date", "method", "statement_days",
                 "hearing_right", "hearing_days", "hearing_grounds")  # fmt: skip
HEARING_FIELDS = ("time", "place", "presiding", "notified_on", "held_on", "summary")


def notice_fields(notice: PriorNotice | None) -> dict[str, str]:
    if notice is None:
        return dict.fromkeys(NOTICE_FIELDS, "")
    return {
        "content": notice.content, "penalty": notice.get_penalty_types_display(),
        "fine": _money(notice.fine), "confiscated_gains": _money(notice.confiscated_gains),
        "confiscated_property": _money(notice.confiscated_property), "facts": notice.facts,
        "reasons": notice.reasons, "legal_basis": notice.legal_basis,
        "date": chinese_date(notice.notified_on), "method": notice.get_method_display(),
        "statement_days": chinese_number(notice.statement_working_days),
        "hearing_right": "是" if notice.hearing_right else "",
        "hearing_days": chinese_number(notice.hearing_request_working_days),
        "hearing_grounds": "；".join(notice.hearing_grounds),
    }  # fmt: skip


def hearing_fields(hearing: Hearing | None) -> dict[str, str]:
    if hearing is None:
        return dict.fromkeys(HEARING_FIELDS, "")
    start = timezone.localtime(hearing.scheduled_at)
    return {
        "time": f"{chinese_date(start.date())} {start:%H:%M}", "place": hearing.place,
        "presiding": hearing.presiding, "notified_on": chinese_date(hearing.party_notified_on),
        "held_on": chinese_date(hearing.held_on) if hearing.held_on else "",
        "summary": hearing.record_summary,
    }  # fmt: skip


def _hearing(case: Case) -> Hearing | None:
    """The hearing held last, else the one scheduled last."""
    held = case.hearings.filter(held_on__isnull=False).order_by("-held_on", "-pk").first()
    return held or case.hearings.order_by("-pk").first()


def evidence_rows(case: Case) -> list[dict[str, str]]:
    """Every recording, document and evidence item of the case, for the 证据清单."""
    from sanxiang.records.models import Document, Recording

    rows = [
        {"kind": "音像记录", "title": r.proves, "digest": r.digest[:16],
         "date": chinese_date(timezone.localtime(r.collected_at).date())}
        for r in Recording.objects.filter(case=case)
    ]  # fmt: skip
    rows += [
        {"kind": "文书", "title": f"{d.get_doc_type_display()} {d.number}", "digest": d.digest[:16],
         "date": chinese_date(timezone.localtime(d.generated_at).date())}
        for d in Document.objects.filter(case=case)
    ]  # fmt: skip
    for provider in EVIDENCE_PROVIDERS:
        rows += provider(case)
    return rows


EVIDENCE_PROVIDERS: list[Any] = []

# Filled in by the decisions app when it makes the decision and serves it (records cannot
# import decisions): what the decision says, and how and to whom it was served.
APPROVAL_FIELDS = ("opinion", "name", "date")
DECISION_FIELDS: tuple[str, ...] = (
    "number", "facts", "content", "legal_basis", "discretion", "fine", "date",
)  # fmt: skip
# What an on-the-spot decision adds (行政处罚法 第五十二条): penalty types, time and place.
DECISION_FIELDS += ("penalty_types", "time", "place")
SERVICE_FIELDS = ("document", "method", "date", "place", "recipient", "deemed_date")


def approvals(case: Case) -> dict[str, dict[str, str]]:
    """The head's approvals actually given (cases.CaseApproval), by kind; blank when none.

    An approval form prints who approved, what and when, never an approval nobody gave.
    """
    found = {kind.value: dict.fromkeys(APPROVAL_FIELDS, "") for kind in ApprovalKind}
    rows = CaseApproval.objects.filter(case=case).select_related("approved_by")
    for row in rows.order_by("approved_at", "pk"):  # the latest extension wins
        user = row.approved_by
        found[row.kind] = {
            "opinion": row.opinion, "name": user.get_full_name() or user.get_username(),
            "date": chinese_date(row.approved_on),
        }  # fmt: skip
    return found


EXTENSION_FIELDS = ("kind", "days", "legal_basis", "allowed_days", "reason")


def extension_rows(case: Case) -> list[dict[str, str]]:
    """The case's approved extensions of its time limits (延期), oldest first."""
    return [
        {"kind": row.get_kind_display(), "days": str(row.days), "legal_basis": row.legal_basis,
         "allowed_days": str(row.allowed_days or ""), "reason": row.reason}
        for row in case.extensions.order_by("approved_at", "pk")
    ]  # fmt: skip


def document_context(
    case: Case, act: Act | None, *, number: str, on: dt.date, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    agency = case.agency
    parties = [link.party for link in case.case_parties.select_related("party")]
    officers = [
        {"name": link.officer.name, "credential": _credential(link.officer, on)}
        for link in case.case_officers.select_related("officer")
    ]
    evidence = evidence_rows(case)
    # 行政复议法 第二十四条: the government, as the portal says (never the justice bureau).
    body = reconsideration_body(agency)
    return {
        "agency": {"name": agency.name, "short_name": agency.short_name, "superior": body,
                   "reconsideration_body": body},
        "case": {
            "number": case.number, "title": case.title, "facts": case.facts or "",
            "place": case.place, "filed_on": chinese_date(case.filed_on),
            "procedure": case.get_procedure_display(), "category": case.get_category_display(),
            "power_item": case.power_item.name, "legal_basis": case.power_item.legal_basis,
            "source": case.get_source_display(), "stage": case.get_stage_display(),
        },
        "parties": [_party(p) for p in parties],
        "party": _party(parties[0]) if parties else _party(Party(name="", kind="")),
        "officers": officers,
        "officers_names": "、".join(o["name"] for o in officers),
        "act": _act(act or case.acts.order_by("-started_at").first()),
        "evidence": evidence,
        "evidence_summary": "、".join(e["kind"] + e["title"][:20] for e in evidence[:5]) or "现场检查笔录",
        "document": {"number": number, "date": chinese_date(on)},
        "decision": dict.fromkeys(DECISION_FIELDS, ""),
        "service": dict.fromkeys(SERVICE_FIELDS, ""),
        "approvals": approvals(case),
        "extensions": extension_rows(case),
        "notice": notice_fields(party_rights.latest_notice(case)),
        "hearing": hearing_fields(_hearing(case)),
        **(extra or {}),
    }  # fmt: skip


def _credential(officer: Any, on: dt.date) -> str:
    credential = officer.current_credential(on)
    return credential.number if credential else ""


def sample_context() -> dict[str, Any]:
    """Every field a template may name, with sample values (for checking uploads)."""
    party = {
        "name": "张三", "kind": "自然人", "identifier": "120110198506150017",
        "id_label": "身份证号码", "legal_representative": "", "address": "万新街1号",
    }  # fmt: skip
    return {
        "agency": {"name": "某街道办事处", "short_name": "某街", "superior": "某区人民政府",
                   "reconsideration_body": "某区人民政府"},
        "case": dict.fromkeys(
            ("number", "title", "facts", "place", "filed_on", "procedure", "category",
             "power_item", "legal_basis", "source", "stage"), "示例",
        ),
        "parties": [party], "party": party,
        "officers": [{"name": "王五", "credential": "12000000001"}], "officers_names": "王五",
        "act": dict.fromkeys(("kind", "time", "place", "summary", "outcome", "service_method"), "示例"),
        "evidence": [{"kind": "文书", "title": "示例", "digest": "0" * 16, "date": "2026年1月1日"}],
        "evidence_summary": "示例",
        "document": {"number": "某街罚决〔2026〕1号", "date": "2026年1月1日"},
        "decision": dict.fromkeys(DECISION_FIELDS, "示例"),
        "service": dict.fromkeys(SERVICE_FIELDS, "示例"),
        "approvals": {kind.value: dict.fromkeys(APPROVAL_FIELDS, "示例") for kind in ApprovalKind},
        "extensions": [dict.fromkeys(EXTENSION_FIELDS, "示例")],
        "notice": dict.fromkeys(NOTICE_FIELDS, "示例"),
        "hearing": dict.fromkeys(HEARING_FIELDS, "示例"),
    }  # fmt: skip
