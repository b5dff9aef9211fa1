"""Push to the supervision platform, against a real HTTP receiver on 127.0.0.1 that checks
the signature and can refuse the first attempts."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sanxiang.api import push
from sanxiang.api.models import Delivery
from sanxiang.core import tick
from sanxiang.publicity import services as publicity

SECRET = "s3cret-for-tests"


class Receiver:
    """The supervision platform: records what it accepts, refuses ``fail_first`` attempts."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.refused = 0
        self.fail_first = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers["X-Sanxiang-Timestamp"]
                mac = hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256)
                good = hmac.compare_digest(
                    self.headers["X-Sanxiang-Signature"], "sha256=" + mac.hexdigest()
                )
                if not good:
                    self.send_response(401)
                elif receiver.fail_first > 0:
                    receiver.fail_first -= 1
                    receiver.refused += 1
                    self.send_response(503)
                else:
                    receiver.received.append(json.loads(body))
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/push"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def events(self) -> list[str]:
        return [item["event"] for item in self.received]


@pytest.fixture
def receiver(settings):
    r = Receiver()
    r.thread.start()
    settings.API_PUSH_URL = r.url
    settings.API_PUSH_SECRET = SECRET
    settings.API_PUSH_BACKOFF_SECONDS = 60
    settings.API_PUSH_MAX_ATTEMPTS = 3
    settings.API_PUSH_STATISTICS = False  # on in the statistics tests at the end
    yield r
    r.server.shutdown()
    r.server.server_close()


def _later(minutes: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def test_off_without_an_endpoint(settings, published):
    settings.API_PUSH_URL = None
    assert "disabled" in push.tick_job()
    assert not Delivery.objects.exists()


def test_tick_queues_and_delivers_signed_events_once(receiver, published):
    assert "api-push" in [job.name for job in tick.jobs()]
    report = push.tick_job()
    assert report == "2 queued, 2 delivered, 0 failed attempts"
    assert receiver.events() == [push.DECISION_MADE, push.PUBLICATION_PUBLISHED]
    data = receiver.received[1]["data"]
    assert data["number"] == published.number and data["fields"]["cf_wsh"] == published.number
    assert "120110198506150017" not in json.dumps(receiver.received)  # no ID numbers
    assert push.tick_job() == "0 queued, 0 delivered, 0 failed attempts"  # idempotent
    publicity.withdraw_publication(actor=None, publication=published, reason="复议机关撤销了该决定")
    push.tick_job()
    assert receiver.events()[-1] == push.PUBLICATION_WITHDRAWN
    assert receiver.received[-1]["data"]["reason"] == "复议机关撤销了该决定"


def test_refused_attempts_are_retried_with_exponential_backoff(receiver, published):
    receiver.fail_first = 2
    push.queue_new_events()
    delivery = Delivery.objects.get(event=push.DECISION_MADE)
    Delivery.objects.exclude(pk=delivery.pk).delete()
    assert push.deliver_due() == (0, 1)
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.status == Delivery.Status.PENDING
    assert delivery.last_error == "HTTP 503"
    first_wait = delivery.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=55) < first_wait <= dt.timedelta(seconds=60)
    assert push.deliver_due() == (0, 0)  # not due yet
    assert push.deliver_due(now=_later(2)) == (0, 1)
    delivery.refresh_from_db()
    second_wait = delivery.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=115) < second_wait <= dt.timedelta(seconds=120)  # doubled
    assert push.deliver_due(now=_later(5)) == (1, 0)
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED and delivery.attempts == 3
    assert [a.status_code for a in delivery.log.order_by("pk")] == [503, 503, 204]
    assert receiver.refused == 2 and receiver.events() == [push.DECISION_MADE]


def test_a_bad_signature_is_refused_and_the_delivery_fails_after_the_last_attempt(
    receiver, published, settings
):
    settings.API_PUSH_SECRET = "wrong"
    push.queue_new_events()
    for minutes in (0, 2, 5):
        push.deliver_due(now=_later(minutes))
    assert receiver.received == []
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    assert failed.count() == 2 and all(d.last_error == "HTTP 401" for d in failed)
    # Replay, once the secret is right, from the command.
    settings.API_PUSH_SECRET = SECRET
    call_command("push_replay", *[str(d.pk) for d in failed])
    assert sorted(receiver.events()) == [push.DECISION_MADE, push.PUBLICATION_PUBLISHED]
    assert not Delivery.objects.exclude(status=Delivery.Status.DELIVERED).exists()
    assert all(d.log.filter(replay=True).exists() for d in Delivery.objects.all())


