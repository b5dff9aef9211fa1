"""The warning rules (plan I3): each finds the conditions that hold today.

A rule returns ``Finding`` rows; ``services.refresh_warnings`` turns them into warnings,
keeps each one's trail, and clears those whose condition no longer holds. Rules read
through the other apps' models and selectors; they never write.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.choices import CredentialStatus, OfficerStatus
from sanxiang.agencies.models import Credential, LegalReviewer, Officer
from sanxiang.cases.choices import ActStatus, Procedure, Stage
from sanxiang.cases.deadlines import deadlines_for
from sanxiang.cases.models import Act, ActOfficer, Case
from sanxiang.core.worklist import Urgency
from sanxiang.records.choices import Requirement
from sanxiang.records.models import Recording, RecordingRule
from sanxiang.supervision.choices import WarningKind, WarningLevel

# Plan 二(三)1(2): legal reviewers at least 5% of the agency's officers.
REVIEWER_RATIO = 0.05
CREDENTIAL_NOTICE_DAYS = 30
# Unusual patterns: thresholds a supervisor would call "far above" or "again and again".
PATTERN_WINDOW_DAYS = 365
REPEATED_PARTY_CASES = 3
OUTLIER_FACTOR = 3
OUTLIER_MINIMUM = 10
FAST_CLOSE_DAYS = 3
OPEN_STAGES = [s for s in Stage if s not in (Stage.CLOSED, Stage.ARCHIVED)]


@dataclass(frozen=True)
class Finding:
    key: str
    agency_id: int
    kind: WarningKind
    level: WarningLevel
    title: str
    details: str = ""
    url: str = ""
    due_on: dt.date | None = None


Rule = Callable[[dt.date], Iterable[Finding]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    RULES.append(func)
    return func


def _case_url(case_id: int) -> str:
    return reverse("workbench:case", kwargs={"case_id": case_id})


@rule
def case_deadlines(today: dt.date) -> Iterable[Finding]:
    cases = Case.objects.filter(stage__in=OPEN_STAGES, migrated=False).prefetch_related(
        "extensions"
    )
    for case in cases:
        for deadline in deadlines_for(case):
            urgency = deadline.urgency(today)
            if urgency == Urgency.NORMAL:
                continue
            overdue = urgency == Urgency.OVERDUE
            template = (
                _("%(number)s: %(purpose)s is overdue (due %(due)s)")
                if overdue
                else _("%(number)s: %(purpose)s is due on %(due)s")
            )
            yield Finding(
                key=f"{WarningKind.CASE_DEADLINE}:{case.pk}:{deadline.kind}",
                agency_id=case.agency_id,
                kind=WarningKind.CASE_DEADLINE,
                level=WarningLevel.RED if overdue else WarningLevel.YELLOW,
                title=template
                % {"number": case.number, "purpose": deadline.purpose, "due": deadline.due},
                details=deadline.deadline.basis
                + (f"\n{deadline.deadline.warning}" if deadline.deadline.provisional else ""),
                url=_case_url(case.pk),
                due_on=deadline.due,
            )


@rule
def reviewer_ratio(today: dt.date) -> Iterable[Finding]:
    officers = dict(
        Officer.objects.filter(status=OfficerStatus.ACTIVE)
        .values_list("agency")
        .annotate(n=Count("pk"))
    )
    reviewers = Counter(
        LegalReviewer.objects.filter(is_active=True)
        .filter(Q(engaged_to__isnull=True) | Q(engaged_to__gte=today))
        .values_list("agency_id", flat=True)
    )
    for agency_id, count in officers.items():
        needed = math.ceil(count * REVIEWER_RATIO)
        if reviewers[agency_id] < needed:
            yield Finding(
                key=f"{WarningKind.REVIEWER_RATIO}:{agency_id}",
                agency_id=agency_id,
                kind=WarningKind.REVIEWER_RATIO,
                level=WarningLevel.RED,
                title=_(
                    "%(reviewers)d legal reviewers for %(officers)d officers: at least %(needed)d are needed"
                )
                % {"reviewers": reviewers[agency_id], "officers": count, "needed": needed},
                details="《东丽区万新街“三项制度”实施方案》二(三)1(2)",
                url=reverse("workbench:agency", kwargs={"agency_id": agency_id}),
            )


@rule
def credentials_expiring(today: dt.date) -> Iterable[Finding]:
    credentials = Credential.objects.filter(
        officer__status=OfficerStatus.ACTIVE,
        status=CredentialStatus.VALID,
        valid_from__lte=today,
        valid_to__gte=today,
        valid_to__lte=today + dt.timedelta(days=CREDENTIAL_NOTICE_DAYS),
    ).select_related("officer")
    for credential in credentials:
        yield Finding(
            key=f"{WarningKind.CREDENTIAL_EXPIRING}:{credential.pk}",
            agency_id=credential.officer.agency_id,
            kind=WarningKind.CREDENTIAL_EXPIRING,
            level=WarningLevel.YELLOW,
            title=_("Credential %(number)s of %(name)s expires on %(day)s")
            % {
                "number": credential.number,
                "name": credential.officer.name,
                "day": credential.valid_to,
            },
            url=reverse("workbench:officer", kwargs={"officer_id": credential.officer_id}),
            due_on=credential.valid_to,
        )


@rule
def acts_without_credential(today: dt.date) -> Iterable[Finding]:
    """Acts (e.g. imported history) by an officer with no credential valid on the act's day."""
    since = today - dt.timedelta(days=PATTERN_WINDOW_DAYS)
    links = (
        ActOfficer.objects.filter(act__started_at__date__gte=since)
        .select_related("act__case", "officer")
        .prefetch_related("officer__credentials")
    )
    for link in links:
        day = timezone.localtime(link.act.started_at).date()
        if link.officer.current_credential(day) is not None:
            continue
        yield Finding(
            key=f"{WarningKind.ACT_WITHOUT_CREDENTIAL}:{link.pk}",
            agency_id=link.act.case.agency_id,
            kind=WarningKind.ACT_WITHOUT_CREDENTIAL,
            level=WarningLevel.RED,
            title=_("%(number)s: %(name)s acted on %(day)s without a valid credential")
            % {"number": link.act.case.number, "name": link.officer.name, "day": day},
            details="《中华人民共和国行政处罚法》第四十二条",
            url=_case_url(link.act.case_id),
        )


