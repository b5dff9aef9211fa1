"""Publication of decisions: drafts with due dates, redaction review, minors, display
periods, withdrawal; and progress codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sanxiang.agencies.tests.factories import make_resident_id
from sanxiang.cases.tests.factories import open_case, person
from sanxiang.core import calendar
from sanxiang.decisions import services as decisions
from sanxiang.decisions.choices import DecisionStatus, PenaltyType
from sanxiang.ledger.models import Entry
from sanxiang.publicity import content, selectors, services
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.models import DisplayPolicy, PublicitySettings
from sanxiang.publicity.tests.conftest import decide


def publish(publisher, draft, persons=("李四",), text=None):
    preview = services.preview_redaction(publication=draft, persons=persons)
    return services.publish_decision(
        actor=publisher, publication=draft, redacted_text=text or preview.text, persons=persons,
        confirmed=True,
    )  # fmt: skip


def test_a_penalty_decision_gets_a_draft_due_in_seven_working_days(draft, decision):
    assert draft.status == PublicationStatus.DRAFT
    assert draft.due_on == calendar.working_day_deadline(decision.decided_on, 7).due
    assert draft.fields["cf_wsh"] == decision.number and draft.fields["cf_cflb"] == "fine"
    assert "cf_xdr_zjhm" not in draft.fields  # ID numbers are never among the fields
    assert services.create_publication_draft(decision=decision) == draft  # idempotent


def test_the_redaction_removes_id_phone_address_and_other_persons_names(draft):
    preview = services.preview_redaction(publication=draft, persons=["李四"])
    assert "120110198506150017" not in preview.text
    assert "13812345678" not in preview.text
    assert "12号楼" not in preview.text and "万新街道" in preview.text
    assert "李某" in preview.text and "李四" not in preview.text
    assert "张三" in preview.text  # the punished party's own name stays by default
    kinds = {r.kind for r in preview.redactions}
    assert {"id_number", "phone", "address", "person"} <= kinds


def test_publishing_keeps_who_approved_and_hashes_both_texts_in_the_ledger(publisher, draft):
    published = publish(publisher, draft)
    assert published.status == PublicationStatus.PUBLISHED
    assert published.approved_by == publisher
    entry = Entry.objects.get(seq=published.ledger_seq)
    assert entry.kind == "publicity.published"
    assert published.original_hash and published.redacted_hash != published.original_hash
    assert published in selectors.public_publications()


def test_text_still_showing_what_the_engine_hides_is_refused(publisher, draft):
    with pytest.raises(ValidationError) as error:
        publish(publisher, draft, text=draft.original_text)
    assert "redacted_text" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.publish_decision(
            actor=publisher, publication=draft, redacted_text="x", confirmed=False
        )


@pytest.mark.parametrize("persona", ["officer", "head", "agency_admin", "other_officer"])
def test_only_the_publisher_publishes(request, draft, persona):
    with pytest.raises(PermissionDenied):
        publish(request.getfixturevalue(persona), draft)


def test_the_agency_may_reduce_the_punished_persons_own_name(publisher, draft, wanxin):
    PublicitySettings.objects.create(agency=wanxin, mask_party_name=True)
    published = publish(publisher, draft)
    assert published.party_name == "张某"
    assert "张三" not in published.redacted_text and "张三" not in published.search_text


def test_a_minors_case_is_refused_for_publication(
    wanxin, officer, partner, power_item, reviewer, head, publisher
):
    minor = person(
        "王小明", make_resident_id(7, birth=dt.date.today().replace(year=dt.date.today().year - 15))
    )
    case = open_case(officer, power_item, partner, parties=[minor])
    # 行政处罚法 第三十条: a minor of 15 at the act is punished lighter (penalty.minors).
    decision = decide(case, officer, reviewer, head, mitigation="lighter",
                      mitigation_reasoning="违法时未满十八周岁，依法从轻处罚。")  # fmt: skip
    draft = services.create_publication_draft(decision=decision)
    assert draft.status == PublicationStatus.REFUSED
    assert "未成年" in draft.refusal_reason or "minor" in draft.refusal_reason
    with pytest.raises(ValidationError):
        publish(publisher, draft)


def test_a_withdrawal_needs_a_reason_and_takes_the_record_off_at_once(publisher, draft):
    published = publish(publisher, draft)
    with pytest.raises(ValidationError):
        services.withdraw_publication(actor=publisher, publication=published, reason=" ")
    services.withdraw_publication(
        actor=publisher, publication=published, reason="决定书送达有误，重新作出"
    )
    assert not selectors.public_publications().exists()
    assert Entry.objects.filter(kind="publicity.withdrawn").exists()


def test_a_revoked_decision_leaves_the_portal_before_any_tick_and_the_tick_records_why(
    publisher, draft, head
):
    published = publish(publisher, draft)
    decisions.change_decision_status(
        actor=head, decision=draft.decision, status=DecisionStatus.REVOKED,
        reason="行政复议决定撤销", basis="东丽复决字〔2026〕3号", on=timezone.localdate(),
    )  # fmt: skip
    assert not selectors.public_publications().exists()  # at once
    assert services.withdraw_changed_decisions() == 1
    published.refresh_from_db()
    assert published.status == PublicationStatus.WITHDRAWN
    assert "行政复议决定撤销" in published.withdrawal_reason


def test_the_display_period_comes_from_the_policy_table_and_ends_display(publisher, draft):
    DisplayPolicy.objects.create(
        name="较低数额罚款", basis="市场监管总局令第45号 第十三条", penalty_type=PenaltyType.FINE,
        fine_at_most=5000, min_months=3, max_months=3,
    )  # fmt: skip
    published = publish(publisher, draft)
    assert published.policy["max_months"] == 3
    assert published.display_until == content.plus_months(published.decided_on, 3)
    later = published.display_until + dt.timedelta(days=1)
    assert not selectors.public_publications(today=later).exists()


def test_a_decision_under_a_do_not_publish_rule_is_refused_and_others_are_not(
    case, officer, reviewer, head, publisher
):
    DisplayPolicy.objects.create(
        name="仅罚款不予公示（测试规则）", basis="测试", penalty_type=PenaltyType.FINE,
        only_this_penalty=True, fine_at_most=1000, do_not_publish=True,
    )  # fmt: skip
    decision = decide(case, officer, reviewer, head)  # a fine of 2000: the rule does not match
    assert services.create_publication_draft(decision=decision).status == PublicationStatus.DRAFT
    DisplayPolicy.objects.update(fine_at_most=5000)
    draft = decision.publication
    with pytest.raises(ValidationError, match="仅罚款不予公示"):
        publish(publisher, draft)


def test_a_progress_code_opens_only_its_own_case(officer, case):
    code = services.issue_progress_code(actor=officer, case=case)
    assert services.check_progress_code(case_number=case.number, code=code) == case
    assert services.check_progress_code(case_number=case.number, code=code.lower()) == case
    assert services.check_progress_code(case_number=case.number, code="AAAAAAAA") is None
    assert services.check_progress_code(case_number="东丽万新罚〔2026〕999号", code=code) is None
    new = services.issue_progress_code(actor=officer, case=case)
    assert services.check_progress_code(case_number=case.number, code=code) is None or new == code


def test_other_agencies_cannot_give_codes(other_officer, case):
    with pytest.raises(PermissionDenied):
        services.issue_progress_code(actor=other_officer, case=case)


@pytest.mark.parametrize(
    "added", ["手机13987654321", "车牌津A12345", "微信号：lisi_2020", "出生日期：2012年3月5日"]
)
def test_personal_data_added_to_the_final_text_blocks_publication(publisher, draft, added):
    """The check reads the text about to be published, not only values from the original."""
    text = services.preview_redaction(publication=draft, persons=["李四"]).text + added
    with pytest.raises(ValidationError) as refused:
        publish(publisher, draft, text=text)
    assert "个人信息" in str(refused.value)
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT and not draft.redacted_text


def test_an_item_published_on_purpose_needs_a_reason_and_is_recorded(publisher, draft):
    text = services.preview_redaction(publication=draft, persons=["李四"]).text + "车牌津A12345"
    common = {"actor": publisher, "publication": draft, "redacted_text": text,
              "persons": ["李四"], "confirmed": True, "kept": ["津A12345"]}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.publish_decision(**common)
    assert "kept_reason" in refused.value.message_dict
    published = services.publish_decision(**common, kept_reason="经营车辆，事实所需")
    assert {"kind": "kept", "value": "津A12345", "reason": "经营车辆，事实所需"} in (
        published.redactions
    )
    entry = Entry.objects.get(seq=published.ledger_seq)
    assert entry.payload["kept_count"] == 1 and "津A12345" not in str(entry.payload)
