"""Limits on punishing at all (行政处罚法 第三十条、第三十一条、第三十六条), the identity of a
party (第四十条), the decision period's extensions (第六十条) and the head's approvals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases import limits, services
from sanxiang.cases.choices import ApprovalKind, PartyKind, Responsibility, RulesFlag
from sanxiang.cases.limits import ViolationData, add_years
from sanxiang.cases.models import Case, CaseApproval, Party
from sanxiang.cases.tests.factories import PERSON_ID, open_case, person
from sanxiang.core.worklist import work_for
from sanxiang.ledger.models import Entry

TODAY = dt.date.today()


def _messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# --- 第三十六条: the limitation period ------------------------------------------------------


def test_a_violation_found_more_than_two_years_later_cannot_be_filed(officer, partner, power_item):
    late = ViolationData(committed_on=add_years(TODAY, -2) - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        open_case(officer, power_item, partner, violation_data=late)
    assert "penalty.limitation" in _messages(excinfo) and "第三十六条" in _messages(excinfo)
    assert "已超过2年处罚时效" in _messages(excinfo)
    assert not Case.objects.exists()


def test_the_last_day_of_the_two_years_is_still_in_time(officer, partner, power_item):
    case = open_case(officer, power_item, partner,
                     violation_data=ViolationData(committed_on=add_years(TODAY, -2)))  # fmt: skip
    assert limits.limitation_refusal(case) is None
    assert case.violation_on == add_years(TODAY, -2)


def test_five_years_apply_only_with_the_reason_recorded(officer, partner, power_item):
    three_years_ago = add_years(TODAY, -3)
    with pytest.raises(ValidationError) as excinfo:
        open_case(officer, power_item, partner, violation_data=ViolationData(
            committed_on=three_years_ago, extended=True))  # fmt: skip
    assert "五年时效的理由" in _messages(excinfo)
    case = open_case(officer, power_item, partner, violation_data=ViolationData(
        committed_on=three_years_ago, extended=True,
        extension_reason="销售过期食品致三人食物中毒住院"))  # fmt: skip
    assert case.limitation_extended and limits.limitation_refusal(case) is None


def test_a_continuing_violation_runs_from_its_end(officer, partner, power_item):
    long_ago = add_years(TODAY, -4)
    ended = ViolationData(committed_on=long_ago, continuing=True,
                          ended_on=TODAY - dt.timedelta(days=30))  # fmt: skip
    assert open_case(officer, power_item, partner, violation_data=ended).violation_continuing
    still = ViolationData(committed_on=long_ago, continuing=True)
    case = open_case(officer, power_item, partner, violation_data=still)
    assert limits.limitation_refusal(case) is None
    not_continuing = ViolationData(committed_on=long_ago)
    with pytest.raises(ValidationError, match=r"penalty\.limitation"):
        open_case(officer, power_item, partner, violation_data=not_continuing)


def test_a_penalty_case_cannot_be_filed_without_the_violation_date(officer, partner, power_item):
    with pytest.raises(ValidationError) as excinfo:
        services.open_case(
            actor=officer, power_item=power_item, procedure="general", title="占道经营",
            source="patrol", filed_on=TODAY, officers=[officer.officer, partner.officer],
            lead=officer.officer, parties=[person()],
        )  # fmt: skip
    assert "违法行为发生日期" in _messages(excinfo) and "penalty.limitation" in _messages(excinfo)
    with pytest.raises(ValidationError, match="不能晚于立案日期"):
        open_case(officer, power_item, partner,
                  violation_data=ViolationData(committed_on=TODAY + dt.timedelta(days=1)))  # fmt: skip


def test_the_filing_form_refuses_a_case_out_of_time_beside_the_field(
    client, officer, partner, power_item
):
    client.force_login(officer)
    response = client.post(reverse("workbench:case-new"), {
        "power_item": power_item.pk, "procedure": "general", "title": "占道经营",
        "source": "patrol", "filed_on": TODAY.isoformat(),
        "violation_on": add_years(TODAY, -3).isoformat(),
        "officers": [officer.officer.pk, partner.officer.pk], "lead": officer.officer.pk,
        "party_kind": PartyKind.NATURAL_PERSON, "party_name": "张三", "party_id_number": PERSON_ID,
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "penalty.limitation" in page
    assert "不再给予行政处罚" in page and not Case.objects.exists()


# --- 第三十条、第三十一条: age and capacity ----------------------------------------------------


def _minor(age: int, violation_on: dt.date, n: int = 31) -> services.PartyData:
    return person(name="小明", id_number=make_resident_id(n, birth=add_years(violation_on, -age)))


def test_the_age_at_the_act_is_read_from_the_id_number(officer, partner, power_item):
    violation_on = TODAY - dt.timedelta(days=10)
    child = open_case(officer, power_item, partner, parties=[_minor(13, violation_on)])
    assert [age for _party, age in limits.ages_at_violation(child)] == [13]
    refusals = limits.no_penalty_refusals(child)
    assert refusals and refusals[0].rule.id == "penalty.minors"
    assert "责令监护人加以管教" in str(refusals[0])
    teen = open_case(officer, power_item, partner, parties=[_minor(14, violation_on, 32)])
    assert limits.no_penalty_refusals(teen) == []
    assert limits.mitigation_duty(teen) and "应当从轻或者减轻" in limits.duties(teen)[0]


def test_a_finding_of_no_capacity_forbids_a_penalty(case, officer):
    with pytest.raises(ValidationError, match="认定依据"):
        services.record_violation(actor=officer, case=case,
                                  violation=ViolationData(committed_on=case.violation_on),
                                  responsibility=Responsibility.NOT_LIABLE)  # fmt: skip
    case = services.record_violation(
        actor=officer, case=case, violation=ViolationData(committed_on=case.violation_on),
        responsibility=Responsibility.NOT_LIABLE, responsibility_basis="司法鉴定意见书",
    )  # fmt: skip
    refusals = limits.no_penalty_refusals(case)
    assert [r.rule.id for r in refusals] == ["penalty.incapacity"]
    assert Entry.objects.filter(kind="case.violation_recorded").exists()


def test_the_case_page_shows_the_mitigation_duty_to_the_handler(client, officer, partner,
                                                               power_item):  # fmt: skip
    case = open_case(officer, power_item, partner,
                     parties=[_minor(16, TODAY - dt.timedelta(days=10))])  # fmt: skip
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "违法时16周岁，应当从轻或者减轻行政处罚" in page and "penalty.minors" in page


# --- 第四十条: the same ID number under another name -----------------------------------------


def test_an_id_number_on_record_under_another_name_stops_the_filing(case, officer, partner,
                                                                   power_item):  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        open_case(officer, power_item, partner, parties=[person(name="孙小三")])
    message = _messages(excinfo)
    assert "“张三”" in message and "“孙小三”" in message and "penalty.party_identity" in message
    assert "same_person_confirmed" in excinfo.value.message_dict
    assert Case.objects.count() == 1
    confirmed = person(name="孙小三")
    confirmed = services.PartyData(**{**confirmed.__dict__, "same_person_confirmed": True})
    again = open_case(officer, power_item, partner, parties=[confirmed])
    assert again.parties.get() == case.parties.get() and Party.objects.count() == 1


def test_the_filing_form_asks_for_the_confirmation(client, case, officer, partner, power_item):
    client.force_login(officer)
    form = {
        "power_item": power_item.pk, "procedure": "general", "title": "占道经营",
        "source": "patrol", "filed_on": TODAY.isoformat(), "violation_on": TODAY.isoformat(),
        "officers": [officer.officer.pk, partner.officer.pk], "lead": officer.officer.pk,
        "party_kind": PartyKind.NATURAL_PERSON, "party_name": "孙小三", "party_id_number": PERSON_ID,
    }  # fmt: skip
    page = client.post(reverse("workbench:case-new"), form).content.decode()
    assert "已登记为当事人“张三”" in page and 'name="same_person_confirmed"' in page
    assert Case.objects.count() == 1
    response = client.post(reverse("workbench:case-new"), {**form, "same_person_confirmed": "on"})
    assert response.status_code == 302 and Case.objects.count() == 2


def test_adding_a_party_asks_too(case, officer):
    with pytest.raises(ValidationError, match=r"penalty\.party_identity"):
        services.add_party(actor=officer, case=case, party=person(name="孙小三"))


# --- 第六十条: extending the decision period -------------------------------------------------


def test_an_extension_needs_the_provision_and_stays_within_what_it_allows(case, head):
    with pytest.raises(ValidationError) as excinfo:
        services.extend_deadline(actor=head, case=case, days=30, reason="案情复杂")
    assert "penalty.decision_period" in _messages(excinfo) and "第六十条" in _messages(excinfo)
    basis = "《市场监督管理行政处罚程序规定》第六十四条"
    with pytest.raises(ValidationError, match="允许延长30日"):
        services.extend_deadline(actor=head, case=case, days=31, reason="案情复杂",
                                 legal_basis=basis, allowed_days=30)  # fmt: skip
    services.extend_deadline(actor=head, case=case, days=20, reason="案情复杂",
                             legal_basis=basis, allowed_days=30)  # fmt: skip
    with pytest.raises(ValidationError, match="已延长20日"):
        services.extend_deadline(actor=head, case=case, days=11, reason="仍需鉴定",
                                 legal_basis=basis, allowed_days=30)  # fmt: skip
    approval = CaseApproval.objects.get(case=case, kind=ApprovalKind.EXTENSION)
    assert approval.approved_by == head and "20" in approval.opinion and basis in approval.opinion


def test_the_extension_form_asks_for_the_provision(client, case, head):
    client.force_login(head)
    url = reverse("workbench:case-extend", kwargs={"case_id": case.pk})
    page = client.get(url).content.decode()
    assert 'name="legal_basis"' in page and 'name="allowed_days"' in page
    response = client.post(url, {"days": 40, "reason": "复杂", "legal_basis": "某规章第十条",
                                 "allowed_days": 30})  # fmt: skip
    assert response.status_code == 200 and "penalty.decision_period" in response.content.decode()
    assert not case.extensions.exists()


# --- The head's approvals -------------------------------------------------------------------


def test_only_the_head_approves_the_filing_once(case, officer, head):
    with pytest.raises(PermissionDenied):
        services.approve(actor=officer, case=case, kind=ApprovalKind.FILING, opinion="同意立案")
    approval = services.approve(actor=head, case=case, kind=ApprovalKind.FILING, opinion="同意立案")
    assert approval.approved_by == head and approval.approved_on == timezone.localdate()
    assert Entry.objects.get(seq=approval.ledger_seq).kind == "case.approved"
    with pytest.raises(ValidationError, match="已经作出"):
        services.approve(actor=head, case=case, kind=ApprovalKind.FILING, opinion="同意")
    with pytest.raises(ValidationError, match="当前阶段"):
        services.approve(actor=head, case=case, kind=ApprovalKind.CLOSING, opinion="同意结案")


def test_the_head_approves_through_the_case_page(client, case, head):
    client.force_login(head)
    url = reverse("workbench:case-approve", kwargs={"case_id": case.pk, "kind": "filing"})
    assert url in client.get(case.get_absolute_url()).content.decode()
    response = client.post(url, {"opinion": "同意立案。", "on": TODAY.isoformat()})
    assert response.status_code == 302
    assert CaseApproval.objects.get(case=case).opinion == "同意立案。"


# --- Existing data (flagged, completed by the head) -----------------------------------------


def _legacy(case):
    Case.objects.filter(pk=case.pk).update(
        violation_on=None, rules_flags=[RulesFlag.VIOLATION_DATE_MISSING]
    )
    case.refresh_from_db()
    return case


def test_a_flagged_case_is_on_the_heads_work_list_until_the_date_is_recorded(case, head, client):
    case = _legacy(case)
    titles = [item.title for item in work_for(head)]
    assert any(case.number in t and "需补录违法行为发生日期" in t for t in titles)
    assert str(limits.limitation_refusal(case)).startswith("未记录违法行为发生日期")
    client.force_login(head)
    url = reverse("workbench:case-violation", kwargs={"case_id": case.pk})
    response = client.post(
        url, {"violation_on": (case.filed_on - dt.timedelta(days=5)).isoformat()}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.rules_flags == [] and case.violation_on is not None
    assert not any("需补录" in item.title for item in work_for(head))


def test_a_head_cannot_rewrite_the_violation_of_an_unflagged_case(case, head):
    with pytest.raises(PermissionDenied):
        services.record_violation(actor=head, case=case,
                                  violation=ViolationData(committed_on=case.filed_on))  # fmt: skip


def test_an_old_extension_without_its_provision_is_flagged_until_the_head_records_it(
    case, head, officer, client
):
    from sanxiang.cases.models import DeadlineExtension

    DeadlineExtension.objects.create(case=case, kind="decision", days=30, reason="案情复杂",
                                     approved_by=head, approved_at=timezone.now())  # fmt: skip
    Case.objects.filter(pk=case.pk).update(rules_flags=[RulesFlag.EXTENSION_BASIS_MISSING])
    case.refresh_from_db()
    assert any("需补录延长办案期限的法律依据" in item.title for item in work_for(head))
    with pytest.raises(PermissionDenied):
        services.record_extension_basis(actor=officer, case=case, legal_basis="某规章第十条",
                                        allowed_days=30)  # fmt: skip
    with pytest.raises(ValidationError) as excinfo:
        services.record_extension_basis(actor=head, case=case, legal_basis="某规章第十条",
                                        allowed_days=20)  # fmt: skip
    assert "penalty.decision_period" in _messages(excinfo) and "累计延长30日" in _messages(excinfo)
    client.force_login(head)
    url = reverse("workbench:case-extension-basis", kwargs={"case_id": case.pk})
    assert url in client.get(case.get_absolute_url()).content.decode()
    response = client.post(url, {"legal_basis": "某规章第十条", "allowed_days": 30})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.rules_flags == [] and case.extensions.get().legal_basis == "某规章第十条"
    assert not any("延长办案期限" in item.title for item in work_for(head))
