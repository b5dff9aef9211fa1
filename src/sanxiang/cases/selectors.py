"""Reads of cases with the one visibility rule (docs/contributing.md).

A staff user sees their own agency's cases; a supervisor also those of the agencies their
agency supervises; a superuser all. Missing and not-yours both give 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from sanxiang.agencies.models import PowerItem
from sanxiang.agencies.selectors import visible_agency_ids
from sanxiang.cases import permissions, statemachine
from sanxiang.cases.choices import Transition
from sanxiang.cases.models import Act, Case, CaseOfficer, CaseParty, Party
from sanxiang.core import pii
from sanxiang.core.identifiers import normalise_resident_id


class CaseAction:
    """What a caller of ``get_case_for_user`` is about to do."""

    VIEW = "view"
    HANDLE = "handle"


def cases_visible_to(*, user: Any) -> QuerySet[Case]:
    cases = Case.objects.select_related("agency", "power_item")
    scope = visible_agency_ids(user=user)
    return cases if scope is None else cases.filter(agency__in=scope)


def get_case_for_user(*, user: Any, case_id: int, action: str = CaseAction.VIEW) -> Case:
    """The case, if ``user`` may see it (else 404); ``HANDLE`` also needs a handler (else 403)."""
    try:
        case = cases_visible_to(user=user).get(pk=case_id)
    except Case.DoesNotExist as exc:
        raise Http404 from exc
    if action == CaseAction.HANDLE and not permissions.can_handle(user, case):
        raise PermissionDenied(_("Only the case's handling officers may do this."))
    return case


def register_rows(*, user: Any) -> QuerySet[Case]:
    """Cases for the register (执法台账), with what each row shows, in few queries."""
    return cases_visible_to(user=user).prefetch_related(
        Prefetch("case_parties", queryset=CaseParty.objects.select_related("party")),
        Prefetch("case_officers", queryset=CaseOfficer.objects.select_related("officer")),
        "extensions",
    )


def case_detail(*, case: Case) -> Case:
    """The case with its parties, officers, events, extensions and acts loaded."""
    return (
        Case.objects.select_related("agency", "power_item__domain", "filed_by")
        .prefetch_related(
            Prefetch("case_parties", queryset=CaseParty.objects.select_related("party")),
            Prefetch("case_officers", queryset=CaseOfficer.objects.select_related("officer")),
            "events__actor",
            "extensions__approved_by",
            Prefetch(
                "acts",
                queryset=Act.objects.prefetch_related("act_officers__officer").select_related(
                    "recorded_by"
                ),
            ),
        )
        .get(pk=case.pk)
    )


def transition_reasons(*, user: Any, case: Case, transition: Transition) -> list[str]:
    """Every reason ``user`` may not take ``transition`` on ``case`` now (empty: allowed)."""
    rule = statemachine.TRANSITIONS[transition]
    not_now = statemachine.not_in_table_reason(case, transition)
    if not_now:
        return [not_now]
    reasons = []
    if not permissions.can_take(user, case, rule):
        if rule.roles and not rule.handler:
            labels = "、".join(str(r.label) for r in rule.roles)
            reasons.append(_("Only %(roles)s may do this.") % {"roles": labels})
        else:
            reasons.append(_("Only the case's handling officers may do this."))
    return reasons + statemachine.guard_reasons(case, transition)


@dataclass(frozen=True)
class ActionOption:
    transition: Transition
    allowed: bool
    reasons: tuple[str, ...]
    needs_reason: bool = False

    @property
    def label(self) -> str:
        return str(self.transition.label)


def case_actions(*, user: Any, case: Case) -> list[ActionOption]:
    """The transitions from the case's stage, each allowed now or with the reasons why not."""
    actions = []
    for transition in statemachine.transitions_from(case):
        if statemachine.TRANSITIONS[transition].external:
            continue
        reasons = transition_reasons(user=user, case=case, transition=transition)
        needs_reason = statemachine.TRANSITIONS[transition].reason_required
        actions.append(ActionOption(transition, not reasons, tuple(reasons), needs_reason))
    return actions


def power_items_for(*, user: Any) -> QuerySet[PowerItem]:
    """Power items a user may file a case under: their own agency's items in force."""
    return PowerItem.objects.filter(agency_id=user.agency_id, is_active=True).select_related(
        "domain"
    )


def parties_visible_to(*, user: Any) -> QuerySet[Party]:
    scope = visible_agency_ids(user=user)
    parties = Party.objects.select_related("agency")
    return parties if scope is None else parties.filter(agency__in=scope)


def get_party_for_user(*, user: Any, party_id: int) -> Party:
    try:
        return parties_visible_to(user=user).get(pk=party_id)
    except Party.DoesNotExist as exc:
        raise Http404 from exc


def search_filter(q: str) -> Q:
    """Cases whose number, title or party name contains ``q``, or whose party has exactly the
    ID number ``q`` (found by its keyed hash: the number itself is stored encrypted)."""
    found = Q(number__contains=q) | Q(title__contains=q) | Q(parties__name__contains=q)
    try:
        id_number = normalise_resident_id(q)
    except ValidationError:
        return found
    return found | Q(parties__id_number_digest=pii.keyed_hash(id_number))


def filter_register(cases: QuerySet[Case], data: dict[str, Any], *, user: Any) -> QuerySet[Case]:
    """Apply the register's filters (cleaned ``RegisterFilterForm`` data) to ``cases``."""
    if data.get("q"):
        cases = cases.filter(search_filter(data["q"].strip()))
    for field in ("stage", "category", "procedure"):
        if data.get(field):
            cases = cases.filter(**{field: data[field]})
    if data.get("filed_from"):
        cases = cases.filter(filed_on__gte=data["filed_from"])
    if data.get("filed_to"):
        cases = cases.filter(filed_on__lte=data["filed_to"])
    if data.get("mine"):
        cases = cases.filter(case_officers__officer__user_id=user.pk)
    return cases.distinct().order_by("-filed_on", "-serial")


def cases_of_party(*, user: Any, party: Party) -> QuerySet[Case]:
    """The party file (R5): every visible case the party is in."""
    return register_rows(user=user).filter(case_parties__party=party).order_by("-filed_on")
