"""The dashboards' figures (plan I3): one grouped query per panel, over the agencies in the
user's scope and a period. Each panel is a list of (label, number) rows: drawn as a chart
and shown as a table.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
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
from sanxiang.decisions.choices import CORRECTIVE_OUTCOMES, LicensingOutcome, RemedyKind
from sanxiang.decisions.models import Decision, JudicialTransfer, Remedy
from sanxiang.records.models import Recording, RecordingRule
from sanxiang.review.models import Review
from sanxiang.supervision import summary
from sanxiang.supervision.annual.figures import wan
from sanxiang.supervision.models import CaseMonth

DECISION_DAYS = summary.DECISION_DAYS  # 行政处罚法 第六十条: decided within 90 days of filing
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


def _live_cases(scope: Scope, start: dt.date, end: dt.date) -> QuerySet[Case]:
    return Case.objects.filter(agency__in=scope.agency_ids, filed_on__range=(start, end))


def _summary(scope: Scope, months: tuple[dt.date, dt.date]) -> QuerySet[CaseMonth]:
    return CaseMonth.objects.filter(
        agency__in=scope.agency_ids, month__gte=months[0], month__lt=months[1]
    )


def filed_by_month(scope: Scope, *, live: bool = False, plan: summary.Plan | None = None) -> Panel:
    """Cases filed by month: whole past months from the summary, the rest from the cases."""
    how = None if live else plan or summary.plan(scope.start, scope.end)
    counts: Counter[dt.date] = Counter()
    if how is not None and how.summary:
        for r in _summary(scope, how.summary).values("month").annotate(n=Sum("filed")).order_by():
            counts[r["month"]] += r["n"]
    for start, end in how.live if how is not None else ((scope.start, scope.end),):
        rows = (
            _live_cases(scope, start, end)
            .annotate(month=TruncMonth("filed_on"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for r in rows:
            counts[r["month"]] += r["n"]
    data = [(_month(month), n) for month, n in sorted(counts.items()) if n]
    return Panel("filed", _("Cases filed by month"), data)


def _decisions(scope: Scope, start: dt.date, end: dt.date) -> QuerySet[Decision]:
    return Decision.objects.filter(agency__in=scope.agency_ids, decided_on__range=(start, end))


def amounts_by_month(
    scope: Scope, *, live: bool = False, plan: summary.Plan | None = None
) -> Panel:
    how = None if live else plan or summary.plan(scope.start, scope.end)
    sums: dict[dt.date, Decimal] = {}
    if how is not None and how.summary:
        summed = (
            _summary(scope, how.summary)
            .filter(category=PowerCategory.PENALTY)
            .values("month")
            .annotate(fines=Sum("fines"), confiscations=Sum("confiscations"))
            .order_by()
        )
        for r in summed:
            if r["fines"] or r["confiscations"]:
                sums[r["month"]] = (
                    sums.get(r["month"], Decimal(0)) + r["fines"] + r["confiscations"]
                )
    for start, end in how.live if how is not None else ((scope.start, scope.end),):
        rows = (
            _decisions(scope, start, end)
            .filter(category=PowerCategory.PENALTY)
            .annotate(month=TruncMonth("decided_on"))
            .values("month")
            .annotate(fines=Sum("fine_amount"), confiscations=Sum("confiscation_amount"))
            .order_by()
        )
        for r in rows:
            amount = (r["fines"] or Decimal(0)) + (r["confiscations"] or Decimal(0))
            sums[r["month"]] = sums.get(r["month"], Decimal(0)) + amount
    data = [(_month(month), wan(amount)) for month, amount in sorted(sums.items())]
    return Panel("amounts", _("Fines and confiscations by month"), data, _("10,000 yuan"))


def by_category(scope: Scope, *, live: bool = False, plan: summary.Plan | None = None) -> Panel:
    how = None if live else plan or summary.plan(scope.start, scope.end)
    counts: Counter[str] = Counter()
    if how is not None and how.summary:
        summed = _summary(scope, how.summary).values("category").annotate(n=Sum("filed"))
        for r in summed.order_by():
            counts[r["category"]] += r["n"]
    for start, end in how.live if how is not None else ((scope.start, scope.end),):
        rows = _live_cases(scope, start, end).values("category").annotate(n=Count("pk")).order_by()
        for r in rows:
            counts[r["category"]] += r["n"]
    labels = dict(PowerCategory.choices)
    ordered = sorted(((c, n) for c, n in counts.items() if n), key=lambda cn: (-cn[1], cn[0]))
    data = [(str(labels.get(c, c)), n) for c, n in ordered]
    return Panel("categories", _("Cases filed by category"), data)


def deadlines_met(scope: Scope, *, live: bool = False, plan: summary.Plan | None = None) -> Panel:
    how = None if live else plan or summary.plan(scope.start, scope.end)
    met = late = 0
    if how is not None and how.summary:
        figures = (
            _summary(scope, how.summary)
            .filter(category=PowerCategory.PENALTY)
            .aggregate(met=Sum("decided_in_time"), late=Sum("decided_late"))
        )
        met, late = figures["met"] or 0, figures["late"] or 0
    limit = dt.timedelta(days=DECISION_DAYS)
    for start, end in how.live if how is not None else ((scope.start, scope.end),):
        figures = Case.objects.filter(
            agency__in=scope.agency_ids,
            category=PowerCategory.PENALTY,
            decided_on__range=(start, end),
        ).aggregate(
            met=Count("pk", filter=Q(decided_on__lte=F("filed_on") + limit)),
            late=Count("pk", filter=Q(decided_on__gt=F("filed_on") + limit)),
        )
        met, late = met + figures["met"], late + figures["late"]
    data = [(str(_("Within 90 days")), met), (str(_("Later")), late)]
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


def licensing_outcomes(
    scope: Scope, *, live: bool = False, plan: summary.Plan | None = None
) -> Panel:
    """Licensing decisions in the period, granted and refused."""
    how = None if live else plan or summary.plan(scope.start, scope.end)
    granted = refused = 0
    if how is not None and how.summary:
        figures = (
            _summary(scope, how.summary)
            .filter(category=PowerCategory.LICENSING)
            .aggregate(granted=Sum("licences_granted"), refused=Sum("licences_refused"))
        )
        granted, refused = figures["granted"] or 0, figures["refused"] or 0
    for start, end in how.live if how is not None else ((scope.start, scope.end),):
        figures = (
            _decisions(scope, start, end)
            .filter(category=PowerCategory.LICENSING)
            .aggregate(
                granted=Count("pk", filter=Q(licensing_outcome=LicensingOutcome.GRANTED)),
                refused=Count("pk", filter=Q(licensing_outcome=LicensingOutcome.REFUSED)),
            )
        )
        granted, refused = granted + figures["granted"], refused + figures["refused"]
    data = [(str(LicensingOutcome.GRANTED.label), granted),
            (str(LicensingOutcome.REFUSED.label), refused)]  # fmt: skip
    return Panel("licensing", _("Licensing decisions"), data if granted or refused else [],
                 _("decisions"))  # fmt: skip


def remedies(scope: Scope) -> Panel:
    """Reconsideration, litigation (with 纠错 and 败诉) and transfers to the judicial organs."""
    period = (scope.start, scope.end)
    corrective = Q(outcome__in=CORRECTIVE_OUTCOMES, outcome_on__range=period)
    recon, suit = Q(kind=RemedyKind.RECONSIDERATION), Q(kind=RemedyKind.LITIGATION)
    figures = Remedy.objects.filter(decision__agency__in=scope.agency_ids).aggregate(
        applied=Count("pk", filter=recon & Q(filed_on__range=period)),
        corrected=Count("pk", filter=recon & corrective),
        sued=Count("pk", filter=suit & Q(filed_on__range=period)),
        lost=Count("pk", filter=suit & corrective),
    )
    transferred = (
        JudicialTransfer.objects.filter(
            case__agency__in=scope.agency_ids, transferred_on__range=period
        )
        .values("case")
        .distinct()
        .count()
    )
    data = [
        (str(_("Reconsiderations applied for")), figures["applied"]),
        (str(_("Reconsiderations that corrected the agency")), figures["corrected"]),
        (str(_("Lawsuits filed")), figures["sued"]),
        (str(_("Lawsuits lost")), figures["lost"]),
        (str(_("Cases transferred to the judicial organs")), transferred),
    ]
    note = _("Corrected or lost: revoked, changed, confirmed illegal or void, or to be made again.")
    rows = data if any(n for _label, n in data) else []
    return Panel("remedies", _("Reconsideration, litigation and transfers"), rows, note=note)


def publication_on_time(scope: Scope) -> Panel:
    return Panel("publication", _("Decisions published on time"),
                 note=_("Not available yet: the publication records are not on the platform."))  # fmt: skip


def panels(scope: Scope, today: dt.date) -> list[Panel]:
    how = summary.plan(scope.start, scope.end)
    return [
        filed_by_month(scope, plan=how), amounts_by_month(scope, plan=how),
        by_category(scope, plan=how), deadlines_met(scope, plan=how), review_outcomes(scope),
        recording_compliance(scope),
        credentials_expiring(scope, today), licensing_outcomes(scope, plan=how), remedies(scope),
        publication_on_time(scope),
    ]  # fmt: skip
