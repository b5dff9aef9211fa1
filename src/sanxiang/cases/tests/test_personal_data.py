"""Parties' personal data at rest (issue 9): encrypted in the database, found by keyed hash,
shown masked, revealed in full only to those allowed, and every reveal logged."""

from __future__ import annotations

import base64
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases.models import Case, Party, PartyDisclosure
from sanxiang.cases.selectors import search_filter
from sanxiang.cases.services import PartyData, add_party
from sanxiang.cases.tests.factories import PERSON_ID, open_case, person, qualified_officer_user
from sanxiang.core import pii
from sanxiang.core.models import SecurityEvent
from sanxiang.ledger.models import Entry

PHONE = "13812345678"
ADDRESS = "天津市东丽区成林道88号"


def _person(id_number: str = PERSON_ID, name: str = "张三") -> PartyData:
    return PartyData(
        kind="natural_person", name=name, id_number=id_number, phone=PHONE, address=ADDRESS
    )


@pytest.fixture
def case(officer, partner, power_item):
    return open_case(officer, power_item, partner, parties=[_person()])


@pytest.fixture
def party(case):
    return case.parties.get()


def _raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_party")
        return repr(cursor.fetchall())


def _reveal_url(party, field="id_number"):
    return reverse("workbench:party-reveal", args=[party.pk, field])


# --- At rest ------------------------------------------------------------------------------


def test_the_database_holds_no_plaintext_id_number_phone_or_address(party):
    raw = _raw_rows()
    for plaintext in (PERSON_ID, PHONE, ADDRESS, PERSON_ID[-8:], "成林道"):
        assert plaintext not in raw
    assert "pii1:" in raw
    fresh = Party.objects.get(pk=party.pk)
    assert (fresh.id_number, fresh.phone, fresh.address) == (PERSON_ID, PHONE, ADDRESS)


def test_the_same_id_number_finds_the_same_party_by_its_keyed_hash(
    case, officer, partner, power_item
):
    again = open_case(officer, power_item, partner, parties=[_person(name="张三")])
    assert again.parties.get() == case.parties.get()
    other = add_party(actor=officer, case=again, party=_person(make_resident_id(901), "李四"))
    assert Party.objects.count() == 2
    assert Party.objects.get(id_number_digest=pii.keyed_hash(PERSON_ID)) != other


def test_cases_are_found_by_an_exact_id_number_and_not_by_part_of_one(case):
    assert list(Case.objects.filter(search_filter(PERSON_ID))) == [case]
    assert not Case.objects.filter(search_filter(PERSON_ID[:10])).exists()
    assert not Case.objects.filter(search_filter(make_resident_id(902))).exists()


def test_the_ledger_carries_the_keyed_hash_never_the_id_number(case, officer):
    add_party(actor=officer, case=case, party=_person(make_resident_id(903), "李四"))
    records = "".join(
        Entry.objects.filter(subject=f"case:{case.pk}").values_list("record", flat=True)
    )
    assert PERSON_ID not in records and make_resident_id(903) not in records
    assert PHONE not in records and "成林道" not in records
    assert f"id-hmac:{pii.keyed_hash(PERSON_ID)}" in records


def test_a_company_party_keeps_its_public_credit_code_in_clear(case, officer):
    company = add_party(
        actor=officer, case=case,
        party=PartyData(kind="legal_person", name="某公司", uscc="91120110MA05M8XX3F"),
    )  # fmt: skip
    assert company.id_number_digest == "" and company.public_identifier == "91120110MA05M8XX3F"


# --- Display and reveal -------------------------------------------------------------------


def test_the_party_file_shows_personal_data_masked_with_a_reveal_button(client, officer, party):
    client.force_login(officer)
    page = client.get(reverse("workbench:party", args=[party.pk])).content.decode()
    assert PERSON_ID not in page and PHONE not in page and ADDRESS not in page
    assert pii.mask_id_number(PERSON_ID) in page and "138****5678" in page
    assert _reveal_url(party, "phone") in page


REVEALERS = [
    ("anonymous", 302),  # to the sign-in page
    ("officer", 200),  # handles the party's case
    ("bystander", 403),  # a 万新街 officer who does not handle it
    ("reviewer", 302),  # no part in the case yet: asked for the reason first
    ("head", 200),
    ("publisher", 403),
    ("agency_admin", 403),
    ("supervisor", 302),  # in scope: asked for the reason first (调阅监督)
    ("superuser", 403),
    ("other_officer", 404),
]


@pytest.fixture
def bystander(wanxin, urban):
    return qualified_officer_user(wanxin, urban, "bystander")


