"""Workbench and portal pages of agencies and people: who may see and do what."""

import pytest
from django.urls import reverse

from sanxiang.agencies.models import Credential, Officer
from sanxiang.agencies.tests.factories import OfficerFactory, make_resident_id

PERSONAS = [
    "officer",
    "reviewer",
    "head",
    "publisher",
    "agency_admin",
    "supervisor",
    "other_officer",
]


@pytest.fixture
def wanxin_officer(wanxin):
    return OfficerFactory(agency=wanxin, name="万新执法员")


def _client_for(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


# Reading another agency's person: own agency and its supervisor yes; others 404; anonymous to login.
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("officer", 200),
        ("reviewer", 200),
        ("head", 200),
        ("publisher", 200),
        ("agency_admin", 200),
        ("supervisor", 200),
        ("other_officer", 404),
    ],
)
def test_who_can_open_a_wanxin_officers_page(client, request, wanxin_officer, persona, expected):
    response = _client_for(client, request, persona).get(
        reverse("workbench:officer", args=[wanxin_officer.pk])
    )
    assert response.status_code == expected


def test_an_officer_of_another_agency_sees_none_of_wanxins_people_in_lists(
    client, other_officer, wanxin_officer
):
    client.force_login(other_officer)
    response = client.get(reverse("workbench:officers"))
    assert response.status_code == 200
    assert "万新执法员" not in response.content.decode()
    assert other_officer.full_name in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("officer", 403), ("supervisor", 403), ("other_officer", 403), ("agency_admin", 302)],
)
def test_only_the_agency_admin_registers_officers(client, request, wanxin, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("workbench:officer-new"), {"name": "新同志", "id_number": make_resident_id(321)}
    )
    assert response.status_code == expected
    assert Officer.objects.filter(name="新同志").exists() == (expected == 302)


def test_a_foreign_admin_cannot_record_a_credential_for_wanxin(client, jinqiao, wanxin_officer):
    from sanxiang.agencies.tests.factories import UserFactory
    from sanxiang.core.roles import Role

    client.force_login(UserFactory(agency=jinqiao, roles=[Role.ADMIN]))
    response = client.post(
        reverse("workbench:credential-new", args=[wanxin_officer.pk]),
        {"number": "X1", "issuer": "municipal", "issuing_authority": "天津市人民政府",
         "valid_from": "2026-01-01", "valid_to": "2028-01-01"},
    )  # fmt: skip
    assert response.status_code == 404
    assert not Credential.objects.filter(number="X1").exists()


def test_a_bad_id_number_shows_an_error_summary_in_chinese(client, agency_admin):
    client.force_login(agency_admin)
    response = client.post(
        reverse("workbench:officer-new"), {"name": "新同志", "id_number": "120110198506151"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert "请填写18位身份证号码" in html


def test_overlapping_credential_shown_beside_the_field(client, agency_admin, wanxin_officer):
    client.force_login(agency_admin)
    url = reverse("workbench:credential-new", args=[wanxin_officer.pk])
    data = {"number": "A1", "issuer": "municipal", "issuing_authority": "天津市人民政府",
            "valid_from": "2026-01-01", "valid_to": "2028-01-01"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "number": "A2", "valid_from": "2027-01-01"})
    assert "有效期与执法证A1" in response.content.decode()


def test_the_portal_shows_an_agencys_remedies_and_no_id_numbers(client, wanxin, wanxin_officer):
    wanxin.competent_court = "天津市东丽区人民法院"
    wanxin.save()
    agency_page = client.get(reverse("portal:agency", args=[wanxin.code])).content.decode()
    assert "天津市东丽区人民法院" in agency_page
    officers_page = client.get(reverse("portal:agency-officers", args=[wanxin.code]))
    assert "万新执法员" in officers_page.content.decode()
    assert wanxin_officer.id_number not in officers_page.content.decode()


def test_an_unknown_agency_is_a_chinese_404(client, db):
    response = client.get("/agencies/nowhere/")
    assert response.status_code == 404


def test_the_officer_list_uses_a_fixed_number_of_queries(
    client, agency_admin, wanxin, django_assert_max_num_queries
):
    for n in range(30):
        OfficerFactory(agency=wanxin, id_number=make_resident_id(600 + n))
    client.force_login(agency_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("workbench:officers"))
    assert response.status_code == 200
