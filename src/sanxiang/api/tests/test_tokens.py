"""Tokens: issued once, stored hashed, expiring, revocable, managed in the admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from sanxiang.api import services
from sanxiang.api.choices import TokenScope
from sanxiang.api.models import ApiToken
from sanxiang.api.tests.conftest import client_with, issue
from sanxiang.ledger.models import Entry


def test_the_key_is_shown_once_and_only_its_hash_is_stored(superuser, wanxin):
    key = issue(superuser, scope=TokenScope.AGENCY, agency=wanxin)
    token = ApiToken.objects.get()
    assert key.startswith(f"sx_{token.lookup}_")
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(key in value or key.split("_", 2)[2] in value for value in stored)
    assert token.key_hash == services.hash_key(key)


def test_issuing_and_revoking_are_in_the_ledger(superuser, wanxin):
    issue(superuser, scope=TokenScope.AGENCY, agency=wanxin)
    services.revoke_token(actor=superuser, token=ApiToken.objects.get())
    assert list(Entry.objects.values_list("kind", flat=True)) == [
        "api.token_created", "api.token_revoked",
    ]  # fmt: skip


def test_only_the_installation_administrator_issues_tokens(agency_admin, wanxin):
    with pytest.raises(PermissionDenied):
        issue(agency_admin, scope=TokenScope.AGENCY, agency=wanxin)


@pytest.mark.parametrize(
    ("scope", "with_agency", "with_user", "days", "field"),
    [
        (TokenScope.PUBLIC, True, False, 30, "agency"),
        (TokenScope.AGENCY, False, False, 30, "agency"),
        (TokenScope.SUPERVISOR, False, False, 30, "agency"),
        (TokenScope.SUPERVISOR, True, True, 30, "user"),
        (TokenScope.AGENCY, True, False, -1, "expires_at"),
        (TokenScope.AGENCY, True, False, 400, "expires_at"),
    ],
)
def test_a_token_that_makes_no_sense_is_refused(
    superuser, wanxin, agency_admin, scope, with_agency, with_user, days, field
):
    with pytest.raises(ValidationError) as error:
        issue(superuser, scope=scope, agency=wanxin if with_agency else None,
              user=agency_admin if with_user else None, days=days)  # fmt: skip
    assert field in error.value.message_dict


def test_the_account_for_writes_must_belong_to_the_tokens_agency(superuser, jinqiao, agency_admin):
    with pytest.raises(ValidationError) as error:
        issue(superuser, scope=TokenScope.AGENCY, agency=jinqiao, user=agency_admin)
    assert "user" in error.value.message_dict


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("Bearer sx_00000000_nope", "invalid_token"),
        ("Bearer not-even-shaped", "invalid_token"),
        ("Bearer", "malformed_token"),
        ("Bearer a b", "malformed_token"),
    ],
)
def test_a_wrong_token_is_401_with_a_reason(db, header, code):
    response = Client(headers={"Authorization": header}).get("/api/v1/officers/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == code


def test_an_expired_token_is_refused(wanxin_key):
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client_with(wanxin_key).get("/api/v1/officers/")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "token_expired"
    assert error["message"] == "此接口令牌已过期。"
    assert error["message_en"] == "This API token has expired."


def test_a_revoked_token_stops_working_at_once(superuser, wanxin_key):
    assert client_with(wanxin_key).get("/api/v1/officers/").status_code == 200
    services.revoke_token(actor=superuser, token=ApiToken.objects.get())
    response = client_with(wanxin_key).get("/api/v1/officers/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_revoked"


def test_the_admin_issues_a_token_and_shows_its_key_once(superuser, wanxin):
    client = Client()
    client.force_login(superuser)
    expires = (timezone.localtime() + dt.timedelta(days=90)).strftime("%Y-%m-%d")
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "区监督平台", "scope": "agency", "agency": wanxin.pk,
         "expires_at_0": expires, "expires_at_1": "12:00:00"},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    key = re.search(r"sx_[0-9a-f]{8}_[\w-]+", response.content.decode()).group(0)
    assert client_with(key).get("/api/v1/officers/").status_code == 200
    token = ApiToken.objects.get()
    page = client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert key not in page


def test_the_admin_refuses_a_public_token_bound_to_an_agency(superuser, wanxin):
    client = Client()
    client.force_login(superuser)
    expires = (timezone.localtime() + dt.timedelta(days=90)).strftime("%Y-%m-%d")
    response = client.post(
        "/admin/api/apitoken/add/",
        {"name": "x", "scope": "public", "agency": wanxin.pk,
         "expires_at_0": expires, "expires_at_1": "12:00:00"},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert "公开令牌不绑定执法机关" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_admin_revokes_selected_tokens(superuser, wanxin_key):
    client = Client()
    client.force_login(superuser)
    token = ApiToken.objects.get()
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == superuser


def test_staff_who_are_not_superusers_cannot_reach_tokens_in_the_admin(agency_admin):
    client = Client()
    client.force_login(agency_admin)
    assert client.get("/admin/api/apitoken/add/").status_code in (302, 403)