@rule
def missing_recordings(today: dt.date) -> Iterable[Finding]:
    kinds = RecordingRule.objects.filter(
        is_active=True, requirement=Requirement.RECOMMENDED, service_method=""
    ).values("act_kind")
    acts = (
        Act.objects.filter(status=ActStatus.COMPLETED, kind__in=kinds)
        .exclude(Exists(Recording.objects.filter(act=OuterRef("pk"))))
        .select_related("case")
    )
    for act in acts:
        yield Finding(
            key=f"{WarningKind.MISSING_RECORDING}:{act.pk}",
            agency_id=act.case.agency_id,
            kind=WarningKind.MISSING_RECORDING,
            level=WarningLevel.YELLOW,
            title=_("%(number)s: %(act)s on %(day)s has no audio/video recording")
            % {
                "number": act.case.number,
                "act": act.get_kind_display(),
                "day": timezone.localdate(act.started_at),
            },
            details="《东丽区万新街“三项制度”实施方案》二(二)2(1)",
            url=_case_url(act.case_id),
        )


@rule
def repeated_parties(today: dt.date) -> Iterable[Finding]:
    since = today - dt.timedelta(days=PATTERN_WINDOW_DAYS)
    rows = (
        Case.objects.filter(filed_on__gte=since, migrated=False)
        .values("agency_id", "parties__pk", "parties__name")
        .annotate(n=Count("pk"))
        .filter(n__gte=REPEATED_PARTY_CASES)
    )
    for row in rows:
        yield Finding(
            key=f"{WarningKind.REPEATED_PARTY}:{row['parties__pk']}",
            agency_id=row["agency_id"],
            kind=WarningKind.REPEATED_PARTY,
            level=WarningLevel.YELLOW,
            title=_("%(party)s is a party to %(n)d cases in the last year")
            % {"party": row["parties__name"], "n": row["n"]},
            url=reverse("workbench:party", kwargs={"party_id": row["parties__pk"]}),
        )


@rule
def officer_outliers(today: dt.date) -> Iterable[Finding]:
    since = today - dt.timedelta(days=PATTERN_WINDOW_DAYS)
    rows = (
        Case.objects.filter(filed_on__gte=since, migrated=False)
        .values("agency_id", "category", "officers__pk", "officers__name")
        .annotate(n=Count("pk"))
    )
    groups: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["agency_id"], row["category"])].append(row)
    for (agency_id, _category), members in groups.items():
        if len(members) < 3:
            continue
        median = statistics.median(m["n"] for m in members)
        for m in members:
            if m["n"] >= OUTLIER_MINIMUM and m["n"] > OUTLIER_FACTOR * median:
                yield Finding(
                    key=f"{WarningKind.OFFICER_OUTLIER}:{m['officers__pk']}:{m['category']}",
                    agency_id=agency_id,
                    kind=WarningKind.OFFICER_OUTLIER,
                    level=WarningLevel.YELLOW,
                    title=_(
                        "%(name)s handled %(n)d cases in a year; the median of peers is %(median)s"
                    )
                    % {"name": m["officers__name"], "n": m["n"], "median": median},
                    url=reverse("workbench:officer", kwargs={"officer_id": m["officers__pk"]}),
                )


@rule
def closed_fast(today: dt.date) -> Iterable[Finding]:
    since = today - dt.timedelta(days=PATTERN_WINDOW_DAYS)
    cases = Case.objects.filter(
        migrated=False, closed_on__gte=since, procedure__in=[Procedure.GENERAL, Procedure.HEARING]
    ).only("pk", "agency_id", "number", "filed_on", "closed_on")
    for case in cases:
        assert case.closed_on is not None
        if (case.closed_on - case.filed_on).days <= FAST_CLOSE_DAYS:
            yield Finding(
                key=f"{WarningKind.CLOSED_FAST}:{case.pk}",
                agency_id=case.agency_id,
                kind=WarningKind.CLOSED_FAST,
                level=WarningLevel.YELLOW,
                title=_(
                    "%(number)s went from filing to closing in %(days)d days under the general procedure"
                )
                % {"number": case.number, "days": (case.closed_on - case.filed_on).days},
                url=_case_url(case.pk),
            )


def findings(today: dt.date) -> list[Finding]:
    return [finding for check in RULES for finding in check(today)]
