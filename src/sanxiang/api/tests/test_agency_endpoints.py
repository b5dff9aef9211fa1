"""The agencies' REST endpoints: what they show, what they never show, and their filters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxiang.agencies.choices import CredentialStatus
from sanxiang.agencies.tests.factories import CredentialFactory, OfficerFactory
from sanxiang.api.tests import conftest as api_fixtures
from sanxiang.api.tests.conftest import client_with

# The API's token and people fixtures, shared with the api app's tests.
_fresh_rate_limits = api_fixtures._fresh_rate_limits
wanxin_key = api_fixtures.wanxin_key
wanxin_people = api_fixtures.wanxin_people


@pytest.fixture
def client(wanxin_key):
    return client_with(wanxin_key)


def test_an_officer_is_shown_without_the_id_number(client, wanxin_people):
    officer = wanxin_people["officer"]
    response = client.get(f"/api/v1/officers/{officer.pk}/")
    assert response.json()["name"] == officer.name
    assert "id_number" not in response.json()
    assert officer.id_number not in response.content.decode()
    assert officer.id_number not in client.get("/api/v1/officers/").content.decode()


def test_a_credential_carries_its_state_and_history(client, wanxin_people):
    credential = wanxin_people["credential"]
    data = client.get(f"/api/v1/credentials/{credential.pk}/").json()
    assert data["number"] == credential.number
    assert data["state"] == "valid"
    assert [event["kind"] for event in data["events"]] == ["issued"]


def test_officers_filter_by_name_and_status(client, wanxin, wanxin_people):
    OfficerFactory(agency=wanxin, name="刘备", status="left")

    def names(query):
        return [o["name"] for o in client.get(f"/api/v1/officers/?{query}").json()["results"]]

    assert names("name=刘") == ["刘备"]
    assert names("status=left") == ["刘备"]
    assert "刘备" not in names("status=active")


def test_credentials_filter_by_status(client, wanxin_people):
    CredentialFactory(officer=wanxin_people["officer"], number="X-REVOKED",
                      status=CredentialStatus.REVOKED)  # fmt: skip
    results = client.get("/api/v1/credentials/?status=revoked").json()["results"]
    assert [c["number"] for c in results] == ["X-REVOKED"]


def test_the_credential_list_costs_the_same_queries_for_many_credentials(client, wanxin):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/credentials/").status_code == 200
        return len(queries)

    CredentialFactory(officer=OfficerFactory(agency=wanxin))
    few = count()
    for _ in range(5):
        CredentialFactory(officer=OfficerFactory(agency=wanxin))
    assert count() == few


def test_anyone_can_verify_a_credential_by_number(db, wanxin_people):
    credential = wanxin_people["credential"]
    data = client_with(None).get(f"/api/v1/public/credentials/{credential.number}/").json()
    assert data["officer_name"] == wanxin_people["officer"].name
    assert data["state"] == "valid"
    assert "id_number" not in data and "officer" not in data


def test_the_public_list_shows_only_agencies_on_the_portal(db, wanxin, jinqiao):
    jinqiao.is_public = False
    jinqiao.save(update_fields=["is_public"])
    codes = [a["code"] for a in client_with(None).get("/api/v1/public/agencies/").json()["results"]]
    assert "wanxin" in codes and "jinqiao" not in codes
    assert client_with(None).get("/api/v1/public/agencies/jinqiao/").status_code == 404
