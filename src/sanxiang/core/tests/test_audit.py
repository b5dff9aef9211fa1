"""Security events: what is recorded, from where, and that the records cannot be changed."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core.audit import Kind, record_security_event
from sanxiang.core.models import SecurityEvent, SecurityEventImmutable
from sanxiang.core.tests.accounts import PASSWORD

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 测试浏览器", "REMOTE_ADDR": "10.1.2.3"}


def _login(client, username, password):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, **BROWSER)


def _events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).order_by("id"))


def test_a_sign_in_is_recorded_with_address_browser_and_agency(client, officer):
    _login(client, "officer", PASSWORD)
    [event] = _events(Kind.LOGIN)
    assert (event.user_id, event.username, event.agency_id) == (
        officer.pk, "officer", officer.agency_id,
    )  # fmt: skip
    assert event.address == "10.1.2.3"
    assert event.user_agent == "Mozilla/5.0 测试浏览器"


def test_a_failed_sign_in_keeps_the_typed_name_even_of_no_user_and_never_the_password(client, db):
    _login(client, "nobody-here", "Secret-Guess-123")
    [event] = _events(Kind.LOGIN_FAILED)
    assert event.username == "nobody-here"
    assert event.user_id is None
    stored = str(SecurityEvent.objects.values_list("detail", "path", "user_agent").get())
    assert "Secret-Guess-123" not in stored


def test_repeated_failures_record_the_lock_out(client, officer):
    for _ in range(6):
        _login(client, "officer", "wrong-password")
    assert len(_events(Kind.LOGIN_FAILED)) == 6
    assert {e.username for e in _events(Kind.LOCKED_OUT)} == {"officer"}


def test_signing_out_is_recorded(client, officer):
    client.force_login(officer)
    client.post(reverse("logout"))
    [event] = _events(Kind.LOGOUT)
    assert event.username == "officer"
    assert event.detail == {"reason": "signed out"}


def test_a_password_change_is_recorded_without_the_password(client, officer):
    client.force_login(officer)
    new = "Another-Long-Passphrase-7"
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    [event] = _events(Kind.PASSWORD_CHANGED)
    assert event.username == "officer"
    assert new not in str(event.detail)


def test_an_administrator_setting_a_password_in_the_admin_is_recorded(client, superuser, officer):
    client.force_login(superuser)
    new = "Admin-Set-Passphrase-42"
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    response = client.post(url, {"password1": new, "password2": new})
    assert response.status_code == 302
    [event] = _events(Kind.PASSWORD_CHANGED)
    assert (event.username, event.detail) == ("officer", {"by": "root"})


def test_a_refused_page_is_recorded_as_a_permission_denial(client, officer):
    client.force_login(officer)
    assert client.get(reverse("workbench:ledger-entries"), **BROWSER).status_code == 403
    [event] = _events(Kind.PERMISSION_DENIED)
    assert event.username == "officer"
    assert event.path == reverse("workbench:ledger-entries")
    assert event.address == "10.1.2.3"


def test_authenticator_enrolment_wrong_codes_and_removal_are_recorded(client, reviewer):
    client.force_login(reviewer)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=reviewer)
    client.post(reverse("two-factor-setup"), {"code": "000000"})
    assert [e.detail["step"] for e in _events(Kind.TWO_FACTOR_FAILED)] == ["setup"]
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    assert [e.username for e in _events(Kind.TWO_FACTOR_ENROLLED)] == ["reviewer"]
    device.delete()
    assert [e.username for e in _events(Kind.TWO_FACTOR_REMOVED)] == ["reviewer"]


def test_secrets_never_reach_an_events_detail(db):
    event = record_security_event(
        kind=Kind.KEY_CHANGED, detail={"key": "pii", "password": "x", "token": "y", "to": "k2"}
    )
    assert event.detail == {"to": "k2"}


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(ValueError):
        record_security_event(kind="made_up")


def test_events_cannot_be_changed_or_deleted_through_the_orm(db):
    event = record_security_event(kind=Kind.LOGIN_FAILED, username="x")
    event.username = "y"
    with pytest.raises(SecurityEventImmutable):
        event.save()
    with pytest.raises(SecurityEventImmutable):
        event.delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_securityevent SET username = 'someone-else'",
        "DELETE FROM core_securityevent",
    ],
)
def test_the_database_refuses_to_change_or_delete_events(db, sql):
    record_security_event(kind=Kind.LOGIN_FAILED, username="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert SecurityEvent.objects.get().username == "x"
