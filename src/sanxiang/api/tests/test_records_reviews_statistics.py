"""Power items, acts, documents, recordings, reviews and statistics in the API: the token
permission matrix (the same table shape as test_case_endpoints), what each record shows,
and downloads that pass the workbench's access checks and land in its access log."""

from __future__ import annotations

from typing import Any

import pytest

from sanxiang.agencies.tests.factories import establish_item
from sanxiang.api.choices import TokenScope
from sanxiang.api.tests.conftest import client_with, issue
from sanxiang.records import documents
from sanxiang.records.choices import DocumentType
from sanxiang.records.models import AccessLog
from sanxiang.records.tests.test_services import MP4, _seizure, _upload
from sanxiang.review.models import Review

CALLERS = ["anonymous", "public", "wanxin", "jinqiao", "supervisor"]
OWN = {"own"}
NONE: set[str] = set()
SCOPED_LIST = [401, 403, OWN, NONE, OWN]
SCOPED_ONE = [401, 403, 200, 404, 200]
PUBLIC = [200, 200, 200, 200, 200]

# Every object belongs to 万新街 ("own"); 金桥街's token must not see it.
TABLE: list[tuple[str, str | None, list[Any]]] = [
    ("/api/v1/power-items/", "power_item", SCOPED_LIST),
    ("/api/v1/power-items/{power_item}/", "power_item", SCOPED_ONE),
    ("/api/v1/power-items/{power_item}/versions/", "power_item", SCOPED_ONE),
    ("/api/v1/public/power-items/", "public_item", [OWN, OWN, OWN, OWN, OWN]),
    ("/api/v1/public/power-items/{public_item}/", "public_item", PUBLIC),
    ("/api/v1/public/power-items/{public_item}/versions/", "public_item", PUBLIC),
    ("/api/v1/acts/", "act", SCOPED_LIST),
    ("/api/v1/acts/{act}/", "act", SCOPED_ONE),
    ("/api/v1/documents/", "document", SCOPED_LIST),
    ("/api/v1/documents/{document}/", "document", SCOPED_ONE),
    ("/api/v1/recordings/", "recording", SCOPED_LIST),
    ("/api/v1/recordings/{recording}/", "recording", SCOPED_ONE),
    # Files: reading records is logged under a person, and none of these tokens has one.
    ("/api/v1/documents/{document}/file/?reason=x", "document", [401, 403, 403, 404, 403]),
    ("/api/v1/recordings/{recording}/file/?reason=x", "recording", [401, 403, 403, 404, 403]),
    ("/api/v1/reviews/", "review", SCOPED_LIST),
    ("/api/v1/reviews/{review}/", "review", SCOPED_ONE),
    # Statistics, like the dashboards and reports, are for watchers: supervisor tokens.
    ("/api/v1/statistics/annual/?agency={agency}&year=2025", None, [401, 403, 403, 403, 200]),
    ("/api/v1/statistics/monthly/?agency={agency}", None, [401, 403, 403, 403, 200]),
    ("/api/v1/statistics/monthly/", None, [401, 403, 403, 403, 200]),
    ("/api/v1/annual-reports/", None, [401, 403, 200, 200, 200]),
]


@pytest.fixture
def objects(published, officer, wanxin, agency_admin):
    case = published.decision.case
    document = documents.generate_document(
        actor=officer, case=case, doc_type=DocumentType.PENALTY_NOTICE
    )
    act = _seizure(case, officer)
    recording = _upload(officer, case, act=act)
    item = establish_item(wanxin, agency_admin, code="330217001000")
    return {
        "power_item": item.pk, "public_item": f"{wanxin.code}/{item.code}",
        "act": act.pk, "document": document.pk,
        "recording": recording.pk, "review": Review.objects.get(case=case).pk,
        "agency": wanxin.pk,
    }  # fmt: skip


@pytest.fixture
def keys(public_key, wanxin_key, jinqiao_key, supervisor_key):
    return {
        "anonymous": None, "public": public_key, "wanxin": wanxin_key,
        "jinqiao": jinqiao_key, "supervisor": supervisor_key,
    }  # fmt: skip


def _listed(response, target):
    items = response.json()["results"]
    if target == "public_item":
        return {f"{i['agency_code']}/{i['code']}" for i in items}
    return {item["id"] for item in items}


@pytest.mark.parametrize(
    ("path", "target", "caller", "expected"),
    [
        pytest.param(path, target, caller, expected[i], id=f"{caller}-{path}")
        for path, target, expected in TABLE
        for i, caller in enumerate(CALLERS)
    ],
)
def test_the_permission_matrix(path, target, caller, expected, keys, objects):
    response = client_with(keys[caller]).get(path.format(**objects))
    assert "json" in response["Content-Type"]
    if isinstance(expected, set):
        assert response.status_code == 200, response.json()
        assert (objects[target] in _listed(response, target)) == bool(expected)
        if not expected:  # nothing of 万新街's at all
            agencies = {item.get("agency") for item in response.json()["results"]}
            assert objects["agency"] not in agencies
    else:
        assert response.status_code == expected, response.content
        if expected >= 400:
            assert set(response.json()["error"]) >= {"code", "message", "message_en"}


