"""The summary procedure (简易程序; 行政处罚法 第五十一条、第五十二条, 行政复议法 第二十三条):
its limits, who decides, the 当场处罚决定书, its filing with the agency, and the review
catalogue, through every door (service, workbench, command, admin)."""

from __future__ import annotations

import datetime as dt
import io
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from openpyxl import Workbook

from sanxiang.cases import deadlines, procedure
from sanxiang.cases import services as cases
from sanxiang.cases.choices import Procedure, Stage, Transition
from sanxiang.cases.models import CaseEvent, SummaryLimit
from sanxiang.cases.tests.factories import company, open_case
from sanxiang.core import reauth, worklist
from sanxiang.core.calendar import working_day_deadline
from sanxiang.decisions import services
from sanxiang.decisions.choices import PenaltyType
from sanxiang.decisions.models import Decision
from sanxiang.ledger.models import Entry
from sanxiang.ledger.store import open_blob_by_hash
from sanxiang.review import services as review
from sanxiang.review.choices import OpinionKind
from sanxiang.review.rules import verdict_for
from sanxiang.review.tests.builders import NO, all_pass, materials, proposal

LAW = "《中华人民共和国道路交通安全法》第一百零七条"


@pytest.fixture
def passed_general_case(case, officer, reviewer, reviewer_record):
    """A general-procedure case whose legal review passed: the head's to decide."""
    for transition in (Transition.START_INVESTIGATION, Transition.CONCLUDE_INVESTIGATION,
                       Transition.NOTIFY_PARTY):  # fmt: skip
        case = cases.transition_case(actor=officer, case=case, transition=transition)
    review.assess_applicability(actor=officer, case=case, answers=NO)
    item = review.submit_for_review(
        actor=officer, case=case, proposal=proposal(), materials=materials(),
        responsibility_confirmed=True,
    )  # fmt: skip
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, marks=all_pass())
    case.refresh_from_db()
    return case


def on_the_spot(officer, partner, power_item, *, parties=None):
    """A summary case at the decision stage (the officers proceed to decide on the spot)."""
    case = open_case(officer, power_item, partner, procedure=Procedure.SUMMARY, parties=parties)
    return cases.transition_case(actor=officer, case=case, transition=Transition.DECIDE_ON_THE_SPOT)


def fine(amount: str, *types: str) -> services.DecisionData:
    types = types or (PenaltyType.FINE,)
    return services.DecisionData(
        facts="于万新街成林道占用城市道路摆摊设点。", content=f"罚款人民币{amount}元。",
        legal_basis="《天津市市容和环境卫生管理条例》第六十一条", penalty_types=list(types),
        fine=Decimal(amount) if PenaltyType.FINE in types else None, place="万新街成林道12号",
    )  # fmt: skip


def warning() -> services.DecisionData:
    return services.DecisionData(
        facts="占道摆摊。", content="警告。", legal_basis="《天津市市容和环境卫生管理条例》第六十一条",
        penalty_types=[PenaltyType.WARNING],
    )  # fmt: skip


def messages(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def text_of(decision: Decision) -> str:
    assert decision.document is not None
    with open_blob_by_hash(decision.document.digest) as handle:
        word = WordDocument(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in word.paragraphs)


# --- 第五十一条: the limits -----------------------------------------------------------------


def test_the_penalty_values_match_the_review_app():
    assert procedure.WARNING == PenaltyType.WARNING
    assert procedure.FINE == PenaltyType.FINE


def test_a_citizen_is_fined_at_most_200_yuan_on_the_spot(officer, partner, power_item):
    case = on_the_spot(officer, power_item=power_item, partner=partner)
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=officer, case=case, data=fine("201"))
    assert "penalty.summary.scope" in messages(excinfo)
    assert "第五十一条" in messages(excinfo)
    assert "fine" in excinfo.value.message_dict
    case.refresh_from_db()
    assert case.stage == Stage.DECISION and not Decision.objects.exists()
    decision = services.make_decision(actor=officer, case=case, data=fine("200"))
    assert decision.fine_amount == Decimal("200")


