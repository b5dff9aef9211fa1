"""Contract test: schemathesis against the live OpenAPI document, through the WSGI app.

Every operation, with generated parameters and bodies, must answer without a server error
and with a response that matches the document (status, content type, body schema).
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sanxiang.agencies.tests.factories import establish_item
from sanxiang.api.models import ApiCall
from sanxiang.ledger import services as ledger
from sanxiang.records import documents
from sanxiang.records.choices import DocumentType
from sanxiang.records.tests.test_services import _seizure, _upload


@pytest.fixture
def api_schema(
    db, wanxin_people, jinqiao_people, superuser, published, company_decision, officer,
    agency_admin, wanxin,
):  # fmt: skip
    # ``published``: a case, its decision (and its legal review with opinions) and
    # publication of 万新街 for the case, decision, review and publication endpoints (and the
    # 双公示 export) to answer with real records; an act, a document and a recording with
    # their files, and a power item established through the service with its version.
    case = published.decision.case
    act = _seizure(case, officer)
    documents.generate_document(actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE)
    _upload(officer, case, act=act)
    establish_item(wanxin, agency_admin, code="330217001000")
    # The WSGI handler would close the test's connection (and its transaction) after each
    # request; Django's own test client disconnects these handlers the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    for n in range(5):
        ledger.append(kind="test.entry", payload={"n": n}, actor=None, subject="test")
        if n % 2:
            ledger.sign_tree_head()
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# Examples per operation and generation mode: enough to find crashes and schema drift,
# small enough to keep the whole run within the suite's time budget (under a minute).
EXAMPLES = 15
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


# What the contract promises: no server error, and every response as documented (status,
# content type, headers, body). Not checked: whether the API accepts every schema-valid input
# and refuses every other one. It refuses more (a NUL in a name, an index past the log's
# size, bytes that are no workbook) and ignores empty filters, on purpose.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _check(operation, mode, key):
    auth = {"Authorization": f"Bearer {key}"}

    @given(case=operation.as_strategy(generation_mode=mode, headers=auth))
    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    )  # fmt: skip
    def run(case):
        case.call_and_validate(headers=auth, checks=CHECKS)

    run()


# Statistics answer supervisor tokens only: those operations run with one as well.
SUPERVISOR_PATHS = ("/statistics/", "/annual-reports/")


def test_no_server_error_and_no_response_breaks_the_schema(
    api_schema, wanxin_writer_key, supervisor_key, settings
):
    # Rate limits are tested on their own; here they would turn later operations into 429s.
    settings.API_RATE_PER_TOKEN = settings.API_RATE_ANONYMOUS = 10**6
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []
    for operation in operations:
        for mode in MODES:
            try:
                _check(operation, mode, wanxin_writer_key)
                if any(part in operation.path for part in SUPERVISOR_PATHS):
                    _check(operation, mode, supervisor_key)
            except Unsatisfiable:  # nothing to make invalid (no parameters): nothing to test
                assert mode == GenerationMode.NEGATIVE
            except (Exception, BaseExceptionGroup) as exc:  # collect every failure
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert failures == [], "\n\n".join(failures)
    # Every generated request reached the API (each call is logged): a run that sent
    # nothing would pass vacuously.
    assert ApiCall.objects.count() > len(operations) * EXAMPLES
