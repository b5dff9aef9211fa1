"""What a publication says: the snapshot of a decision, the display period from the policy
table, the 双公示 fields, and the reasons a decision is never published."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from sanxiang.agencies.choices import PowerCategory
from sanxiang.agencies.reconsideration import reconsideration_body
from sanxiang.cases.choices import Procedure
from sanxiang.cases.models import Party
from sanxiang.core import calendar
from sanxiang.core.identifiers import birth_date_of
from sanxiang.decisions.models import Decision
from sanxiang.publicity.choices import PartyCategory, PublicCategory
from sanxiang.publicity.constants import (
    LONG_TERM,
    PUBLISH_WORKING_DAYS_FAST,
    PUBLISH_WORKING_DAYS_OTHER,
)
from sanxiang.publicity.models import DisplayPolicy, Publication

# The general credit rule (国家发展改革委令第58号): 3 months to 3 years, from the decision date.
DEFAULT_POLICY = {"name": "信用信息一般规则", "basis": "国家发展改革委令第58号",
                  "min_months": 3, "max_months": 36, "early_end_allowed": True}  # fmt: skip


def punished_party(decision: Decision) -> Party | None:
    link = decision.case.case_parties.select_related("party").order_by("order", "pk").first()
    return link.party if link else None


def _age_on(party: Party, day: dt.date) -> int | None:
    if party.kind != "natural_person" or not party.id_number:
        return None
    born = birth_date_of(party.id_number)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def refusal_reason(decision: Decision) -> str:
    """Why this decision must never be published, or "" (domain-notes §1.4, §1.3)."""
    for link in decision.case.case_parties.select_related("party"):
        age = _age_on(link.party, decision.decided_on)
        if age is not None and age < 18:
            return _("The party was a minor when the decision was made: minors' cases are never "
                     "published.")  # fmt: skip
    rule = matching_policy(decision)
    if rule is not None and rule.do_not_publish:
        return _("Not published under the display rule “%(name)s” (%(basis)s).") % {
            "name": rule.name, "basis": rule.basis,
        }  # fmt: skip
    return ""


def _party_category(party: Party | None) -> str:
    if party is None:
        return ""
    if party.kind == "natural_person":
        return PartyCategory.NATURAL_PERSON
    return (
        PartyCategory.INDIVIDUAL_BUSINESS
        if party.uscc.startswith("92")
        else PartyCategory.ORGANISATION
    )


def matching_policy(decision: Decision) -> DisplayPolicy | None:
    """The most specific active rule that matches; for several, the longest period."""
    penalties = set(decision.penalty_types or [])
    domain = decision.case.power_item.domain.code
    party = _party_category(punished_party(decision))
    best: list[tuple[int, int, DisplayPolicy]] = []
    for rule in DisplayPolicy.objects.filter(is_active=True):
        if rule.domain_code and rule.domain_code != domain:
            continue
        if rule.penalty_type and rule.penalty_type not in penalties:
            continue
        if rule.only_this_penalty and penalties != {rule.penalty_type}:
            continue
        if rule.fine_at_most is not None and (
            decision.fine_amount is None or decision.fine_amount > rule.fine_at_most
        ):
            continue
        if rule.party_category and rule.party_category != party:
            continue
        specificity = sum(bool(x) for x in (rule.domain_code, rule.penalty_type,
                                            rule.fine_at_most is not None, rule.party_category))  # fmt: skip
        best.append((specificity, rule.max_months, rule))
    if not best:
        return None
    return max(best, key=lambda t: (t[0], t[1]))[2]


def display_policy(decision: Decision) -> dict[str, Any]:
    rule = matching_policy(decision)
    if rule is None:
        return dict(DEFAULT_POLICY)
    return {"name": rule.name, "basis": rule.basis, "min_months": rule.min_months,
            "max_months": rule.max_months, "early_end_allowed": rule.early_end_allowed,
            "id": rule.pk, "updated_at": rule.updated_at.isoformat()}  # fmt: skip


def public_category(category: str) -> str:
    if category == PowerCategory.PENALTY:
        return PublicCategory.PENALTY
    if category == PowerCategory.LICENSING:
        return PublicCategory.LICENSING
    return PublicCategory.OTHER


def due_date(decision: Decision) -> dt.date:
    """国办发〔2018〕118号: 7 working days for licensing and penalty decisions, 20 for others."""
    fast = public_category(decision.category) != PublicCategory.OTHER
    days = PUBLISH_WORKING_DAYS_FAST if fast else PUBLISH_WORKING_DAYS_OTHER
    # Provisional (weekends only) in a year whose holiday notice is not out yet.
    return calendar.working_day_deadline(decision.decided_on, days, basis="国办发〔2018〕118号").due


def plus_months(start: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or the month's last day): a display period's end."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    day = min(start.day, calendar_module.monthrange(year, month)[1])
    return dt.date(year, month, day)


def violation_type(decision: Decision) -> str:
    name = decision.case.power_item.name
    return name.removeprefix("对").removesuffix("的处罚").removesuffix("的行政处罚")


def summary_remedy(body: str) -> str:
    """行政复议法 (2023) 第二十三条: an on-the-spot penalty is challenged by reconsideration
    first (rule penalty.summary.reconsideration_first)."""
    where = f"向{body}" if body else "向行政复议机关"
    return (
        "当事人对当场作出的行政处罚决定不服的，应当先向行政复议机关申请行政复议：可以自收到本决定书"
        f"之日起六十日内{where}申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起"
        "十五日内依法向人民法院提起行政诉讼。"
    )


def original_text(decision: Decision, party: Party | None) -> str:
    """The decision as served, before redaction (kept internal; hashed in the ledger)."""
    agency = decision.agency
    lines = [agency.name, _("Decision") if decision.category != PowerCategory.PENALTY
             else "行政处罚决定书", decision.number, ""]  # fmt: skip
    if party is not None:
        who = [f"当事人：{party.name}"]
        if party.id_number:
            who.append(f"身份证号码：{party.id_number}")
        if party.uscc:
            who.append(f"统一社会信用代码：{party.uscc}")
        if party.legal_representative:
            who.append(f"法定代表人：{party.legal_representative}")
        if party.address:
            who.append(f"住址：{party.address}")
        if party.phone:
            who.append(f"联系电话：{party.phone}")
        lines.append("，".join(who) + "。")
    lines += [f"违法事实：{decision.facts}", f"处罚依据：{decision.legal_basis}"]
    if decision.discretion_reasoning:
        lines.append(f"裁量说明：{decision.discretion_reasoning}")
    lines.append(f"决定内容：{decision.content}")
    on_the_spot = decision.case.procedure == Procedure.SUMMARY
    if on_the_spot:  # 行政复议法 第二十三条: no direct lawsuit against an on-the-spot penalty
        lines.append(summary_remedy(reconsideration_body(agency)))
    remedy = []
    if not on_the_spot:
        remedy.append(
            f"可以自收到本决定书之日起六十日内向{reconsideration_body(agency)}申请行政复议"
        )
    if agency.competent_court and not on_the_spot:
        remedy.append(f"或者自收到本决定书之日起六个月内向{agency.competent_court}提起行政诉讼")
    if remedy:
        lines.append("如不服本决定，" + "，".join(remedy) + "。")
    lines += ["", agency.name, f"{decision.decided_on.year}年{decision.decided_on.month}月"
              f"{decision.decided_on.day}日"]  # fmt: skip
    return "\n".join(lines)


def _wan(amount: Decimal | None) -> str:
    return "" if amount is None else str((amount / Decimal(10000)).quantize(Decimal("0.000001")))


def snapshot(decision: Decision) -> dict[str, Any]:
    """The fields a draft publication starts from."""
    party = punished_party(decision)
    code = party.uscc if party is not None else ""
    return {
        "category": public_category(decision.category), "due_on": due_date(decision),
        "number": decision.number, "party_name": party.name if party else "",
        "party_category": _party_category(party), "party_code": code,
        "violation": violation_type(decision), "conclusion": decision.content,
        "agency_name": decision.agency.name, "decided_on": decision.decided_on,
        "original_text": original_text(decision, party),
        "fields": sharing_fields(decision, party),
    }  # fmt: skip


def sharing_fields(decision: Decision, party: Party | None) -> dict[str, str]:
    """The national 双公示 fields (domain-notes §1.1); ID numbers are never among them."""
    agency = decision.agency
    category = dict(PartyCategory.choices).get(_party_category(party), "")
    if public_category(decision.category) == PublicCategory.LICENSING:
        return {
            "xk_xdr_mc": party.name if party else "", "xk_xdr_lb": str(category),
            "xk_xdr_shxym": party.uscc if party else "", "xk_wsh": decision.number,
            "xk_nr": decision.content, "xk_jdrq": decision.decided_on.isoformat(),
            "xk_xkjg": agency.name, "xk_xkjgdm": agency.uscc, "xk_lydw": agency.name,
            "xk_lydwdm": agency.uscc,
        }  # fmt: skip
    return {
        "cf_xdr_mc": party.name if party else "", "cf_xdr_lb": str(category),
        "cf_xdr_shxym": party.uscc if party else "",
        "cf_frdb": party.legal_representative if party else "",
        "cf_wsh": decision.number, "cf_wfxw": violation_type(decision),
        "cf_yj": decision.legal_basis, "cf_cflb": "、".join(decision.penalty_types or []),
        "cf_nr": decision.content, "cf_nr_fk": _wan(decision.fine_amount),
        "cf_nr_wfff": _wan(decision.confiscation_amount),
        "cf_jdrq": decision.decided_on.isoformat(), "cf_yxq": LONG_TERM,
        "cf_cfjg": agency.name, "cf_cfjgdm": agency.uscc, "cf_sjly": agency.name,
        "cf_sjlydm": agency.uscc,
    }  # fmt: skip


def display_fields(publication: Publication) -> dict[str, str]:
    """Fields fixed at publication: the 公示截止期, the published facts and party name."""
    key = "xk" if publication.category == PublicCategory.LICENSING else "cf"
    fields = {f"{key}_xdr_mc": publication.party_name}
    if key == "cf":
        fields["cf_gsjzq"] = (
            publication.display_until.isoformat() if publication.display_until else ""
        )
        fields["cf_sy"] = publication.redacted_text
    return fields