def test_an_organisation_is_fined_at_most_3000_yuan_on_the_spot(officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item, parties=[company()])
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=officer, case=case, data=fine("3001"))
    assert "penalty.summary.scope" in messages(excinfo)
    assert services.make_decision(actor=officer, case=case, data=fine("3000")).fine_amount == 3000


def test_revocation_or_confiscation_is_never_decided_on_the_spot(officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item)
    for penalty in (PenaltyType.REVOKE_LICENCE, PenaltyType.CONFISCATE_PROPERTY):
        with pytest.raises(ValidationError) as excinfo:
            services.make_decision(
                actor=officer, case=case, data=fine("100", PenaltyType.FINE, penalty)
            )
        assert "penalty.summary.scope" in messages(excinfo)
        assert "penalty_types" in excinfo.value.message_dict
    assert services.make_decision(actor=officer, case=case, data=warning()).penalty_types == [
        PenaltyType.WARNING
    ]


def test_a_general_case_is_not_held_to_the_summary_limits(passed_general_case, head):
    decision = services.make_decision(actor=head, case=passed_general_case, data=fine("2000"))
    assert decision.fine_amount == 2000


def test_a_law_may_raise_the_limit_only_with_its_citation(officer, partner, power_item, head):
    with pytest.raises(ValidationError) as excinfo:
        cases.set_summary_limit(
            actor=head, power_item=power_item, person_limit=Decimal("500"),
            organisation_limit=None, legal_basis="",
        )  # fmt: skip
    assert "penalty.summary.law_override" in messages(excinfo)
    with pytest.raises(ValidationError):  # a regulation is not a law (法律另有规定)
        cases.set_summary_limit(
            actor=head, power_item=power_item, person_limit=Decimal("500"),
            organisation_limit=None, legal_basis="《天津市市容和环境卫生管理条例》第六十一条",
        )  # fmt: skip
    with pytest.raises(ValidationError):  # a citation without a limit
        cases.set_summary_limit(
            actor=head, power_item=power_item, person_limit=None, organisation_limit=None,
            legal_basis=LAW,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        cases.set_summary_limit(
            actor=officer, power_item=power_item, person_limit=Decimal("500"),
            organisation_limit=None, legal_basis=LAW,
        )  # fmt: skip
    assert not SummaryLimit.objects.exists()
    limit = cases.set_summary_limit(
        actor=head, power_item=power_item, person_limit=Decimal("500"), organisation_limit=None,
        legal_basis=LAW,
    )  # fmt: skip
    assert Entry.objects.get(seq=limit.ledger_seq).payload["legal_basis"] == LAW
    case = on_the_spot(officer, partner, power_item)
    assert services.make_decision(actor=officer, case=case, data=fine("500")).fine_amount == 500


def test_the_admin_checks_the_citation_as_the_service_does(client, superuser, power_item):
    client.force_login(superuser)
    url = reverse("admin:cases_summarylimit_add")
    form = {"power_item": power_item.pk, "person_limit": "500", "organisation_limit": "",
            "legal_basis": ""}  # fmt: skip
    page = client.post(url, form)
    assert page.status_code == 200 and "penalty.summary.law_override" in page.content.decode()
    assert not SummaryLimit.objects.exists()
    page = client.post(url, {**form, "legal_basis": LAW})
    assert page.status_code == 302
    assert SummaryLimit.objects.get().ledger_seq is not None


# --- Moving to the general procedure --------------------------------------------------------


def test_an_over_limit_case_moves_to_the_general_procedure(officer, partner, power_item, head):
    case = on_the_spot(officer, partner, power_item)
    with pytest.raises(ValidationError):
        services.make_decision(actor=officer, case=case, data=fine("500"))
    with pytest.raises(ValidationError):  # the reason is required
        cases.change_procedure(actor=officer, case=case, reason="")
    case = cases.change_procedure(actor=officer, case=case, reason="罚款超过当场处罚限额")
    assert case.procedure == Procedure.GENERAL and case.stage == Stage.INVESTIGATION
    event = CaseEvent.objects.get(case=case, transition=Transition.CHANGE_PROCEDURE)
    assert event.reason == "罚款超过当场处罚限额"
    assert Entry.objects.get(seq=event.ledger_seq).payload["procedure"] == Procedure.GENERAL
    # The general procedure's rules now apply: legal review before the head decides.
    assert verdict_for(case).required is True
    with pytest.raises(ValidationError):
        cases.change_procedure(actor=head, case=case, reason="再次")


def test_the_procedure_cannot_change_after_the_decision(officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item)
    services.make_decision(actor=officer, case=case, data=fine("50"))
    with pytest.raises(ValidationError):
        cases.change_procedure(actor=officer, case=case, reason="事后改程序")


def test_the_case_page_offers_the_move_with_its_reason(client, officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item)
    client.force_login(officer)
    url = reverse("workbench:case-transition",
                  kwargs={"case_id": case.pk, "transition": Transition.CHANGE_PROCEDURE})  # fmt: skip
    client.post(url, {"on": timezone.localdate().isoformat(), "reason": "超过限额"})
    case.refresh_from_db()
    assert case.procedure == Procedure.GENERAL


# --- 第五十二条: the officers decide on the spot --------------------------------------------


def test_the_officers_decide_summary_cases_but_not_general_ones(
    officer, partner, power_item, head, passed_general_case
):
    case = on_the_spot(officer, partner, power_item)
    decision = services.make_decision(actor=partner, case=case, data=fine("100"))
    assert decision.decided_by == partner
    with pytest.raises(PermissionDenied):
        services.make_decision(actor=officer, case=passed_general_case, data=fine("2000"))


def test_the_head_may_decide_on_the_spot_too(officer, partner, power_item, head):
    case = on_the_spot(officer, partner, power_item)
    assert services.make_decision(actor=head, case=case, data=warning()).decided_by == head


def test_an_officer_not_on_the_case_may_not_decide(officer, partner, power_item, wanxin, urban):
    from sanxiang.cases.tests.factories import qualified_officer_user

    other = qualified_officer_user(wanxin, urban, "other")
    case = on_the_spot(officer, partner, power_item)
    with pytest.raises(PermissionDenied) as excinfo:
        services.make_decision(actor=other, case=case, data=fine("100"))
    assert "penalty.summary.officers_decide" in str(excinfo.value)


def test_the_officers_credentials_must_be_valid_on_the_day(officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item)
    for credential in partner.officer.credentials.all():
        credential.valid_to = timezone.localdate() - dt.timedelta(days=1)
        credential.save()
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=officer, case=case, data=fine("100"))
    assert "penalty.two_officers" in messages(excinfo)


