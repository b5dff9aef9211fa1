"""Sign-in, sign-out, lock-out after repeated failures, password change, Argon2."""

import pytest
from django.urls import reverse

from sanxiang.core.tests.accounts import PASSWORD


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_an_officer_signs_in_and_reaches_the_workbench(client, officer):
    response = _login(client, "officer", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("workbench:home")
    assert client.get(reverse("workbench:home")).status_code == 200


def test_a_wrong_password_gets_a_chinese_message(client, officer):
    response = _login(client, "officer", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_ten_wrong_passwords_lock_the_account_even_with_the_right_one(client, officer, settings):
    for _ in range(10):
        _login(client, "officer", "wrong-password")
    response = _login(client, "officer", PASSWORD)
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(officer):
    from django.conf import settings as django_settings
    from django.test import override_settings

    from sanxiang.settings import PASSWORD_HASHERS

    with override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS):
        assert django_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
        officer.set_password("Another-Passw0rd")
        assert officer.password.startswith("argon2")


def test_the_workbench_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_out_ends_the_session(client, officer):
    client.force_login(officer)
    client.post(reverse("logout"))
    assert client.get(reverse("workbench:home")).status_code == 302


def test_password_change_refuses_a_short_password(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/", "/agencies/", "/accounts/login/"])
def test_public_pages_are_chinese_even_for_an_english_browser(client, db, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()
