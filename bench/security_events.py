"""Security events: the cost of recording one (per sign-in, refusal, export), of digesting
them into the ledger, and of ``sanxiang audit verify``, each against a baseline.

- recording: ``record_security_event`` (ORM, append-only triggers, indexes), one committed
  INSERT per event as in a request, against single committed INSERTs of the same values
  into a plain table with no index and no trigger;
- digest and verify: events/s, against hashing the same canonical lines with SHA-256 alone.

Usage: ``python bench/security_events.py [--db sqlite|postgres] [--events N]``.
"""

from __future__ import annotations

import hashlib

import ledger_common as common


def main() -> None:
    parser = common.parser(__doc__ or "")
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    common.setup(args.db)
    from django.db import connection
    from django.test import RequestFactory

    from sanxiang.core.audit import Kind, record_security_event
    from sanxiang.core.models import SecurityEvent
    from sanxiang.ledger import audit

    total = args.events
    request = RequestFactory().get(
        "/workbench/cases/?format=xlsx", HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64)"
    )

    def record() -> None:
        for i in range(total):
            record_security_event(
                kind=Kind.LOGIN_FAILED, request=request, username=f"user{i % 300}",
                detail={"what": "case-register", "rows": i},
            )  # fmt: skip

    recording = common.timed(record)

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_plain_event (id integer, at varchar(40), kind varchar(32), "
            "username varchar(150), address varchar(39), user_agent varchar(300), "
            "path varchar(500), detail text)"
        )
    rows = [
        (e.pk, e.at.isoformat(), e.kind, e.username, e.address, e.user_agent, e.path,
         str(e.detail))
        for e in SecurityEvent.objects.order_by("pk")
    ]  # fmt: skip

    def plain() -> None:
        with connection.cursor() as cursor:
            for row in rows:  # autocommit: one committed INSERT each
                cursor.execute(
                    "INSERT INTO bench_plain_event VALUES (%s,%s,%s,%s,%s,%s,%s,%s)", row
                )

    baseline_insert = common.timed(plain)
    digesting = common.timed(lambda: audit.digest_security_events(settle_seconds=0))
    report = audit.verify_security_events()
    assert report.ok and report.events == total, report
    verifying = common.timed(audit.verify_security_events)
    lines = [audit.event_line(e) for e in SecurityEvent.objects.order_by("pk")]
    hashing = common.timed(lambda: [hashlib.sha256(line).digest() for line in lines])
    common.report(
        [
            f"machine: {common.machine()}",
            f"database: {connection.vendor}; {total} events",
            f"record_security_event: {recording / total * 1e6:,.0f} µs/event "
            f"(baseline plain committed INSERT: {baseline_insert / total * 1e6:,.0f} µs)",
            f"digest into the ledger: {total / digesting:,.0f} events/s "
            f"({(total + audit.BATCH - 1) // audit.BATCH} ledger entries)",
            f"audit verify: {total / verifying:,.0f} events/s",
            f"baseline SHA-256 of the same lines alone: {total / hashing:,.0f} events/s",
        ]
    )


if __name__ == "__main__":
    main()