def test_the_officer_opens_the_decision_form_and_is_refused_with_the_article(
    client, officer, partner, power_item
):
    case = on_the_spot(officer, partner, power_item)
    client.force_login(officer)
    url = reverse("workbench:decision-new", kwargs={"case_id": case.pk})
    session = client.session
    session[reauth.SESSION_KEY] = time.time()
    session.save()
    page = client.get(url)
    assert page.status_code == 200
    assert "第五十一条" in page.content.decode()  # the limits, shown above the form
    form = {"facts": "占道", "content": "罚款", "legal_basis": "条例", "penalty_types": ["fine"],
            "fine": "500", "place": "成林道"}  # fmt: skip
    page = client.post(url, form)
    assert page.status_code == 200 and "penalty.summary.scope" in page.content.decode()
    page = client.post(url, {**form, "fine": "200"})
    assert page.status_code == 302
    assert Decision.objects.get(case=case).decided_by == officer


def test_the_command_refuses_an_over_limit_summary_decision(officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item)
    args = ["make_decision", "--case", case.number, "--user", officer.username, "--facts", "占道",
            "--content", "罚款", "--legal-basis", "条例", "--penalty", "fine"]  # fmt: skip
    with pytest.raises(CommandError) as excinfo:
        call_command(*args, "--fine", "500")
    assert "penalty.summary.scope" in str(excinfo.value)
    call_command(*args, "--fine", "200")
    assert Decision.objects.get(case=case).decided_by == officer


# --- The 当场处罚决定书 -----------------------------------------------------------------------


