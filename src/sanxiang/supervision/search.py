"""The data centre's search (plan I2): one box across agencies, people, power items, cases,
recordings and documents, each read through its own app's selector, so the user's scope is
the one every page applies. Queries are parameterised by the ORM; the count of queries is
bounded (two per kind at most), whatever the number of hits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.selectors import (
    agencies_visible_to,
    officers_visible_to,
    power_items_visible_to,
    search_power_items,
)
from sanxiang.cases.selectors import cases_visible_to, search_filter
from sanxiang.records.selectors import documents_visible_to, recordings_visible_to

MAX_QUERY = 100
PREVIEW = 5


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    find: Callable[[Any, str], QuerySet[Any]]
    agency: str  # the path to the agency, for the facet and the filter
    hit: Callable[[Any], Hit]


def _agencies(user: Any, q: str) -> QuerySet[Any]:
    return agencies_visible_to(user=user).filter(
        Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q)
    )


def _officers(user: Any, q: str) -> QuerySet[Any]:
    return officers_visible_to(user=user).filter(
        Q(name__icontains=q) | Q(credentials__number__icontains=q)
    )


def _cases(user: Any, q: str) -> QuerySet[Any]:
    return cases_visible_to(user=user).filter(search_filter(q))


def _recordings(user: Any, q: str) -> QuerySet[Any]:
    return recordings_visible_to(user=user).filter(
        Q(original_name__icontains=q) | Q(place__icontains=q) | Q(proves__icontains=q)
        | Q(case__number__contains=q)
    )  # fmt: skip


def _documents(user: Any, q: str) -> QuerySet[Any]:
    return documents_visible_to(user=user).filter(
        Q(number__contains=q) | Q(case__number__contains=q)
    )


KINDS: tuple[Kind, ...] = (
    Kind("agency", _("Agencies"), _agencies, "pk",
         lambda a: Hit(a.name, a.code, reverse("workbench:agency", args=[a.pk]))),
    Kind("officer", _("People"), _officers, "agency",
         lambda o: Hit(o.name, o.agency.short_name or o.agency.name,
                       reverse("workbench:officer", args=[o.pk]))),
    Kind("power_item", _("Power items"),
         lambda user, q: search_power_items(power_items_visible_to(user=user), q), "agency",
         lambda i: Hit(i.name, f"{i.code} · {i.get_category_display()}",
                       reverse("workbench:power-item", args=[i.pk]))),
    Kind("case", _("Cases"), _cases, "agency",
         lambda c: Hit(c.number, c.title, c.get_absolute_url())),
    Kind("recording", _("Recordings"), _recordings, "case__agency",
         lambda r: Hit(r.original_name, f"{r.case.number} · {r.place}",
                       reverse("workbench:recording", args=[r.pk]))),
    Kind("document", _("Documents"), _documents, "case__agency",
         lambda d: Hit(d.number, f"{d.case.number} · {d.get_doc_type_display()}",
                       reverse("workbench:document", args=[d.pk]))),
)  # fmt: skip
BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass
class Results:
    counts: dict[str, int]  # per kind
    agencies: dict[int, int]  # per agency, over the kinds searched
    previews: dict[str, list[Hit]]


def matches(kind: Kind, user: Any, q: str, agency_id: int | None) -> QuerySet[Any]:
    found = kind.find(user, q)
    if agency_id is not None:
        found = found.filter(**{kind.agency: agency_id})
    return found.distinct()


def facets(user: Any, q: str, agency_id: int | None, kinds: list[Kind]) -> Results:
    """Hits per kind and per agency: one grouped query per kind."""
    counts: dict[str, int] = {}
    by_agency: dict[int, int] = {}
    for kind in kinds:
        rows = (
            kind.find(user, q).values(kind.agency).annotate(n=Count("pk", distinct=True)).order_by()
        )
        per_agency = {row[kind.agency]: row["n"] for row in rows}
        for agency, n in per_agency.items():
            by_agency[agency] = by_agency.get(agency, 0) + n
        counts[kind.key] = per_agency.get(agency_id, 0) if agency_id else sum(per_agency.values())
    return Results(counts=counts, agencies=by_agency, previews={})


def clean_query(q: str) -> str:
    return " ".join(q.split())[:MAX_QUERY]