def test_a_power_item_shows_its_current_version_rules_and_history(objects, wanxin_key):
    item = client_with(wanxin_key).get(f"/api/v1/power-items/{objects['power_item']}/").json()
    assert item["current_version"]["number"] >= 1
    assert item["current_version"]["code"] == item["code"]
    versions = client_with(wanxin_key).get(f"/api/v1/power-items/{objects['power_item']}/versions/")
    numbers = [v["number"] for v in versions.json()]
    assert numbers == sorted(numbers) and numbers[-1] == item["current_version"]["number"]
    public = client_with(None).get(f"/api/v1/public/power-items/{objects['public_item']}/")
    assert public.json()["current_version"]["name"] == item["name"]
    missing = client_with(None).get("/api/v1/public/power-items/wanxin/no-such-code/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_the_public_power_list_filters_by_category_and_phrase(objects):
    listed = client_with(None).get("/api/v1/public/power-items/?category=penalty").json()
    assert listed["count"] >= 1
    nothing = client_with(None).get("/api/v1/public/power-items/?q=不存在的事项名称").json()
    assert nothing["count"] == 0
    bad = client_with(None).get("/api/v1/public/power-items/?category=nonsense")
    assert bad.status_code == 400 and "category" in bad.json()["error"]["fields"]


def test_a_review_carries_its_opinions(objects, supervisor_key):
    review = client_with(supervisor_key).get(f"/api/v1/reviews/{objects['review']}/").json()
    assert review["opinions"] and review["opinions"][0]["kind"]
    assert review["case"] and review["proposed_decision"]
    assert "id_number" not in str(review)


def test_a_download_by_the_handlers_account_is_logged_without_a_reason(
    objects, superuser, wanxin, officer
):
    key = issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=officer)
    response = client_with(key).get(
        f"/api/v1/recordings/{objects['recording']}/file/", REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MP4
    row = AccessLog.objects.get()
    assert (row.user, row.action, row.address, row.reason) == (officer, "download", "10.9.8.7", "")
    assert row.object_kind == "recording" and row.object_id == objects["recording"]


def test_a_download_outside_ones_own_cases_needs_a_reason_and_logs_it(
    objects, superuser, wanxin, agency_admin
):
    key = issue(superuser, scope=TokenScope.AGENCY, agency=wanxin, user=agency_admin)
    url = f"/api/v1/documents/{objects['document']}/file/"
    refused = client_with(key).get(url)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "reason_required"
    assert not AccessLog.objects.exists()
    response = client_with(key).get(url, {"reason": "2026年案卷评查"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    row = AccessLog.objects.get()
    assert (row.user, row.reason, row.object_kind) == (agency_admin, "2026年案卷评查", "document")
    # A second range of the same reading (a player seeking) is not another reading.
    again = client_with(key).get(url, {"reason": "2026年案卷评查"}, HTTP_RANGE="bytes=10-20")
    assert again.status_code == 206 and AccessLog.objects.count() == 1


def test_an_out_of_scope_download_is_a_404_and_not_logged(objects, superuser, jinqiao):
    from sanxiang.agencies.tests.factories import UserFactory

    stranger = UserFactory(username="jq", agency=jinqiao)
    key = issue(superuser, scope=TokenScope.AGENCY, agency=jinqiao, user=stranger)
    response = client_with(key).get(f"/api/v1/recordings/{objects['recording']}/file/?reason=x")
    assert response.status_code == 404 and not AccessLog.objects.exists()


def test_annual_statistics_are_the_reports_own_figures(objects, supervisor_key, wanxin):
    from django.utils import timezone

    from sanxiang.supervision.annual import figures

    year = timezone.localdate().year
    response = client_with(supervisor_key).get(
        "/api/v1/statistics/annual/", {"agency": wanxin.pk, "year": year}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "live" and data["agency"] == wanxin.code
    values = {row["key"]: row["value"] for s in data["sections"] for row in s["rows"]}
    computed = figures.compute(agency_ids=[wanxin.pk], year=year)
    assert values["penalty.total"] == computed["penalty.total"] >= 1
    bad = client_with(supervisor_key).get("/api/v1/statistics/annual/", {"agency": wanxin.pk})
    assert bad.status_code == 400 and "year" in bad.json()["error"]["fields"]


def test_monthly_statistics_are_the_dashboards_panels(objects, supervisor_key, wanxin):
    response = client_with(supervisor_key).get("/api/v1/statistics/monthly/")
    assert response.status_code == 200
    panels = {p["key"]: p for p in response.json()["panels"]}
    assert sum(row["value"] for row in panels["filed"]["rows"]) >= 1
    assert panels["filed"]["title"] and panels["filed"]["title_en"]
    wrong = client_with(supervisor_key).get(
        "/api/v1/statistics/monthly/", {"start": "2025-05-01", "end": "2025-01-01"}
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["message"] and wrong.json()["error"]["message_en"]