@pytest.mark.parametrize(("persona", "expected"), REVEALERS)
def test_who_may_reveal_an_id_number(client, request, party, persona, expected):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.post(_reveal_url(party))
    assert response.status_code == expected
    shown = PERSON_ID in response.content.decode()
    assert shown == (expected == 200)
    assert PartyDisclosure.objects.count() == (1 if expected == 200 else 0)


def test_a_reveal_is_logged_and_appended_to_the_ledger(client, head, party):
    client.force_login(head)
    response = client.post(_reveal_url(party, "address"), REMOTE_ADDR="10.1.2.3")
    assert ADDRESS in response.content.decode()
    log = PartyDisclosure.objects.get()
    assert (log.user, log.party, log.field, log.address) == (head, party, "address", "10.1.2.3")
    entry = Entry.objects.get(seq=log.ledger_seq)
    assert entry.kind == "party.personal_data_viewed" and entry.subject == f"party:{party.pk}"
    assert ADDRESS not in entry.record and "成林道" not in entry.record


def test_a_supervisor_reveals_after_giving_a_reason(client, supervisor, party):
    client.force_login(supervisor)
    access = reverse("workbench:party-access", args=[party.pk])
    client.post(access, {"reason": "案卷评查 2026 年第二季度"})
    response = client.post(_reveal_url(party, "phone"))
    assert response.status_code == 200 and PHONE in response.content.decode()
    assert PartyDisclosure.objects.get().user == supervisor


def test_a_reader_who_may_not_reveal_sees_no_button(client, publisher, party):
    client.force_login(publisher)
    client.post(reverse("workbench:party-access", args=[party.pk]), {"reason": "公示前核对"})
    page = client.get(reverse("workbench:party", args=[party.pk])).content.decode()
    assert pii.mask_id_number(PERSON_ID) in page
    assert "party-reveal" not in page and "/reveal/" not in page


def test_reveal_takes_only_a_post_and_a_known_field(client, officer, party):
    client.force_login(officer)
    assert client.get(_reveal_url(party)).status_code == 405
    assert client.post(_reveal_url(party, "name")).status_code == 404
    assert client.post(reverse("workbench:party-reveal", args=[999999, "phone"])).status_code == 404
    assert not PartyDisclosure.objects.exists()


# --- Key rotation -------------------------------------------------------------------------

OLD = "k1:" + base64.b64encode(b"1" * 32).decode()
NEW = "k2:" + base64.b64encode(b"2" * 32).decode()


def test_rekey_moves_every_row_to_the_newest_key(officer, partner, power_item):
    with override_settings(PII_KEYS=OLD):
        party = open_case(officer, power_item, partner, parties=[_person()]).parties.get()
    with override_settings(PII_KEYS=f"{NEW},{OLD}"):
        out = io.StringIO()
        call_command("pii_rekey", stdout=out)
        assert "1 个已用密钥“k2”重新加密" in out.getvalue()
        assert "pii1:a:k1:" not in _raw_rows() and "pii1:a:k2:" in _raw_rows()
    with override_settings(PII_KEYS=NEW):  # the old key is no longer needed
        fresh = Party.objects.get(pk=party.pk)
        assert (fresh.id_number, fresh.phone, fresh.address) == (PERSON_ID, PHONE, ADDRESS)
    assert Entry.objects.filter(kind="pii.rekeyed").exists()
    assert SecurityEvent.objects.filter(kind="key_changed", detail__which="pii").exists()


def test_rekey_after_a_new_hash_key_keeps_the_look_up_working(officer, partner, power_item):
    new_hash = base64.b64encode(b"3" * 32).decode()
    with override_settings(PII_KEYS=OLD):
        case = open_case(officer, power_item, partner, parties=[_person()])
        with override_settings(PII_HASH_KEY=new_hash):
            assert not Case.objects.filter(search_filter(PERSON_ID)).exists()
            call_command("pii_rekey", stdout=io.StringIO())
            assert list(Case.objects.filter(search_filter(PERSON_ID))) == [case]


def test_rekey_without_the_old_key_stops_with_a_clear_error(officer, partner, power_item):
    from django.core.management import CommandError

    with override_settings(PII_KEYS=OLD):
        open_case(officer, power_item, partner, parties=[_person()])
    with override_settings(PII_KEYS=NEW), pytest.raises(CommandError, match="k1"):
        call_command("pii_rekey", stdout=io.StringIO())


@pytest.mark.parametrize("cipher", ["aes-256-gcm", "sm4-gcm"])
def test_parties_round_trip_under_each_cipher(officer, partner, power_item, cipher):
    with override_settings(PII_CIPHER=cipher):
        party = open_case(officer, power_item, partner, parties=[person()]).parties.get()
        assert f"pii1:{pii.CIPHERS[cipher]}:" in _raw_rows()
        assert Party.objects.get(pk=party.pk).id_number == PERSON_ID
