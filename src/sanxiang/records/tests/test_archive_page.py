"""The archive page (归档): what the file still lacks, and the button once it lacks nothing."""

from __future__ import annotations

from django.urls import reverse

from sanxiang.cases import services as case_services
from sanxiang.cases.choices import Stage, Transition
from sanxiang.records import documents
from sanxiang.records.choices import DocumentType


def _url(case) -> str:
    return reverse("workbench:case-archive", kwargs={"case_id": case.pk})


def _terminated(case, head):
    return case_services.transition_case(
        actor=head, case=case, transition=Transition.TERMINATE, reason="违法事实不能成立"
    )


def test_the_page_lists_what_is_missing_and_offers_no_archive_button(client, case, head):
    case = _terminated(case, head)
    client.force_login(head)
    page = client.get(_url(case)).content.decode()
    assert "立案审批表" in page and "结案审批表" in page and "缺少" in page
    assert '<button type="submit">归档</button>' not in page
    assert '<button type="button" disabled>归档</button>' in page


def test_the_head_archives_a_complete_file_from_the_page(client, case, officer, head):
    case = _terminated(case, head)
    for doc_type in (DocumentType.FILING_APPROVAL, DocumentType.CLOSING_APPROVAL):
        documents.generate_document(actor=officer, case=case, doc_type=doc_type)
    client.force_login(head)
    page = client.get(_url(case)).content.decode()
    assert "案卷完整" in page and '<button type="submit">归档</button>' in page
    response = client.post(_url(case), {"on": case.filed_on.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.ARCHIVED and case.archived_on == case.filed_on


def test_a_post_on_an_incomplete_file_archives_nothing_and_says_why(client, case, head):
    case = _terminated(case, head)
    client.force_login(head)
    response = client.post(_url(case), {"on": case.filed_on.isoformat()})
    assert response.status_code == 200 and "立案审批表" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == Stage.CLOSED


def test_the_case_page_links_to_the_archive_page_for_those_who_may_archive(
    client, case, officer, reviewer
):
    client.force_login(officer)
    assert _url(case) in client.get(case.get_absolute_url()).content.decode()
    client.force_login(reviewer)
    assert _url(case) not in client.get(case.get_absolute_url()).content.decode()
    assert client.get(_url(case)).status_code == 403
