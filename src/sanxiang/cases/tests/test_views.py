"""Case pages: who may see and do what, what the page offers, the register and its export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases.choices import ActKind, PartyKind, Stage, Transition
from sanxiang.cases.models import Act, Case
from sanxiang.cases.tests.factories import PERSON_ID, open_case, person

VIEWERS = [
    ("anonymous", 302),
    ("officer", 200),
    # A reviewer with no part in the case (not yet in review) gives a reason first, like a
    # supervisor (调阅监督; records.access); the head approves the filing: a part.
    ("reviewer", 302),
    ("head", 200),
    ("supervisor", 302),
    ("other_officer", 404),
]


def _client_for(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize(("persona", "expected"), VIEWERS)
def test_who_can_open_a_wanxin_case(client, request, case, persona, expected):
    response = _client_for(client, request, persona).get(reverse("workbench:case", args=[case.pk]))
    assert response.status_code == expected


@pytest.mark.parametrize(("persona", "expected"), VIEWERS)
def test_who_can_open_a_wanxin_party_file(client, request, case, persona, expected):
    party = case.parties.get()
    response = _client_for(client, request, persona).get(
        reverse("workbench:party", args=[party.pk])
    )
    assert response.status_code == expected


def test_a_missing_case_is_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("workbench:case", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("reviewer", 403),
        ("supervisor", 403),
        ("other_officer", 404),
        ("officer", 200),
    ],
)
def test_only_handling_officers_record_acts(client, request, case, persona, expected):
    url = reverse("workbench:act-new", args=[case.pk])
    assert _client_for(client, request, persona).get(url).status_code == expected


def test_the_case_page_shows_allowed_steps_as_buttons_and_others_with_the_reason(
    client, case, officer
):
    client.force_login(officer)
    page = client.get(reverse("workbench:case", args=[case.pk])).content.decode()
    assert "开始调查取证" in page
    assert "作出处理决定" in page and "第六十条" in page
    move = reverse("workbench:case-transition", args=[case.pk, Transition.START_INVESTIGATION])
    assert move in page
    response = client.post(move, {"on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.INVESTIGATION


def test_a_step_not_allowed_shows_who_may_take_it(client, case, officer, head):
    for transition in [Transition.START_INVESTIGATION]:
        client.force_login(officer)
        client.post(reverse("workbench:case-transition", args=[case.pk, transition]))
    client.force_login(head)
    # The case no longer awaits the head: reading it takes a reason (调阅监督).
    url = reverse("workbench:case", args=[case.pk])
    asked = client.get(url)
    assert asked.status_code == 302 and "/access/" in asked.url
    client.post(asked.url, {"reason": "检查办案进度"})
    page = client.get(url).content.decode()
    assert "只有本案承办人可以进行此操作" in page  # 调查终结 is for the handlers, not the head
    assert "disabled" in page


def test_a_supervisor_cannot_move_a_case(client, case, supervisor):
    client.force_login(supervisor)
    url = reverse("workbench:case-transition", args=[case.pk, Transition.START_INVESTIGATION])
    assert client.post(url).status_code == 403
    case.refresh_from_db()
    assert case.stage == Stage.FILED


def test_an_officer_files_a_case_through_the_form(client, officer, partner, power_item):
    client.force_login(officer)
    response = client.post(
        reverse("workbench:case-new"),
        {
            "power_item": power_item.pk, "procedure": "general", "title": "占道经营",
            "source": "patrol", "filed_on": timezone.localdate().isoformat(),
            "officers": [officer.officer.pk, partner.officer.pk], "lead": officer.officer.pk,
            "party_kind": PartyKind.NATURAL_PERSON, "party_name": "张三",
            "party_id_number": PERSON_ID, "violation_on": timezone.localdate().isoformat(),
        },
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()


def test_a_filing_with_one_officer_shows_the_rule_beside_the_field(
    client, officer, partner, power_item
):
    client.force_login(officer)
    response = client.post(
        reverse("workbench:case-new"),
        {
            "power_item": power_item.pk, "procedure": "general", "title": "占道经营",
            "source": "patrol", "filed_on": timezone.localdate().isoformat(),
            "officers": [officer.officer.pk], "lead": officer.officer.pk,
            "party_kind": PartyKind.NATURAL_PERSON, "party_name": "张三",
            "party_id_number": "120110198506150011",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "请选择至少两名执法人员" in page
    assert Case.objects.count() == 0


def test_a_supervisor_cannot_file_a_case(client, supervisor):
    client.force_login(supervisor)
    assert client.get(reverse("workbench:case-new")).status_code == 403


def test_the_register_lists_only_visible_cases_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, officer, partner, power_item, other_officer
):
    for _n in range(6):
        open_case(officer, power_item, partner)
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("workbench:cases"))
    page = response.content.decode()
    assert page.count("万新街罚〔") == 6
    client.force_login(other_officer)
    assert "万新街罚〔" not in client.get(reverse("workbench:cases")).content.decode()


def test_the_register_filters_by_stage_and_party(client, officer, partner, power_item):
    first = open_case(officer, power_item, partner, parties=[person("王五", make_resident_id(77))])
    open_case(officer, power_item, partner)
    client.force_login(officer)
    page = client.get(reverse("workbench:cases"), {"q": "王五"}).content.decode()
    assert first.number in page and page.count("万新街罚〔") == 1
    page = client.get(reverse("workbench:cases"), {"stage": "closed"}).content.decode()
    assert "万新街罚〔" not in page


def test_the_register_exports_to_excel_with_deadlines_and_their_law(client, case, officer):
    client.force_login(officer)
    response = client.get(reverse("workbench:cases"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "案号"
    assert rows[1][0] == case.number
    assert "第六十条" in rows[1][-1]


def test_an_act_with_an_expired_credential_is_refused_on_the_form(client, case, officer, partner):
    credential = partner.officer.credentials.get()
    credential.valid_from = dt.date(2020, 1, 1)
    credential.valid_to = timezone.localdate() - dt.timedelta(days=1)
    credential.save()
    client.force_login(officer)
    response = client.post(
        reverse("workbench:act-new", args=[case.pk]),
        {
            "kind": ActKind.INSPECTION,
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "place": "成林道", "summary": "现场检查",
            "officers": [officer.officer.pk, partner.officer.pk],
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "没有有效的执法证件" in response.content.decode()
    assert Act.objects.count() == 0


def test_my_work_shows_the_next_deadline_of_my_cases_with_its_law(client, case, officer):
    client.force_login(officer)
    page = client.get(reverse("workbench:home")).content.decode()
    assert case.number in page
    assert "第六十条" in page