def test_an_unreachable_platform_is_an_error_not_a_crash(receiver, published, settings):
    settings.API_PUSH_URL = "http://127.0.0.1:9/nothing"
    push.queue_new_events()
    assert push.deliver_due() == (0, 2)
    assert all(d.last_error for d in Delivery.objects.all())


def test_replay_from_the_admin(receiver, published, admin_client):
    push.queue_new_events()
    delivery = Delivery.objects.first()
    response = admin_client.post(
        "/admin/api/delivery/", {"action": "replay", "_selected_action": [delivery.pk]}
    )
    assert response.status_code == 302
    assert receiver.events() == [delivery.event]


def test_replay_needs_pushing_on(settings):
    settings.API_PUSH_URL = None
    with pytest.raises(CommandError):
        call_command("push_replay", "1")


# --- statistics ---------------------------------------------------------------------------


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=5)


def test_the_month_just_ended_is_pushed_once_per_agency_with_cases(receiver, settings, published):
    settings.API_PUSH_STATISTICS = True
    filed = published.decision.case.filed_on
    later = _next_month(filed)
    assert push.queue_statistics(today=later) == 1  # 万新街 only: the others have no cases
    assert push.queue_statistics(today=later) == 0  # idempotent
    receiver.fail_first = 1  # the platform is down once: retried with backoff
    assert push.deliver_due() == (0, 1)
    assert push.deliver_due(now=_later(2)) == (1, 0)
    [body] = receiver.received
    assert body["event"] == push.STATISTICS_MONTHLY
    data = body["data"]
    assert (data["agency"], data["month"]) == (published.agency.code, f"{filed:%Y-%m}")
    panels = {panel["key"]: panel for panel in data["panels"]}
    # The dashboard's own computation, for that month.
    assert panels["filed"]["rows"] == [{"label": f"{filed:%Y-%m}", "value": 1}]
    delivery = Delivery.objects.get(event=push.STATISTICS_MONTHLY)
    assert delivery.key == f"statistics.monthly:{published.agency_id}:{filed:%Y-%m}"
    assert delivery.log.count() == 2 and delivery.status == Delivery.Status.DELIVERED
    assert "120110198506150017" not in json.dumps(receiver.received)


def test_tick_pushes_statistics_when_on_and_not_when_off(receiver, settings, published):
    assert push.tick_job() == "2 queued, 2 delivered, 0 failed attempts"  # off: events only
    settings.API_PUSH_STATISTICS = True
    assert push.tick_job() == "1 queued, 1 delivered, 0 failed attempts"
    assert receiver.events()[-1] == push.STATISTICS_MONTHLY


def test_a_published_annual_report_is_pushed_with_its_frozen_figures(
    receiver, settings, published, head
):
    from sanxiang.supervision.annual import services as reports

    settings.API_PUSH_STATISTICS = True
    year = published.decision.decided_on.year
    report = reports.generate_report(
        actor=head, agency=published.agency, year=year, today=dt.date(year + 1, 1, 5)
    )
    reports.save_narrative(actor=head, report=report, narrative="全年依法履职。")
    push.queue_statistics()
    assert not Delivery.objects.filter(event=push.STATISTICS_ANNUAL_REPORT).exists()  # a draft
    reports.publish_report(actor=head, report=report)
    push.queue_statistics()
    push.deliver_due()
    [body] = [b for b in receiver.received if b["event"] == push.STATISTICS_ANNUAL_REPORT]
    data = body["data"]
    assert (data["agency"], data["year"], data["status"]) == (
        published.agency.code, year, "published",
    )  # fmt: skip
    values = {row["key"]: row["value"] for s in data["sections"] for row in s["rows"]}
    assert values["penalty.total"] == report.figures["penalty.total"] == 1
    # Replay from the delivery log sends it again, signed afresh.
    delivery = Delivery.objects.get(event=push.STATISTICS_ANNUAL_REPORT)
    assert push.replay(delivery)
    assert receiver.events().count(push.STATISTICS_ANNUAL_REPORT) == 2
