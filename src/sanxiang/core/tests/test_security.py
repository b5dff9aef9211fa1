"""Security headers, and templates that keep to the Content Security Policy."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


@pytest.mark.parametrize("path", ["/", "/agencies/", "/accounts/login/"])
def test_pages_carry_a_policy_without_inline_scripts(client, db, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/docs/"])
def test_pages_deny_the_camera_microphone_location_and_payment(client, db, path):
    permissions = client.get(path)["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)
# Rendered only for WeasyPrint (the annual report's PDF) or on the API documentation pages,
# whose own policy allows inline styles.
NOT_SERVED_UNDER_THE_POLICY = {"report_print.html", "redoc.html", "swagger-ui.html"}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/decisions/"])
def test_pages_allow_no_inline_style(client, db, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy


def test_no_template_has_a_style_attribute_or_element():
    offenders = [
        str(path) for path in TEMPLATES
        if path.name not in NOT_SERVED_UNDER_THE_POLICY
        and STYLE.search(path.read_text(encoding="utf-8"))
    ]  # fmt: skip
    assert offenders == []


def test_no_template_has_an_inline_script_or_an_event_handler():
    assert TEMPLATES, "no templates found"
    offenders = [
        str(path) for path in TEMPLATES
        if INLINE_SCRIPT.search(text := path.read_text(encoding="utf-8")) or HANDLER.search(text)
    ]  # fmt: skip
    assert offenders == []
