"""Who is calling, and how often: one client-address function behind trusted proxies, atomic
rate limits for look-ups and sign-ins, the second factor on a password change, and the
clean-up of what killed uploads leave behind."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanxiang.core import jobs, ratelimit
from sanxiang.core.clients import client_address
from sanxiang.core.models import RateLimitCount
from sanxiang.core.tests.accounts import PASSWORD


def _request(remote="10.0.0.5", **meta):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **meta)


def test_without_a_header_the_address_is_the_peer(settings):
    settings.CLIENT_ADDRESS_HEADER = None
    assert client_address(_request(HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.5"


def test_behind_a_proxy_the_rightmost_address_is_the_client_not_what_the_caller_wrote(settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXIES = []
    # The caller wrote 6.6.6.6 itself; the proxy appended the address it saw.
    assert client_address(_request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")) == "203.0.113.9"


def test_the_header_is_believed_only_from_a_trusted_proxy(settings):
    settings.CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    through_proxies = _request(HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.1.1.1")
    assert client_address(through_proxies) == "203.0.113.9"  # skips the inner proxy too
    direct = _request(remote="198.51.100.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_address(direct) == "198.51.100.7"
    assert client_address(_request(HTTP_X_FORWARDED_FOR="not-an-address")) == "10.0.0.5"


def test_a_limit_admits_exactly_its_number_and_a_success_can_be_given_back(db):
    assert [ratelimit.take("t", "k", limit=3, window_seconds=600) for _ in range(5)] == [
        True, True, True, False, False,
    ]  # fmt: skip
    ratelimit.give_back("t", "k", window_seconds=600)
    assert ratelimit.take("t", "k", limit=3, window_seconds=600)
    assert not ratelimit.take("t", "k", limit=3, window_seconds=600)
    assert ratelimit.take("t", "other", limit=3, window_seconds=600)  # keys are separate


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_pass_the_limit():
    """40 simultaneous attempts against a limit of 10: exactly 10 pass (the cache-based
    counter once let 21 through)."""
    if connection.vendor == "sqlite":
        pytest.skip("an in-memory SQLite test database is one connection: no concurrency")
    results: list[bool] = []
    barrier = threading.Barrier(40)

    def attempt():
        from django.db import connections

        try:
            barrier.wait()
            results.append(ratelimit.take("race", "x", limit=10, window_seconds=600))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 10
    assert RateLimitCount.objects.get(scope="race").count == 10


def test_sign_in_failures_are_limited_per_address_across_user_names(client, officer, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    for name in ["a1", "a2", "a3"]:
        client.post(reverse("login"), {"username": name, "password": "wrong-password"})
    # A fourth name from the same address is not even tried; nor is the right password.
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 200
    assert "该网络地址登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(
        reverse("login"), {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302  # another address is not blocked


def test_successful_sign_ins_do_not_use_up_the_allowance(client, officer, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
        assert response.status_code == 302
        client.logout()


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_password_change_asks_for_the_one_time_code_when_an_authenticator_is_enrolled(
    client, officer
):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    new = "Another-Long-Passphrase-7"
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    refused = client.post(reverse("password_change"), data)
    assert refused.status_code == 200
    assert "请同时填写身份验证器应用显示的动态验证码" in refused.content.decode()
    wrong = client.post(reverse("password_change"), {**data, "code": "000000"})
    assert wrong.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a moment (django-otp)
    accepted = client.post(reverse("password_change"), {**data, "code": _code(device)})
    assert accepted.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(new)


def test_without_an_authenticator_the_password_change_has_no_code_field(client, officer):
    client.force_login(officer)
    assert 'name="code"' not in client.get(reverse("password_change")).content.decode()


def test_housekeeping_removes_old_upload_temp_files_and_old_windows(db, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    old, fresh = tmp_path / "old.upload", tmp_path / "fresh.upload"
    old.write_bytes(b"x" * 1000)
    fresh.write_bytes(b"y")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    RateLimitCount.objects.create(scope="t", key="k", window_start=int(time.time()) - 90000)
    RateLimitCount.objects.create(scope="t", key="k", window_start=int(time.time()) // 60 * 60)
    outcome = jobs.housekeeping()
    assert not old.exists() and fresh.exists()
    assert "temp files removed: 1 (1000 bytes)" in outcome
    assert RateLimitCount.objects.count() == 1


def test_uploads_spool_into_the_installation_s_own_temp_folder(settings):
    assert Path(settings.FILE_UPLOAD_TEMP_DIR).is_relative_to(settings.VAR_DIR)
