"""The dashboards' figures (plan I3): one grouped query per panel, over the agencies in the
user's scope and a period. Each panel is a list of (label, number) rows: drawn as a chart
and shown as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.agencies.choices import CredentialStatus, PowerCategory
from sanxiang.agencies.models import Credential
from sanxiang.cases.choices import ActStatus
from sanxiang.cases.models import Act, Case
from sanxiang.decisions.models import Decision
from sanxiang.records.models import Recording, RecordingRule
from sanxiang.review.models import Review
from sanxiang.supervision.annual.figures import wan

# 行政处罚法 第六十条: decided within 90 days of filing.
DECISION_DAYS = 90
EXPIRY_MONTHS = 6


@dataclass
class Panel:
    key: str
    title: str | Promise
    rows: Sequence[tuple[str, int | Decimal]] = field(default_factory=list)
    unit: str | Promise = field(default_factory=lambda: _("cases"))
    note: str | Promise = ""


@dataclass(frozen=True)
class Scope:
    agency_ids: Sequence[int]
    start: dt.date
    end: dt.date


def _month(day: dt.date | dt.datetime) -> str:
    return f"{day.year}-{day.month:02d}"


def filed_by_month(scope: Scope) -> Panel:
    rows = (
        Case.objects.filter(agency__in=scope.agency_ids, filed_on__range=(scope.start, scope.end))
        .annotate(month=TruncMonth("filed_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return Panel("filed", _("Cases filed by month"), [(_month(r["month"]), r["n"]) for r in rows])


def _decisions(scope: Scope) -> QuerySet[Decision]:
    return Decision.objects.filter(
        agency__in=scope.agency_ids, decided_on__range=(scope.start, scope.end)
    )


def amounts_by_month(scope: Scope) -> Panel:
    rows = (
        _decisions(scope)
        .filter(category=PowerCategory.PENALTY)
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(fines=Sum("fine_amount"), confiscations=Sum("confiscation_amount"))
        .order_by("month")
    )
    data = [
        (_month(r["month"]), wan((r["fines"] or Decimal(0)) + (r["confiscations"] or Decimal(0))))
        for r in rows
    ]
    return Panel("amounts", _("Fines and confiscations by month"), data, _("10,000 yuan"))


def by_category(scope: Scope) -> Panel:
    rows = (
        Case.objects.filter(agency__in=scope.agency_ids, filed_on__range=(scope.start, scope.end))
        .values("category")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    labels = dict(PowerCategory.choices)
    data = [(str(labels.get(r["category"], r["category"])), r["n"]) for r in rows]
    return Panel("categories", _("Cases filed by category"), data)


def deadlines_met(scope: Scope) -> Panel:
    limit = dt.timedelta(days=DECISION_DAYS)
    figures = Case.objects.filter(
        agency__in=scope.agency_ids,
        category=PowerCategory.PENALTY,
        decided_on__range=(scope.start, scope.end),
    ).aggregate(
        met=Count("pk", filter=Q(decided_on__lte=F("filed_on") + limit)),
        late=Count("pk", filter=Q(decided_on__gt=F("filed_on") + limit)),
    )
    data = [(str(_("Within 90 days")), figures["met"]), (str(_("Later")), figures["late"])]
    note = _("行政处罚法 第六十条; approved extensions are not added.")
    return Panel("deadlines", _("Penalty cases decided in time"), data, note=note)


def review_outcomes(scope: Scope) -> Panel:
    rows = (
        Review.objects.filter(
            case__agency__in=scope.agency_ids,
            finished_at__date__range=(scope.start, scope.end),
        )
        .values("status")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    labels = dict(Review._meta.get_field("status").choices or [])
    data = [(str(labels.get(r["status"], r["status"])), r["n"]) for r in rows]
    return Panel("reviews", _("Legal review outcomes"), data, _("reviews"))


def recording_compliance(scope: Scope) -> Panel:
    kinds = RecordingRule.objects.filter(is_active=True, service_method="").values("act_kind")
    figures = (
        Act.objects.filter(
            case__agency__in=scope.agency_ids,
            status=ActStatus.COMPLETED,
            kind__in=kinds,
            completed_at__date__range=(scope.start, scope.end),
        )
        .annotate(recorded=Exists(Recording.objects.filter(act=OuterRef("pk"))))
        .aggregate(
            with_recording=Count("pk", filter=Q(recorded=True)),
            without=Count("pk", filter=Q(recorded=False)),
        )
    )
    data = [
        (str(_("Recorded")), figures["with_recording"]),
        (str(_("No recording")), figures["without"]),
    ]
    note = _("Completed acts of the kinds a recording rule covers.")
    return Panel("recordings", _("Audio/video recording of acts"), data, _("acts"), note)


def credentials_expiring(scope: Scope, today: dt.date) -> Panel:
    horizon = today + dt.timedelta(days=31 * EXPIRY_MONTHS)
    rows = (
        Credential.objects.filter(
            officer__agency__in=scope.agency_ids,
            status=CredentialStatus.VALID,
            valid_to__range=(today, horizon),
        )
        .annotate(month=TruncMonth("valid_to"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    data = [(_month(r["month"]), r["n"]) for r in rows]
    return Panel("credentials", _("Credentials expiring in the next six months"), data,
                 _("credentials"))  # fmt: skip


def publication_on_time(scope: Scope) -> Panel:
    return Panel("publication", _("Decisions published on time"),
                 note=_("Not available yet: the publication records are not on the platform."))  # fmt: skip


def panels(scope: Scope, today: dt.date) -> list[Panel]:
    return [
        filed_by_month(scope), amounts_by_month(scope), by_category(scope),
        deadlines_met(scope), review_outcomes(scope), recording_compliance(scope),
        credentials_expiring(scope, today), publication_on_time(scope),
    ]  # fmt: skip
