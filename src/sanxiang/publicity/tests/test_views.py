"""Publicity pages: home and search, decisions, progress look-up, the publisher's workbench."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.decisions import services as decisions
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.publicity import services
from sanxiang.publicity.constants import PROGRESS_ATTEMPTS
from sanxiang.publicity.models import Publication


@pytest.fixture
def published(publisher, draft):
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    return services.publish_decision(
        actor=publisher, publication=draft, redacted_text=text, persons=["李四"], confirmed=True
    )


def test_the_home_page_puts_search_first_then_news_then_ways_in(client, published):
    page = client.get(reverse("portal:home")).content.decode()
    assert page.index('role="search"') < page.index(published.number) < page.index("ways-in")
    for url in ["portal:powers", "portal:guides", "portal:decisions", "portal:progress",
                "portal:credential-lookup", "portal:agencies"]:  # fmt: skip
        assert reverse(url) in page


def test_a_citizen_finds_a_decision_by_a_phrase_from_its_facts(client, published):
    for q in ["水果摊", "占道", "张", published.number]:
        page = client.get(reverse("portal:decisions"), {"q": q}).content.decode()
        assert published.get_absolute_url() in page, q
    page = client.get(reverse("portal:search"), {"q": "水果摊"}).content.decode()
    assert published.get_absolute_url() in page
    page = client.get(reverse("portal:decisions"), {"q": "13812345678"}).content.decode()
    assert published.get_absolute_url() not in page  # redacted data cannot be searched for


@pytest.mark.parametrize(
    "q", ["'; DROP TABLE publicity_publication; --", "<script>alert(1)</script>", "%", "\\"]
)
def test_sql_and_html_in_searches_are_only_text(client, published, q):
    for name in ["portal:search", "portal:decisions"]:
        response = client.get(reverse(name), {"q": q})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
        assert published.get_absolute_url() not in response.content.decode()
    assert Publication.objects.exists()


def test_the_decision_page_shows_summary_then_text_then_remedies_without_personal_data(
    client, published
):
    page = client.get(published.get_absolute_url()).content.decode()
    assert page.index('id="summary-h"') < page.index('id="text-h"') < page.index('id="remedy-h"')
    assert page.index(published.number) < page.index("水果摊") < page.index('id="remedy-h"')
    for secret in ["120110198506150017", "13812345678", "12号楼", "李四"]:
        assert secret not in page
    data = client.get(reverse("portal:decision-json", args=[published.public_id])).json()
    assert data["number"] == published.number and "13812345678" not in str(data)


def test_unpublished_withdrawn_and_revoked_decisions_never_show(client, draft, published, head):
    # (draft was published by the fixture; make a second check on a revoked decision)
    decisions.change_decision_status(
        actor=head, decision=published.decision, status=DecisionStatus.REVOKED,
        reason="行政复议决定撤销", basis="东丽复决字〔2026〕3号", on=timezone.localdate(),
    )  # fmt: skip
    for url, params in [(reverse("portal:decisions"), {"q": "水果摊"}),
                        (reverse("portal:decisions-feed"), {"q": "水果摊"}),
                        (reverse("portal:search"), {"q": "水果摊"}), (reverse("portal:home"), {})]:  # fmt: skip
        assert published.get_absolute_url() not in client.get(url, params).content.decode()
    response = client.get(published.get_absolute_url())
    assert response.status_code == 410 and "水果摊" not in response.content.decode()
    assert (
        client.get(reverse("portal:decision-json", args=[published.public_id])).status_code == 404
    )


def test_a_draft_is_not_public(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_progress_look_up_shows_only_stage_and_dates(client, officer, case):
    code = services.issue_progress_code(actor=officer, case=case)
    response = client.post(reverse("portal:progress"), {"case_number": case.number, "code": code})
    page = response.content.decode()
    assert "已立案" in page and case.number in page
    assert "张三" not in page and "占道" not in page  # nothing of the case's content
    wrong = client.post(
        reverse("portal:progress"), {"case_number": case.number, "code": "ZZZZ2222"}
    )
    missing = client.post(reverse("portal:progress"), {"case_number": "无此案号", "code": code})
    assert "已立案" not in wrong.content.decode()
    assert wrong.content.decode().count("errorlist") == missing.content.decode().count("errorlist")


def test_the_progress_look_up_takes_the_number_as_a_phone_types_it(client, officer, case):
    code = services.issue_progress_code(actor=officer, case=case)
    assert "〔" in case.number
    prefix, rest = case.number.split("〔")
    year, tail = rest.split("〕")
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in code)
    for typed in [f"{prefix}[{year}]{tail}", f"{prefix}【{year}】{tail}",
                  f"{prefix}（{year}）{tail}", f" {prefix} ({year}) {tail} "]:  # fmt: skip
        response = client.post(reverse("portal:progress"), {"case_number": typed, "code": wide})
        assert "已立案" in response.content.decode(), typed
    assert services.normalise_case_number("东丽万新罚[２０２６]１２号") == "东丽万新罚〔2026〕12号"


def test_the_progress_look_up_is_rate_limited(client, officer, case):
    for _ in range(PROGRESS_ATTEMPTS):
        client.post(reverse("portal:progress"), {"case_number": case.number, "code": "ZZZZ2222"})
    code = services.issue_progress_code(actor=officer, case=case)
    response = client.post(reverse("portal:progress"), {"case_number": case.number, "code": code})
    assert response.status_code == 429 and "已立案" not in response.content.decode()


def test_the_publisher_reviews_redaction_and_publishes_from_the_workbench(client, publisher, draft):
    client.force_login(publisher)
    url = reverse("workbench:publication", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "120110198506150017" in page  # the original, beside the redacted text
    response = client.post(url, {"preview": "1", "persons": "李四", "redacted_text": "x"})
    assert "李某" in response.content.decode()
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    response = client.post(url, {"persons": "李四", "redacted_text": text})
    assert "error-summary" in response.content.decode()  # not confirmed yet
    response = client.post(url, {"persons": "李四", "redacted_text": text, "confirmed": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    response = client.post(
        reverse("workbench:publication-withdraw", args=[draft.pk]), {"reason": ""}
    )
    draft.refresh_from_db()
    assert draft.status == "published"
    client.post(reverse("workbench:publication-withdraw", args=[draft.pk]), {"reason": "重新作出"})
    draft.refresh_from_db()
    assert draft.status == "withdrawn" and draft.withdrawal_reason == "重新作出"


def test_drafts_due_show_on_the_publishers_work_list(client, publisher, draft):
    client.force_login(publisher)
    page = client.get(reverse("workbench:home")).content.decode()
    assert draft.number in page


def test_the_case_page_offers_the_handler_a_look_up_code(client, officer, case):
    client.force_login(officer)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("workbench:progress-code", args=[case.pk]) in page
    response = client.post(reverse("workbench:progress-code", args=[case.pk]))
    code = response.context["code"]
    assert len(code) == 8 and code in response.content.decode()
    assert services.check_progress_code(case_number=case.number, code=code) == case


def test_the_feed_carries_the_search_results(client, published):
    feed = client.get(reverse("portal:decisions-feed"), {"q": "水果摊"})
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert published.get_absolute_url() in feed.content.decode()
    other = client.get(reverse("portal:decisions-feed"), {"q": "不存在的词"}).content.decode()
    assert published.get_absolute_url() not in other


def _make_draft(p):
    Publication.objects.filter(pk=p.pk).update(status="draft")


def _withdraw(p):
    services.withdraw_publication(actor=p.approved_by, publication=p, reason="重新作出")


def _expire(p):
    Publication.objects.filter(pk=p.pk).update(
        display_until=timezone.localdate() - dt.timedelta(days=1)
    )


def _revoke(p):
    from sanxiang.decisions.models import Decision

    Decision.objects.filter(pk=p.decision_id).update(status=DecisionStatus.VOID)


@pytest.mark.parametrize("state", [_make_draft, _withdraw, _expire, _revoke])
def test_no_public_page_or_feed_shows_an_unpublished_withdrawn_expired_or_revoked_record(
    client, published, state
):
    state(published)
    pages = [
        (reverse("portal:home"), {}), (reverse("portal:search"), {"q": "水果摊"}),
        (reverse("portal:decisions"), {"q": "水果摊"}), (reverse("portal:decisions"), {}),
        (reverse("portal:decisions-feed"), {}), (reverse("portal:decisions-feed"), {"q": "水果摊"}),
    ]  # fmt: skip
    for url, params in pages:
        assert published.number not in client.get(url, params).content.decode(), url
    detail = client.get(published.get_absolute_url())
    assert detail.status_code in (404, 410) and "水果摊" not in detail.content.decode()
    assert (
        client.get(reverse("portal:decision-json", args=[published.public_id])).status_code == 404
    )


def test_the_feed_shows_decision_text_as_text_never_as_markup(client, published):
    """A feed reader must not render markup planted in a decision's text (issue: XSS by feed)."""
    import xml.etree.ElementTree as ET
    from html.parser import HTMLParser

    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    Publication.objects.filter(pk=published.pk).update(violation=f"占道经营{payload}")
    root = ET.fromstring(client.get(reverse("portal:decisions-feed")).content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    summaries = root.findall("atom:entry/atom:summary", ns)
    assert summaries

    class Tags(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found.append(tag)

    for summary in summaries:
        kind = summary.get("type", "text")
        if kind == "text":
            continue  # a reader shows text as written: no markup can run
        parser = Tags()
        parser.feed(summary.text or "")
        assert parser.found == [], "active markup in an html summary"
    planted = [s for s in summaries if payload in (s.text or "")]
    assert planted and all(s.get("type", "text") == "text" for s in planted)


def test_a_withdrawn_decision_reads_withdrawn_not_a_remedy_outcome(client, published):
    """ "Withdrawn" means 已撤下 for a publication and 撤回申请或撤诉 for a remedy: contexts."""
    _withdraw(published)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "已撤下" in page and "撤回申请或撤诉" not in page


def test_the_decision_page_names_penalty_types_in_words(client, published, head):
    from sanxiang.decisions.models import Decision

    decision = Decision.objects.get(pk=published.decision_id)
    client.force_login(head)  # the head made the decision: a part in the case
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "罚款" in page and ">fine<" not in page and "fine、" not in page
