"""The annual report's figures, from case data in a handful of aggregate queries.

Statistics read through their own selectors and never write (docs/contributing.md). Every
query here groups in the database: the report over a million cases takes seconds
(docs/benchmarks.md).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, Q, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from sanxiang.agencies.choices import (
    CredentialStatus,
    DiscretionLevel,
    OfficerStatus,
    PowerCategory,
)
from sanxiang.agencies.models import Officer
from sanxiang.cases.choices import ActKind, ActStatus
from sanxiang.cases.models import Act, Case
from sanxiang.decisions.choices import (
    CORRECTIVE_OUTCOMES,
    DecisionStatus,
    ExecutionKind,
    LicensingOutcome,
    RemedyKind,
)
from sanxiang.decisions.models import (
    Decision,
    DecisionChange,
    ExecutionRecord,
    JudicialTransfer,
    Remedy,
)
from sanxiang.review.choices import ReviewStatus
from sanxiang.review.models import Review
from sanxiang.supervision.annual.items import PENALTY_BUCKETS

Figures = dict[str, Any]  # item key → int or Decimal (as a string in a snapshot)

TEN_THOUSAND = Decimal(10000)
CORRECTIONS = [s for s in DecisionStatus.values if s != DecisionStatus.IN_FORCE]
PASSED = [ReviewStatus.PASSED, ReviewStatus.SETTLED_PASS]
RETURNED = [ReviewStatus.RETURNED, ReviewStatus.SUPERSEDED, ReviewStatus.SETTLED_REVISE]
CATEGORY_ITEMS = {
    PowerCategory.LICENSING: "licensing.accepted",
    PowerCategory.COERCION: "coercion.cases",
    PowerCategory.EXPROPRIATION: "acts.levy_requisition",
    PowerCategory.INSPECTION: "acts.inspection",
    PowerCategory.CONFIRMATION: "acts.confirmation",
    PowerCategory.BENEFIT: "acts.benefit",
    PowerCategory.ADJUDICATION: "acts.adjudication",
    PowerCategory.REWARD: "acts.reward",
    PowerCategory.OTHER: "acts.other",
    PowerCategory.PENALTY: "ext.filed",
}


def wan(yuan: Decimal | None) -> Decimal:
    """Yuan to 万元, to two places (the standard's unit for amounts)."""
    return ((yuan or Decimal(0)) / TEN_THOUSAND).quantize(Decimal("0.01"), ROUND_HALF_UP)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _moments(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year as aware datetimes in the local zone (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=zone),
        dt.datetime(year + 1, 1, 1, tzinfo=zone),
    )


def heaviest_type() -> When_:
    """SQL that names the bucket a decision counts under (see ``items.PENALTY_BUCKETS``).

    The penalty types are a JSON list; its text is searched for each quoted type, which
    works the same on PostgreSQL and SQLite.
    """
    order = ["fine"] + [key for key, _t, _l in reversed(PENALTY_BUCKETS) if key != "fine"]
    types = {key: kinds for key, kinds, _l in PENALTY_BUCKETS}
    whens = [
        When(reduce(operator.or_, (Q(types_text__contains=f'"{kind}"') for kind in types[key])),
             then=Value(key))
        for key in order
    ]  # fmt: skip
    return When_(*whens, default=Value("other"), output_field=CharField())


def _in(qs: QuerySet[Any], field: str, agency_ids: Iterable[int] | None) -> QuerySet[Any]:
    return qs if agency_ids is None else qs.filter(**{f"{field}__in": list(agency_ids)})


def _cases(agency_ids: Iterable[int] | None, year: int) -> Figures:
    start, end = year_bounds(year)
    cases = _in(Case.objects.all(), "agency", agency_ids)
    counts = {
        key: Count("pk", filter=Q(category=category, filed_on__range=(start, end)))
        for category, key in CATEGORY_ITEMS.items()
    }
    counts["ext.closed"] = Count(
        "pk", filter=Q(category=PowerCategory.PENALTY, closed_on__range=(start, end))
    )
    return cases.filter(
        Q(filed_on__range=(start, end)) | Q(closed_on__range=(start, end))
    ).aggregate(**counts)


def _licensing(row: dict[str, Any], outcome: str) -> bool:
    return row["category"] == PowerCategory.LICENSING and row["licensing_outcome"] == outcome


def _decisions(agency_ids: Iterable[int] | None, year: int) -> Figures:
    decisions = _in(Decision.objects.all(), "agency", agency_ids).filter(
        decided_on__range=year_bounds(year)
    )
    rows = (
        decisions.annotate(types_text=Cast("penalty_types", TextField()), bucket=heaviest_type())
        .values("category", "bucket", "licensing_outcome")
        .annotate(
            n=Count("pk"),
            fines=Sum("fine_amount"),
            confiscations=Sum("confiscation_amount"),
            changed=Count("pk", filter=~Q(status=DecisionStatus.IN_FORCE)),
        )
        .order_by()
    )
    out: Figures = {f"penalty.{key}": 0 for key, _t, _l in PENALTY_BUCKETS}
    out.update({"penalty.total": 0, "penalty.later_changed": 0})
    amount = Decimal(0)
    for row in rows:
        if row["category"] == PowerCategory.PENALTY:
            out[f"penalty.{row['bucket']}"] += row["n"]
            out["penalty.total"] += row["n"]
            out["penalty.later_changed"] += row["changed"]
            amount += (row["fines"] or 0) + (row["confiscations"] or 0)
    out["licensing.granted"] = sum(r["n"] for r in rows if _licensing(r, LicensingOutcome.GRANTED))
    out["licensing.refused"] = sum(r["n"] for r in rows if _licensing(r, LicensingOutcome.REFUSED))
    out["penalty.amount"] = wan(amount)
    mitigated = decisions.filter(
        category=PowerCategory.PENALTY, review__discretion_level=DiscretionLevel.MITIGATED
    ).aggregate(n=Count("pk"), fines=Sum("fine_amount"))
    out["ext.mitigated"] = mitigated["n"]
    out["ext.mitigated_amount"] = wan(mitigated["fines"])
    return out


def _changes(agency_ids: Iterable[int] | None, year: int) -> Figures:
    changes = _in(DecisionChange.objects.all(), "decision__agency", agency_ids).filter(
        on__range=year_bounds(year), status__in=CORRECTIONS
    )
    return changes.aggregate(
        **{
            "ext.corrected": Count("decision", distinct=True),
            "licensing.revoked": Count(
                "decision",
                distinct=True,
                filter=Q(decision__category=PowerCategory.LICENSING, status=DecisionStatus.REVOKED),
            ),
        }
    )


def _remedies(agency_ids: Iterable[int] | None, year: int) -> Figures:
    """复议 and 诉讼: applied or filed in the year; corrected (纠错) or lost (败诉) when the
    outcome came in the year."""
    remedies = _in(Remedy.objects.all(), "decision__agency", agency_ids)
    bounds = year_bounds(year)
    corrective = Q(outcome__in=CORRECTIVE_OUTCOMES, outcome_on__range=bounds)
    reconsideration = Q(kind=RemedyKind.RECONSIDERATION)
    litigation = Q(kind=RemedyKind.LITIGATION)
    figures = remedies.filter(Q(filed_on__range=bounds) | Q(outcome_on__range=bounds)).aggregate(
        **{
            "ext.reconsideration": Count("pk", filter=reconsideration & Q(filed_on__range=bounds)),
            "ext.reconsideration_corrected": Count("pk", filter=reconsideration & corrective),
            "ext.litigation": Count("pk", filter=litigation & Q(filed_on__range=bounds)),
            "ext.lost": Count("pk", filter=litigation & corrective),
        }
    )
    transfers = _in(JudicialTransfer.objects.all(), "case__agency", agency_ids)
    figures["ext.transferred"] = (
        transfers.filter(transferred_on__range=bounds).values("case").distinct().count()
    )
    return figures


def _execution(agency_ids: Iterable[int] | None, year: int) -> Figures:
    records = _in(ExecutionRecord.objects.all(), "decision__agency", agency_ids)
    return records.filter(on__range=year_bounds(year)).aggregate(
        **{
            "coercion.surcharge": Count("pk", filter=Q(kind=ExecutionKind.SURCHARGE)),
            "coercion.court": Count("pk", filter=Q(kind=ExecutionKind.COURT)),
        }
    )


def _acts(agency_ids: Iterable[int] | None, year: int) -> Figures:
    acts = _in(Act.objects.all(), "case__agency", agency_ids)
    return acts.filter(status=ActStatus.COMPLETED, completed_at__range=_moments(year)).aggregate(
        **{
            "coercion.seal_seize": Count("pk", filter=Q(kind=ActKind.SEIZURE)),
            "coercion.restore": Count("pk", filter=Q(kind=ActKind.DEMOLITION)),
        }
    )


def _reviews(agency_ids: Iterable[int] | None, year: int) -> Figures:
    reviews = _in(Review.objects.all(), "case__agency", agency_ids)
    start, end = _moments(year)
    figures = reviews.filter(submitted_at__gte=start, submitted_at__lt=end).aggregate(
        **{
            "ext.reviews": Count("pk"),
            "ext.reviews_passed": Count("pk", filter=Q(status__in=PASSED)),
            "ext.reviews_returned": Count("pk", filter=Q(status__in=RETURNED)),
            "ext.reviews_open": Count("pk", filter=~Q(status__in=PASSED + RETURNED)),
        }
    )
    figures["ext.no_penalty"] = (
        reviews.filter(
            status__in=PASSED,
            discretion_level=DiscretionLevel.NO_PENALTY,
            case__closed_on__range=year_bounds(year),
        )
        .values("case")
        .distinct()
        .count()
    )
    return figures


def _credentials(agency_ids: Iterable[int] | None, year: int) -> Figures:
    """持证率 on 31 December: officers on the roll then, and those with a valid credential."""
    _start, end = year_bounds(year)
    # On the roll: registered before the year ended, or holding a credential issued by then
    # (officers are often registered in the platform long after they joined).
    officers = _in(Officer.objects.all(), "agency", agency_ids).filter(
        Q(created_at__lt=_moments(year)[1]) | Q(credentials__valid_from__lte=end)
    )
    officers = officers.exclude(status=OfficerStatus.LEFT)
    figures = officers.aggregate(
        officers=Count("pk", distinct=True),
        credentialed=Count(
            "pk",
            distinct=True,
            filter=Q(
                credentials__valid_from__lte=end,
                credentials__valid_to__gte=end,
                credentials__status=CredentialStatus.VALID,
            ),
        ),
    )
    total, held = figures["officers"], figures["credentialed"]
    rate = (Decimal(held * 100) / total).quantize(Decimal("0.1")) if total else None
    return {"ext.officers": total, "ext.credentialed": held, "ext.credential_rate": rate}


def compute(*, agency_ids: Iterable[int] | None, year: int) -> Figures:
    """Every computed item of the report for ``year`` over the agencies (None: all)."""
    ids = None if agency_ids is None else list(agency_ids)
    figures: Figures = {}
    parts = (_cases, _decisions, _changes, _remedies, _execution, _acts, _reviews, _credentials)
    for part in parts:
        figures.update(part(ids, year))
    return figures


def has_data(figures: Figures) -> bool:
    """Whether anything at all happened in the year (a report of nothing is refused)."""
    keys: tuple[str, ...] = ("penalty.total", "licensing.accepted", "ext.filed", "ext.closed")
    keys += ("coercion.cases", *(k for k in figures if k.startswith("acts.")))
    return any(figures.get(k) for k in keys)
