"""Writes of annual reports: generate, hand-entered figures, narrative, publish.

Once published a report is frozen (a snapshot): any later change needs a reason, and is kept
in the report's trail (``ReportOverride``) and in the ledger (domain-notes §5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.agencies.models import Agency, User
from sanxiang.ledger.services import append
from sanxiang.supervision import permissions
from sanxiang.supervision.annual import figures as stats
from sanxiang.supervision.annual.items import MANUAL_KEYS
from sanxiang.supervision.choices import OverrideKind, ReportStatus
from sanxiang.supervision.models import AnnualReport, ReportOverride, ReportSchedule


def due_date(agency: Agency, year: int) -> dt.date:
    """When the report on ``year`` is due: the agency's own date, else the installation's."""
    schedule = ReportSchedule.objects.filter(agency=agency).first()
    month, day = (
        (schedule.due_month, schedule.due_day)
        if schedule
        else (settings.SUPERVISION_REPORT_DUE_MONTH, settings.SUPERVISION_REPORT_DUE_DAY)
    )
    try:
        return dt.date(year + 1, month, day)
    except ValueError:  # e.g. 02-30 set by mistake: the month's last day
        return dt.date(year + 1, month + 1, 1) - dt.timedelta(days=1)


def snapshot(values: stats.Figures) -> dict[str, Any]:
    """JSON without floats: counts as integers, amounts and rates as decimal strings."""
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in sorted(values.items())}


def _require(actor: User, agency_id: int) -> None:
    if not permissions.can_prepare_report(actor, agency_id):
        raise PermissionDenied(_("Only the agency's head or administrator prepares its report."))


def _reason(report: AnnualReport, reason: str) -> str:
    if report.is_published and not reason.strip():
        raise ValidationError(
            {"reason": _("The report is published: say why it is changed (the reason is kept).")}
        )
    return reason.strip()


def _trail(
    report: AnnualReport, kind: OverrideKind, actor: User, reason: str, before: Any, after: Any
) -> None:
    entry = append(
        kind="supervision.report.override", actor=actor, subject=f"annual_report:{report.pk}",
        payload={"kind": kind, "reason": reason, "before": before, "after": after},
    )  # fmt: skip
    ReportOverride.objects.create(
        report=report, kind=kind, reason=reason, before=before, after=after, actor=actor,
        at=timezone.now(), ledger_seq=entry.seq,
    )  # fmt: skip


def generate_report(
    *, actor: User, agency: Agency, year: int, reason: str = "", today: dt.date | None = None
) -> AnnualReport:
    """Compute the year's figures from case data into the agency's report (a draft, or a
    published report corrected with a reason)."""
    _require(actor, agency.pk)
    today = today or timezone.localdate()
    if year >= today.year:
        raise ValidationError({"year": _("The year is not over yet: choose an earlier year.")})
    values = stats.compute(agency_ids=[agency.pk], year=year)
    if not stats.has_data(values):
        raise ValidationError(
            {"year": _("There are no cases or decisions of %(year)s to report.") % {"year": year}}
        )
    with transaction.atomic(durable=True):
        report = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
        now, figures = timezone.now(), snapshot(values)
        if report is None:
            report = AnnualReport(agency=agency, year=year)
        elif report.is_published:
            _trail(report, OverrideKind.REGENERATE, actor, _reason(report, reason),
                   report.figures, figures)  # fmt: skip
        report.figures, report.generated_at, report.generated_by = figures, now, actor
        report.save()
        entry = append(
            kind="supervision.report.generate", actor=actor, subject=f"annual_report:{report.pk}",
            payload={"agency": agency.code, "year": year, "figures": figures},
        )  # fmt: skip
        report.ledger_seq = entry.seq
        report.save(update_fields=["ledger_seq"])
    return report


def save_narrative(*, actor: User, report: AnnualReport, narrative: str, reason: str = "") -> None:
    """The general account (行政执法总体情况说明), the report's second part."""
    _require(actor, report.agency_id)
    why = _reason(report, reason)
    with transaction.atomic(durable=True):
        before = report.narrative
        report.narrative = narrative.strip()
        report.save(update_fields=["narrative"])
        if report.is_published:
            _trail(report, OverrideKind.NARRATIVE, actor, why, before, report.narrative)
        else:
            append(kind="supervision.report.narrative", actor=actor,
                   subject=f"annual_report:{report.pk}", payload={"narrative": report.narrative})  # fmt: skip


def _manual_value(value: str) -> str:
    try:
        number = Decimal(value.strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValidationError({"value": _("Enter a number, e.g. 12 or 3.45.")}) from exc
    if not number.is_finite() or number < 0:
        raise ValidationError({"value": _("Enter a number of zero or more.")})
    return str(number)


def set_manual_figure(
    *, actor: User, report: AnnualReport, key: str, value: str, note: str, reason: str = ""
) -> None:
    """A figure the platform does not record, entered by hand with where it comes from.

    An empty value removes the hand-entered figure."""
    _require(actor, report.agency_id)
    if key not in MANUAL_KEYS:
        raise ValidationError({"key": _("This figure comes from case data and is not entered.")})
    why = _reason(report, reason)
    after: dict[str, str] | None = None
    if value.strip():
        if not note.strip():
            raise ValidationError({"note": _("Say where the figure comes from.")})
        after = {"value": _manual_value(value), "note": note.strip()}
    with transaction.atomic(durable=True):
        before = report.manual.get(key)
        manual = {k: v for k, v in report.manual.items() if k != key}
        report.manual = {**manual, key: after} if after else manual
        report.save(update_fields=["manual"])
        if report.is_published:
            _trail(report, OverrideKind.MANUAL, actor, why, {key: before}, {key: after})
        else:
            append(kind="supervision.report.manual", actor=actor,
                   subject=f"annual_report:{report.pk}", payload={"key": key, "figure": after})  # fmt: skip


def publish_report(*, actor: User, report: AnnualReport) -> AnnualReport:
    """Publish on the portal and freeze: from now on changes need a reason."""
    _require(actor, report.agency_id)
    if report.is_published:
        raise ValidationError(_("The report is already published."))
    if not report.narrative.strip():
        raise ValidationError(
            {"narrative": _("Write the general account before publishing the report.")}
        )
    with transaction.atomic(durable=True):
        report.status, report.published_at, report.published_by = (
            ReportStatus.PUBLISHED, timezone.now(), actor,
        )  # fmt: skip
        report.save(update_fields=["status", "published_at", "published_by"])
        entry = append(
            kind="supervision.report.publish", actor=actor, subject=f"annual_report:{report.pk}",
            payload={"agency": report.agency.code, "year": report.year, "figures": report.figures,
                     "manual": report.manual, "narrative": report.narrative},
        )  # fmt: skip
        report.ledger_seq = entry.seq
        report.save(update_fields=["ledger_seq"])
    return report
