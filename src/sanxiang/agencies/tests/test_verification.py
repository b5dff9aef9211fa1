"""Credential verification: by number, by QR token, token replacement, printable card."""

import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.agencies import services
from sanxiang.agencies.choices import CredentialStatus
from sanxiang.agencies.tests.factories import CredentialFactory, OfficerFactory


@pytest.fixture
def credential(wanxin):
    return CredentialFactory(
        officer=OfficerFactory(agency=wanxin, name="张执法"), number="津执1201100099"
    )


def test_a_citizen_verifies_a_valid_credential_by_number(client, credential):
    response = client.get(
        reverse("portal:credential-lookup"), {"number": "津执1201100099"}, follow=True
    )
    html = response.content.decode()
    assert "有效" in html and "张执法" in html
    assert credential.officer.id_number not in html


def test_an_unknown_number_says_so_in_chinese(client, credential):
    response = client.get(reverse("portal:credential-lookup"), {"number": "津执0000"})
    assert response.status_code == 200
    assert "未找到" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "valid_to_offset", "word"),
    [
        (CredentialStatus.VALID, 100, "有效"),
        (CredentialStatus.VALID, -1, "已过期"),
        (CredentialStatus.SUSPENDED, 100, "已暂扣"),
        (CredentialStatus.REVOKED, 100, "已注销"),
    ],
)
def test_the_qr_page_states_the_credential_in_one_word(
    client, wanxin, status, valid_to_offset, word
):
    today = dt.date.today()
    credential = CredentialFactory(
        officer=OfficerFactory(agency=wanxin), status=status,
        valid_from=today - dt.timedelta(days=400), valid_to=today + dt.timedelta(days=valid_to_offset),
    )  # fmt: skip
    response = client.get(reverse("portal:credential", args=[credential.public_token]))
    assert f'<span class="word">{word}</span>' in response.content.decode()


def test_a_replaced_token_no_longer_opens_the_page(client, credential, agency_admin):
    old = credential.public_token
    services.rotate_credential_token(actor=agency_admin, credential=credential)
    response = client.get(reverse("portal:credential", args=[old]))
    assert response.status_code == 404
    assert "二维码无效" in response.content.decode()  # says so plainly, and what to do instead
    assert credential.officer.name not in response.content.decode()
    assert (
        client.get(reverse("portal:credential", args=[credential.public_token])).status_code == 200
    )


def test_the_card_carries_a_qr_code_that_points_at_the_public_page(client, credential, officer):
    client.force_login(officer)
    html = client.get(reverse("workbench:credential-card", args=[credential.pk])).content.decode()
    assert "<svg" in html
    assert credential.public_token in html


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_the_qr_code_downloads_as_png_and_svg(client, credential, officer, fmt, magic):
    client.force_login(officer)
    response = client.get(reverse("workbench:credential-qr", args=[credential.pk, fmt]))
    assert response.status_code == 200
    assert response.content.startswith(magic)


def test_another_agency_cannot_print_wanxins_cards(client, credential, other_officer):
    client.force_login(other_officer)
    assert client.get(reverse("workbench:credential-card", args=[credential.pk])).status_code == 404


def test_only_the_agency_admin_replaces_a_code(client, credential, officer):
    client.force_login(officer)
    old = credential.public_token
    response = client.post(reverse("workbench:credential-rotate-code", args=[credential.pk]))
    assert response.status_code == 403
    credential.refresh_from_db()
    assert credential.public_token == old


def test_search_text_with_html_is_shown_escaped(client, db):
    response = client.get(reverse("portal:credential-lookup"), {"number": "<script>x</script>"})
    assert "<script>x</script>" not in response.content.decode()