def test_the_on_the_spot_decision_document_carries_what_article_52_lists(
    officer, partner, power_item
):
    case = on_the_spot(officer, partner, power_item)
    decision = services.make_decision(actor=officer, case=case, data=fine("150"))
    text = text_of(decision)
    # "penalty.summary.decision_form": 违法行为、种类和依据、罚款数额、时间、地点、行政机关名称、签名
    assert "违法行为：于万新街成林道占用城市道路摆摊设点。" in text
    assert "行政处罚的种类：罚款" in text
    assert "行政处罚的依据：《天津市市容和环境卫生管理条例》第六十一条" in text
    assert "罚款数额：150.00元" in text
    assert f"时间：{decision.decided_on.year}年" in text
    assert "地点：万新街成林道12号" in text
    assert "行政机关名称：东丽区人民政府万新街道办事处" in text
    assert "执法人员（签名或者盖章）" in text
    for link in case.case_officers.select_related("officer"):
        credential = link.officer.current_credential()
        assert f"{link.officer.name}（执法证号 {credential.number}）" in text
    # "penalty.summary.reconsideration_first" (行政复议法 第二十三条): no direct lawsuit.
    assert "对当场作出的行政处罚决定不服的，应当先向行政复议机关申请行政复议" in text
    assert "或者在六个月内依法向人民法院提起行政诉讼" not in text


# --- 第五十二条: filing (备案) with the agency ------------------------------------------------


def test_the_decision_is_filed_with_the_agency_within_the_set_period(
    officer, partner, power_item, head, settings
):
    settings.CASES_SUMMARY_FILING_WORKING_DAYS = 3
    case = on_the_spot(officer, partner, power_item)
    decision = services.make_decision(actor=officer, case=case, data=fine("100"))
    case.refresh_from_db()
    due = deadlines.summary_filing_deadline(case)
    assert due is not None
    assert due.due == working_day_deadline(decision.decided_on, 3).due
    assert "第五十二条" in due.deadline.basis
    titles = [item.title for item in worklist.work_for(head)]
    assert any(decision.number in title for title in titles)
    with pytest.raises(PermissionDenied):  # "penalty.summary.filing": the head records it
        cases.record_summary_filing(actor=officer, case=case)
    cases.record_summary_filing(actor=head, case=case, note="已报备案")
    case.refresh_from_db()
    assert case.summary_filed_on == timezone.localdate() and case.summary_filed_by == head
    assert deadlines.summary_filing_deadline(case) is None
    assert not any(decision.number in item.title for item in worklist.work_for(head))
    with pytest.raises(ValidationError):
        cases.record_summary_filing(actor=head, case=case)


def test_the_filing_period_stays_within_its_bounds(officer, partner, power_item, settings):
    settings.CASES_SUMMARY_FILING_WORKING_DAYS = 99
    case = on_the_spot(officer, partner, power_item)
    decision = services.make_decision(actor=officer, case=case, data=fine("100"))
    case.refresh_from_db()
    due = deadlines.summary_filing_deadline(case)
    assert due.due == working_day_deadline(decision.decided_on, 15).due


def test_only_an_on_the_spot_decision_is_filed(passed_general_case, head):
    services.make_decision(actor=head, case=passed_general_case, data=fine("2000"))
    with pytest.raises(ValidationError) as excinfo:
        cases.record_summary_filing(actor=head, case=passed_general_case)
    assert "penalty.summary.filing" in messages(excinfo)


def test_the_head_records_the_filing_on_the_decision_page(client, officer, partner, power_item,
                                                           head):  # fmt: skip
    case = on_the_spot(officer, partner, power_item)
    decision = services.make_decision(actor=officer, case=case, data=fine("100"))
    url = reverse("workbench:decision", kwargs={"decision_id": decision.pk})
    client.force_login(officer)
    assert "Record the filing" not in client.get(url).content.decode()
    client.force_login(head)
    client.post(url, {"action": "filing", "on": timezone.localdate().isoformat(), "note": ""})
    case.refresh_from_db()
    assert case.summary_filed_by == head


# --- The review catalogue (第五十八条) --------------------------------------------------------


def _catalogue(actor, wanxin, min_amount: str) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["审核事项", "执法类别", "权责清单编码", "程序", "涉案金额起点（元）"])
    sheet.append(["简易程序≥200元需审核", "行政处罚", "", "简易程序", min_amount])
    out = io.BytesIO()
    book.save(out)
    result = review.import_catalogue(
        actor=actor, agency=wanxin, data=out.getvalue(), filename="清单.xlsx", title="审核清单",
        derived_from="东丽区清单", effective_from=timezone.localdate(), dry_run=False,
    )  # fmt: skip
    assert result.parsed.ok, [r.errors for r in result.parsed.rows]


