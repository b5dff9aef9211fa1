"""Re-authentication before sensitive acts: publishing, withdrawing, deciding, exporting."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.agencies.tests.factories import PASSWORD
from sanxiang.core import reauth
from sanxiang.core.audit import Kind
from sanxiang.core.models import SecurityEvent
from sanxiang.publicity import services


def _expire(client):
    session = client.session
    session[reauth.SESSION_KEY] = time.time() - 3600
    session.save()


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def publishing(client, publisher, draft):
    """The publisher on the draft's page, with the text they typed and confirmed."""
    client.force_login(publisher)
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    typed = {"persons": "李四", "redacted_text": text + "（经核对）", "confirmed": "on"}
    return reverse("workbench:publication", args=[draft.pk]), typed


def test_within_the_window_a_fresh_sign_in_publishes_without_being_asked(client, publishing, draft):
    url, typed = publishing
    assert client.post(url, typed).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_outside_the_window_publishing_asks_again_and_keeps_what_was_typed(
    client, publishing, draft
):
    url, typed = publishing
    _expire(client)
    page = client.post(url, typed)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="reauth-password"' in html
    assert "（经核对）" in html  # carried in the page, not lost
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_right_password_publishes_with_the_data_as_typed(client, publishing, draft):
    url, typed = publishing
    _expire(client)
    client.post(url, typed)
    response = client.post(url, {**typed, "reauth-password": PASSWORD})
    assert response.status_code == 302
    assert response.url == url  # back where they were
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.redacted_text.endswith("（经核对）")
    assert SecurityEvent.objects.filter(kind=Kind.REAUTH, username="publisher").count() == 1


def test_a_wrong_password_is_refused_logged_and_the_data_kept(client, publishing, draft):
    url, typed = publishing
    _expire(client)
    response = client.post(url, {**typed, "reauth-password": "not-my-password"})
    html = response.content.decode()
    assert "密码不正确" in html
    assert "（经核对）" in html
    assert "not-my-password" not in html
    draft.refresh_from_db()
    assert draft.status == "draft"
    [event] = SecurityEvent.objects.filter(kind=Kind.REAUTH_FAILED)
    assert event.username == "publisher" and event.detail["reason"] == "password"
    assert "not-my-password" not in str(event.detail)


def test_five_wrong_passwords_end_the_session(client, publishing):
    url, typed = publishing
    _expire(client)
    for _ in range(reauth.MAX_FAILURES):
        response = client.post(url, {**typed, "reauth-password": "not-my-password"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_with_an_authenticator_the_code_is_required_too(client, publishing, publisher, draft):
    device = TOTPDevice.objects.create(user=publisher, confirmed=True, name="phone")
    url, typed = publishing
    session = client.session
    session["otp_device_id"] = device.persistent_id  # gave a code at sign-in, long ago
    session.save()
    _expire(client)
    response = client.post(url, {**typed, "reauth-password": PASSWORD})
    assert 'name="reauth-code"' in response.content.decode()
    assert "同时填写" in response.content.decode()  # asked for the code as well
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = client.post(
        url, {**typed, "reauth-password": PASSWORD, "reauth-code": _code(device)}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_the_preview_is_not_a_sensitive_act(client, publishing):
    url, _typed = publishing
    _expire(client)
    response = client.post(url, {"preview": "1", "persons": "李四", "redacted_text": "x"})
    assert 'name="reauth-password"' not in response.content.decode()


def test_withdrawing_asks_again_outside_the_window(client, publisher, draft):
    client.force_login(publisher)
    services.publish_decision(
        actor=publisher, publication=draft, confirmed=True, persons=["李四"],
        redacted_text=services.preview_redaction(publication=draft, persons=["李四"]).text,
    )  # fmt: skip
    _expire(client)
    url = reverse("workbench:publication-withdraw", args=[draft.pk])
    client.post(url, {"reason": "重新作出"})
    draft.refresh_from_db()
    assert draft.status == "published"
    client.post(url, {"reason": "重新作出", "reauth-password": PASSWORD})
    draft.refresh_from_db()
    assert draft.status == "withdrawn" and draft.withdrawal_reason == "重新作出"


def test_the_decision_form_asks_before_it_is_filled_in_and_returns_to_it(client, head, case):
    client.force_login(head)
    _expire(client)
    url = reverse("workbench:decision-new", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("reauth"))
    page = client.get(response.url)
    assert 'name="reauth-password"' in page.content.decode()
    back = client.post(response.url, {"reauth-password": PASSWORD})
    assert back.status_code == 302 and back.url == url
    assert client.get(url).status_code == 200


def test_an_export_asks_again_then_offers_the_file_and_records_the_export(client, officer):
    client.force_login(officer)
    _expire(client)
    url = reverse("workbench:cases") + "?format=xlsx"
    response = client.get(url, HTTP_REFERER="http://testserver" + reverse("workbench:cases"))
    assert response.url.startswith(reverse("reauth"))
    done = client.post(response.url, {"reauth-password": PASSWORD})
    html = done.content.decode()
    assert done.status_code == 200 and 'href="/workbench/cases/?format=xlsx"' in html
    assert client.get(url)["Content-Type"].startswith("application/vnd.openxmlformats")
    [event] = SecurityEvent.objects.filter(kind=Kind.EXPORT)
    assert event.username == "officer" and event.detail["what"] == "case-register"


def test_the_confirm_page_never_sends_anyone_off_the_site(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("reauth") + "?next=https://evil.example/", {"reauth-password": PASSWORD}
    )
    assert response.url == reverse("workbench:home")
