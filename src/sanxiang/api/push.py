"""Push to the supervision platform: new decisions, publications, withdrawals, and
statistics (each agency's monthly figures and its published annual report).

``sanxiang tick`` does both halves, each idempotent:

1. **queue** — scan the decisions and publications (through their apps' selectors) and add
   a ``Delivery`` for every event not queued yet (the unique key ``event:id`` makes a second
   scan a no-op);
2. **deliver** — POST each due delivery's JSON to ``API_PUSH_URL`` with
   ``X-Sanxiang-Timestamp`` (Unix seconds) and ``X-Sanxiang-Signature``
   (``sha256=`` + hex HMAC-SHA256 of ``"<timestamp>.<body>"`` under ``API_PUSH_SECRET``).
   A 2xx answer delivers it; anything else is retried after ``API_PUSH_BACKOFF_SECONDS``,
   doubling each time, until ``API_PUSH_MAX_ATTEMPTS``, then it is marked failed. Every
   attempt is logged (``DeliveryAttempt``). ``replay`` sends one again at once.

Statistics (``API_PUSH_STATISTICS``, on by default) are the supervision app's own figures,
through the payload builders of ``supervision.api`` (the same as the statistics endpoints):

- ``statistics.monthly``: once a month has ended, the dashboard's panels for that month,
  for each agency that has cases on the platform (key ``statistics.monthly:<agency>:<month>``;
  only the month just ended is queued, history is not back-filled);
- ``statistics.annual_report``: a published annual report, once (its figures are frozen).

No URL configured: nothing is queued or sent. Payloads carry no ID numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from sanxiang.agencies.selectors import agencies_visible_to
from sanxiang.api.models import Delivery, DeliveryAttempt
from sanxiang.api.shuanggongshi import INTERNAL_COLUMNS, Installation
from sanxiang.cases.selectors import cases_visible_to
from sanxiang.core import tick
from sanxiang.decisions import selectors as decision_selectors
from sanxiang.decisions.models import Decision
from sanxiang.publicity import selectors as publicity_selectors
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.models import Publication
from sanxiang.supervision import api as statistics
from sanxiang.supervision.annual import selectors as report_selectors
from sanxiang.supervision.choices import ReportStatus

DECISION_MADE = "decision.made"
PUBLICATION_PUBLISHED = "publication.published"
PUBLICATION_WITHDRAWN = "publication.withdrawn"
STATISTICS_MONTHLY = "statistics.monthly"
STATISTICS_ANNUAL_REPORT = "statistics.annual_report"
MAX_BACKOFF_SECONDS = 24 * 3600
BATCH = 200


def enabled() -> bool:
    return bool(settings.API_PUSH_URL)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _stamp(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def decision_payload(decision: Decision) -> dict[str, Any]:
    return {
        "number": decision.number, "agency": decision.agency.code,
        "agency_uscc": decision.agency.uscc, "case": decision.case.number,
        "category": decision.category, "decided_on": decision.decided_on,
        "penalty_types": decision.penalty_types, "fine_amount": decision.fine_amount,
        "confiscation_amount": decision.confiscation_amount, "status": decision.status,
        "review_required": decision.review_required,
    }  # fmt: skip


def publication_payload(publication: Publication) -> dict[str, Any]:
    fields = {k: v for k, v in (publication.fields or {}).items() if k not in INTERNAL_COLUMNS}
    return {
        "public_id": publication.public_id, "number": publication.number,
        "agency": publication.agency.code, "category": publication.category,
        "decided_on": publication.decided_on, "published_at": _stamp(publication.published_at),
        "display_until": publication.display_until, "fields": fields,
    }  # fmt: skip


def withdrawal_payload(publication: Publication) -> dict[str, Any]:
    return {
        "public_id": publication.public_id, "number": publication.number,
        "agency": publication.agency.code, "withdrawn_at": _stamp(publication.withdrawn_at),
        "reason": publication.withdrawal_reason,
    }  # fmt: skip


def _queue(event: str, obj_id: int | str, payload: dict[str, Any], known: set[str]) -> bool:
    key = f"{event}:{obj_id}"
    if key in known:
        return False
    data = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    Delivery.objects.get_or_create(key=key, defaults={"event": event, "payload": data})
    known.add(key)
    return True


def queue_new_events() -> int:
    """Queue every decision, publication and withdrawal not queued yet; returns how many."""
    everyone = Installation()
    known = set(Delivery.objects.values_list("key", flat=True))
    count = 0
    for decision in decision_selectors.decisions_visible_to(user=everyone).order_by("pk"):
        count += _queue(DECISION_MADE, decision.pk, decision_payload(decision), known)
    publications = publicity_selectors.publications_visible_to(user=everyone).order_by("pk")
    for publication in publications.filter(
        status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN],
        published_at__isnull=False,
    ):
        payload = publication_payload(publication)
        count += _queue(PUBLICATION_PUBLISHED, publication.pk, payload, known)
        if publication.status == PublicationStatus.WITHDRAWN:
            count += _queue(
                PUBLICATION_WITHDRAWN, publication.pk, withdrawal_payload(publication), known
            )
    return count


def month_just_ended(today: dt.date) -> tuple[dt.date, dt.date]:
    end = today.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def monthly_statistics_payload(agency: Any, start: dt.date, end: dt.date,
                               today: dt.date) -> dict[str, Any]:  # fmt: skip
    figures = statistics.monthly_payload(agency_ids=[agency.pk], start=start, end=end,
                                         today=today)  # fmt: skip
    return {"agency": agency.code, "agency_name": agency.name, "month": f"{start:%Y-%m}",
            **figures}  # fmt: skip


def queue_statistics(*, today: dt.date | None = None) -> int:
    """Queue the month just ended for each agency with cases, and new published reports."""
    if not settings.API_PUSH_STATISTICS:
        return 0
    everyone = Installation()
    today = today or timezone.localdate()
    start, end = month_just_ended(today)
    known = set(
        Delivery.objects.filter(event__startswith="statistics.").values_list("key", flat=True)
    )
    count = 0
    with_cases = cases_visible_to(user=everyone).values("agency_id")
    agencies = agencies_visible_to(user=everyone).filter(pk__in=with_cases).order_by("pk")
    for agency in agencies:
        key = f"{agency.pk}:{start:%Y-%m}"
        if f"{STATISTICS_MONTHLY}:{key}" in known:
            continue
        payload = monthly_statistics_payload(agency, start, end, today)
        count += _queue(STATISTICS_MONTHLY, key, payload, known)
    reports = report_selectors.reports_visible_to(user=everyone).filter(
        status=ReportStatus.PUBLISHED, published_at__isnull=False
    )
    for report in reports.order_by("pk"):
        if f"{STATISTICS_ANNUAL_REPORT}:{report.pk}" not in known:
            payload = statistics.annual_payload(report)
            count += _queue(STATISTICS_ANNUAL_REPORT, report.pk, payload, known)
    return count


def backoff(attempts: int) -> dt.timedelta:
    seconds = settings.API_PUSH_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


def _send(delivery: Delivery) -> tuple[int | None, str]:
    secret, url = settings.API_PUSH_SECRET, settings.API_PUSH_URL
    if not secret or not url:
        raise ImproperlyConfigured("SANXIANG_API_PUSH_SECRET must be set with the push URL")
    body = json.dumps(
        {"id": delivery.pk, "event": delivery.event, "data": delivery.payload},
        ensure_ascii=False, sort_keys=True,
    ).encode()  # fmt: skip
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Sanxiang-Event": delivery.event, "X-Sanxiang-Delivery": str(delivery.pk),
            "X-Sanxiang-Timestamp": timestamp,
            "X-Sanxiang-Signature": sign(secret, timestamp, body),
        },
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=settings.API_PUSH_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return None, str(exc)[:500] or exc.__class__.__name__


def attempt(delivery: Delivery, *, replay: bool = False) -> bool:
    """Send one delivery once, log the attempt, and schedule the next one if it failed."""
    started = time.monotonic()
    status, error = _send(delivery)
    ok = status is not None and 200 <= status < 300
    now = timezone.now()
    DeliveryAttempt.objects.create(
        delivery=delivery, at=now, status_code=status, error=error, replay=replay,
        duration_ms=int((time.monotonic() - started) * 1000),
    )  # fmt: skip
    delivery.attempts += 1
    if ok:
        delivery.status = Delivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.last_error = ""
    else:
        delivery.last_error = error or f"HTTP {status}"
        if delivery.attempts >= settings.API_PUSH_MAX_ATTEMPTS and not replay:
            delivery.status = Delivery.Status.FAILED
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    return ok


def deliver_due(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Attempt every pending delivery that is due; returns (delivered, failed attempts)."""
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now or timezone.now()
    ).order_by("next_attempt_at", "pk")[:BATCH]
    delivered = failed = 0
    for delivery in due:
        if attempt(delivery):
            delivered += 1
        else:
            failed += 1
    return delivered, failed


@transaction.atomic
def replay(delivery: Delivery) -> bool:
    """Send a delivery again now, whatever its status (from the admin or the command)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == Delivery.Status.FAILED:
        delivery.status = Delivery.Status.PENDING
    return attempt(delivery, replay=True)


@tick.register("api-push")
def tick_job() -> str:
    """Queue new events and statistics for the supervision platform, and deliver those due."""
    if not enabled():
        return "push disabled (no SANXIANG_API_PUSH_URL)"
    queued = queue_new_events() + queue_statistics()
    delivered, failed = deliver_due()
    return f"{queued} queued, {delivered} delivered, {failed} failed attempts"