def test_a_catalogue_row_covering_summary_cases_is_honoured(
    officer, partner, power_item, head, reviewer, wanxin
):
    from sanxiang.review.tests.builders import make_reviewer

    if not hasattr(reviewer, "legal_reviewer"):
        make_reviewer(reviewer)
    _catalogue(reviewer, wanxin, "150")
    case = on_the_spot(officer, partner, power_item)
    # Below the row's amount: decided on the spot without review.
    below = on_the_spot(officer, partner, power_item)
    assert services.make_decision(actor=officer, case=below, data=fine("100")).review is None
    with pytest.raises(ValidationError) as excinfo:
        services.make_decision(actor=officer, case=case, data=fine("200"))
    assert "penalty.summary.review_catalogue" in messages(excinfo)
    # The handler records the amount at stake; the case then goes to review and passes.
    review.assess_applicability(
        actor=officer, case=case, answers=NO, amount_involved=Decimal("200")
    )
    assert verdict_for(case).required is True
    item = review.submit_for_review(
        actor=officer, case=case, proposal=proposal(fine="200"), materials=materials(),
        responsibility_confirmed=True,
    )  # fmt: skip
    review.give_opinion(actor=reviewer, review=item, kind=OpinionKind.AGREE, text="同意",
                        marks=all_pass())  # fmt: skip
    case.refresh_from_db()
    assert case.stage == Stage.DECISION
    decision = services.make_decision(actor=officer, case=case, data=fine("200"))
    assert decision.review is not None and decision.review_required


def test_a_summary_case_no_row_covers_is_not_sent_to_review(officer, partner, power_item):
    case = on_the_spot(officer, partner, power_item)
    with pytest.raises(ValidationError):
        review.assess_applicability(actor=officer, case=case, answers=NO)
        review.submit_for_review(
            actor=officer, case=case, proposal=proposal(fine="100"), materials=materials(),
            responsibility_confirmed=True,
        )  # fmt: skip


def test_an_old_stored_on_the_spot_template_offering_a_direct_lawsuit_is_replaced(
    officer, partner, power_item
):
    """An installation that stored the old standard 当场处罚决定书 gets the lawful one."""
    from docx import Document as NewWord

    from sanxiang.records import documents
    from sanxiang.records.choices import DocumentType, FilingStatus

    word = NewWord()
    word.add_paragraph("{{ document.number }} 或者在六个月内依法向人民法院提起行政诉讼。")
    data = io.BytesIO()
    word.save(data)
    documents._store_template(
        actor=None, agency=None, doc_type=DocumentType.SUMMARY_DECISION, data=data.getvalue(),
        name="当场行政处罚决定书.docx", status=FilingStatus.STANDARD,
    )  # fmt: skip
    case = on_the_spot(officer, partner, power_item)
    text = text_of(services.make_decision(actor=officer, case=case, data=fine("100")))
    assert "应当先向行政复议机关申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" not in text


def test_the_demo_summary_cases_are_lawful_decided_by_officers_and_filed(db):
    """``sanxiang load-demo``: "penalty.summary.scope" and "penalty.summary.filing" hold."""
    from sanxiang.agencies import demo as agencies_demo
    from sanxiang.cases import demo as cases_demo
    from sanxiang.decisions import demo as decisions_demo
    from sanxiang.records import demo as records_demo
    from sanxiang.review import demo as review_demo

    for loader in (agencies_demo, cases_demo, records_demo, review_demo, decisions_demo):
        loader.load(stdout=io.StringIO())
    summary = Decision.objects.filter(case__procedure=Procedure.SUMMARY).select_related("case")
    assert summary.exists()
    for decision in summary:
        assert (
            procedure.summary_refusals(decision.case, decision.penalty_types, decision.fine_amount)
            == []
        )
        assert decision.case.case_officers.filter(officer__user=decision.decided_by).exists()
        assert decision.case.summary_filed_on is not None
