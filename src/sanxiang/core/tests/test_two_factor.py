"""Two-factor sign-in (TOTP) for the roles that need it, and for anyone who opted in."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def required_for_reviewers(settings):
    settings.TWO_FACTOR_ROLES = ["reviewer", "head", "supervisor", "admin"]


def test_a_reviewer_without_an_authenticator_is_sent_to_set_one_up(
    client, reviewer, required_for_reviewers
):
    client.force_login(reviewer)
    response = client.get(reverse("workbench:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two-factor-setup"))


def test_setting_up_with_the_right_code_opens_the_workbench(
    client, reviewer, required_for_reviewers
):
    client.force_login(reviewer)
    page = client.get(reverse("two-factor-setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    response = client.post(reverse("two-factor-setup"), {"code": _code(device)})
    assert response.status_code == 302
    assert client.get(reverse("workbench:home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_wrong_code_is_refused_in_chinese_and_the_door_stays_shut(
    client, reviewer, required_for_reviewers
):
    device = TOTPDevice.objects.create(user=reviewer, confirmed=True, name="phone")
    client.force_login(reviewer)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two-factor-verify"), {"code": wrong})
    assert response.status_code == 200
    assert "验证码" in response.content.decode()
    assert client.get(reverse("workbench:home")).status_code == 302


def test_the_right_code_at_sign_in_opens_the_workbench(client, reviewer, required_for_reviewers):
    device = TOTPDevice.objects.create(user=reviewer, confirmed=True, name="phone")
    client.force_login(reviewer)
    assert client.get(reverse("workbench:home")).url.startswith(reverse("two-factor-verify"))
    client.post(reverse("two-factor-verify"), {"code": _code(device)})
    assert client.get(reverse("workbench:home")).status_code == 200


def test_an_officer_is_not_asked_unless_they_opted_in(client, officer, required_for_reviewers):
    client.force_login(officer)
    assert client.get(reverse("workbench:home")).status_code == 200
    TOTPDevice.objects.create(user=officer, confirmed=True, name="phone")
    assert client.get(reverse("workbench:home")).status_code == 302


def test_production_requires_it_of_reviewers_heads_supervisors_and_admins():
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("SANXIANG_")}
    env.update({
        "SANXIANG_DEPLOYMENT": "production", "SANXIANG_SECRET_KEY": "x" * 60,
        "SANXIANG_ALLOWED_HOSTS": "example.gov.cn", "SANXIANG_LEDGER_SIGNING_KEY": "unused",
        "SANXIANG_PII_KEYS": "unused", "SANXIANG_PII_HASH_KEY": "unused",
        "SANXIANG_LEDGER_ORIGIN": "example.gov.cn/sanxiang",
    })  # fmt: skip
    code = "from django.conf import settings; print(','.join(settings.TWO_FACTOR_ROLES))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'sanxiang.settings'); django.setup(); {code}"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    # Every role that reads parties' files, and administrators.
    expected = "officer,reviewer,head,publisher,supervisor,admin"
    assert result.stdout.strip() == expected, result.stderr
