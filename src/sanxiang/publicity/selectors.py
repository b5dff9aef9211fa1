"""Reads of publicity. The portal reads only published snapshots, by public identifier, and
never one that is withdrawn, past its display period, or whose decision is no longer in
force (the last from the moment the decision changes, before any tick runs)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sanxiang.agencies import selectors as agency_selectors
from sanxiang.agencies.models import PowerItemVersion
from sanxiang.cases.choices import Stage
from sanxiang.cases.models import Case
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.publicity import search
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.models import Publication

MAX_QUERY = 100


def clean_query(q: str | None) -> str:
    return " ".join((q or "").replace("\x00", " ").split())[:MAX_QUERY]


def public_publications(*, today: dt.date | None = None) -> QuerySet[Publication]:
    day = today or timezone.localdate()
    return Publication.objects.filter(
        status=PublicationStatus.PUBLISHED,
        decision__status=DecisionStatus.IN_FORCE,
        agency__is_public=True,
        display_until__gte=day,
    )


def search_publications(publications: QuerySet[Publication], q: str) -> QuerySet[Publication]:
    """Every word of the phrase must appear (in the 文号, the party or the published text),
    found through the bigram index (``publicity.search``) with exactly the substring match's
    results. SQL, HTML or wildcards in a query are only text to look for."""
    return search.search(publications, clean_query(q))


def filter_publications(
    publications: QuerySet[Publication], data: dict[str, Any]
) -> QuerySet[Publication]:
    if data.get("agency"):
        publications = publications.filter(agency__code=data["agency"])
    if data.get("category"):
        publications = publications.filter(category=data["category"])
    if data.get("party_category"):
        publications = publications.filter(party_category=data["party_category"])
    if data.get("decided_from"):
        publications = publications.filter(decided_on__gte=data["decided_from"])
    if data.get("decided_to"):
        publications = publications.filter(decided_on__lte=data["decided_to"])
    return search_publications(publications, data.get("q") or "")


def public_publication(*, public_id: str) -> Publication | None:
    return public_publications().filter(public_id=public_id).select_related("agency").first()


def withdrawn_publication(*, public_id: str) -> Publication | None:
    """A withdrawn record: only its notice (number, date, reason) is shown, never its text."""
    return (
        Publication.objects.filter(public_id=public_id, agency__is_public=True)
        .filter(Q(status=PublicationStatus.WITHDRAWN) | (
            Q(status=PublicationStatus.PUBLISHED) & ~Q(decision__status=DecisionStatus.IN_FORCE)))
        .first()
    )  # fmt: skip


def whats_new(*, limit: int = 8) -> dict[str, Any]:
    """Recent decisions and power-list changes, for the portal home."""
    return {
        "decisions": list(public_publications().order_by("-published_at")[:limit]),
        "power_changes": list(
            PowerItemVersion.objects.filter(item__agency__is_public=True)
            .select_related("item__agency")
            .order_by("-recorded_at", "-pk")[:limit]
        ),
    }


def search_everything(q: str, *, limit: int = 20) -> dict[str, Any]:
    """The portal's search: agencies, power items, guides and published decisions."""
    q = clean_query(q)
    if not q:
        return {}
    agencies = agency_selectors.public_agencies().filter(
        Q(name__icontains=q) | Q(short_name__icontains=q) | Q(duties__icontains=q)
    )
    return {
        "agencies": list(agencies[:limit]),
        "powers": list(agency_selectors.public_power_items(q=q)[:limit]),
        "guides": list(agency_selectors.public_guides(q=q)[:limit]),
        "decisions": list(search_publications(public_publications(), q)[:limit]),
    }


def publications_visible_to(*, user: Any) -> QuerySet[Publication]:
    """The workbench's list: the user's own agency (supervisors: the agencies they supervise)."""
    scope = agency_selectors.visible_agency_ids(user=user)
    publications = Publication.objects.select_related("agency", "decision")
    return publications if scope is None else publications.filter(agency__in=scope)


# Stages as a party should read them: plain words, nothing about the case's content.
PUBLIC_STAGES = {
    Stage.FILED: "已立案", Stage.INVESTIGATION: "调查取证中", Stage.PROPOSAL: "审查中",
    Stage.NOTIFICATION: "已告知，等待陈述申辩", Stage.DEFENCE: "陈述申辩或听证中",
    Stage.LEGAL_REVIEW: "法制审核中", Stage.DECISION: "等待作出决定",
    Stage.SERVICE: "已作出决定，正在送达", Stage.EXECUTION: "执行中", Stage.CLOSED: "已办结",
    Stage.ARCHIVED: "已办结",
}  # fmt: skip


def progress_of(case: Case) -> dict[str, Any]:
    """Only the stage and its dates."""
    dates = [
        ("立案日期", case.filed_on), ("作出决定日期", case.decided_on),
        ("送达日期", case.served_on), ("办结日期", case.closed_on),
    ]  # fmt: skip
    return {
        "number": case.number,
        "stage": PUBLIC_STAGES.get(Stage(case.stage), "办理中"),
        "since": timezone.localtime(case.stage_changed_at).date(),
        "dates": [(label, day) for label, day in dates if day],
    }
