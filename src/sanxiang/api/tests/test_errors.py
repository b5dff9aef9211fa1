"""Every failure under /api/ is the same JSON body, in Chinese and English; never HTML."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.api.models import ApiCall, ApiToken
from sanxiang.api.tests.conftest import client_with


def _error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and error["message_en"]
    assert error["message"] != error["message_en"]  # really both languages
    return error


def test_an_unknown_path_is_a_json_404(db):
    error = _error(Client().get("/api/v1/no/such/thing"), 404, "not_found")
    assert error["message"] == "未找到，或本令牌无权查看。"


def test_a_path_with_control_characters_is_still_json(db):
    _error(Client().get("/api/v1/officers/a%0Ab/"), 404, "not_found")


def test_a_missing_trailing_slash_is_a_json_404_not_a_redirect(wanxin_key):
    _error(client_with(wanxin_key).get("/api/v1/officers"), 404, "not_found")


def test_no_token_on_a_scoped_endpoint_is_401(db):
    _error(Client().get("/api/v1/officers/"), 401, "not_authenticated")


def test_a_public_token_on_a_scoped_endpoint_is_403(public_key):
    _error(client_with(public_key).get("/api/v1/officers/"), 403, "scope_insufficient")


def test_a_write_to_a_read_only_endpoint_is_405(wanxin_key):
    _error(client_with(wanxin_key).put("/api/v1/officers/1/"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("agency=abc", "agency"),
        ("status=flying", "status"),
        ("agency=99999999999999999999", "agency"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(wanxin_key, query, field):
    error = _error(client_with(wanxin_key).get(f"/api/v1/officers/?{query}"), 400, "invalid")
    assert field in error["fields"]


@pytest.mark.parametrize("query", ["limit=501", "limit=0", "limit=-1", "limit=x", "offset=-3",
                                   "offset=99999999999999999999"])  # fmt: skip
def test_a_page_too_large_or_malformed_is_refused_clearly(wanxin_key, query):
    _error(client_with(wanxin_key).get(f"/api/v1/officers/?{query}"), 400, "invalid_page")


def test_pages_are_limited_and_offset(wanxin_key, wanxin, wanxin_people):
    from sanxiang.agencies.tests.factories import OfficerFactory

    OfficerFactory.create_batch(4, agency=wanxin)
    page = client_with(wanxin_key).get("/api/v1/officers/?limit=2&offset=1").json()
    assert page["count"] == 5
    assert len(page["results"]) == 2
    assert page["next"] and page["previous"]


def test_json_sent_to_the_multipart_import_is_415(wanxin_writer_key):
    response = client_with(wanxin_writer_key).post(
        "/api/v1/imports/people/", "{not json", content_type="application/json"
    )
    _error(response, 415, "unsupported_media_type")  # the import takes multipart only


def test_too_many_requests_is_429_with_retry_after(settings, wanxin_key):
    settings.API_RATE_PER_TOKEN = 3
    client = client_with(wanxin_key)
    statuses = [client.get("/api/v1/officers/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/officers/")
    _error(response, 429, "throttled")
    assert int(response["Retry-After"]) >= 1


def test_rate_limits_count_per_token(settings, wanxin_key, jinqiao_key):
    settings.API_RATE_PER_TOKEN = 1
    assert client_with(wanxin_key).get("/api/v1/officers/").status_code == 200
    assert client_with(wanxin_key).get("/api/v1/officers/").status_code == 429
    assert client_with(jinqiao_key).get("/api/v1/officers/").status_code == 200


def test_a_tokens_own_rate_overrides_the_default(settings, wanxin_key):
    settings.API_RATE_PER_TOKEN = 1
    ApiToken.objects.update(requests_per_minute=3)
    client = client_with(wanxin_key)
    assert [client.get("/api/v1/officers/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_anonymous_callers_are_limited_by_address(settings, db):
    settings.API_RATE_ANONYMOUS = 2
    statuses = [Client().get("/api/v1/public/agencies/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_every_call_is_logged_with_token_method_path_status_and_address(wanxin_key, wanxin_people):
    client = client_with(wanxin_key)
    client.get("/api/v1/officers/?status=active", REMOTE_ADDR="10.1.2.3")
    client.get(f"/api/v1/officers/{wanxin_people['officer'].pk}/")
    Client().get("/api/v1/officers/")
    calls = list(ApiCall.objects.order_by("pk"))
    token = ApiToken.objects.get()
    assert [(c.token, c.method, c.path, c.status) for c in calls] == [
        (token, "GET", "/api/v1/officers/", 200),
        (token, "GET", f"/api/v1/officers/{wanxin_people['officer'].pk}/", 200),
        (None, "GET", "/api/v1/officers/", 401),
    ]
    assert calls[0].query == "status=active"
    assert calls[0].address == "10.1.2.3"
    assert all(c.duration_ms >= 0 and c.at for c in calls)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_proxy_header_gives_the_address_when_configured(settings, db):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP"
    Client().get("/api/v1/public/agencies/", HTTP_X_REAL_IP="192.0.2.7")
    # A malformed header proves nothing: the connection's own address is logged.
    Client().get("/api/v1/public/agencies/", HTTP_X_REAL_IP="not-an-address")
    assert list(ApiCall.objects.order_by("pk").values_list("address", flat=True)) == [
        "192.0.2.7", "127.0.0.1",
    ]  # fmt: skip


def test_pages_outside_the_api_are_not_logged(db):
    Client().get("/")
    assert not ApiCall.objects.exists()
