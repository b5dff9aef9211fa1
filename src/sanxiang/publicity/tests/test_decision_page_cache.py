"""The public decision page's cache: never stale, same HTML as a fresh render, one query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sanxiang.agencies.models import Agency
from sanxiang.decisions import services as decisions
from sanxiang.decisions.choices import DecisionStatus
from sanxiang.publicity import page_cache, selectors, services, views
from sanxiang.publicity.models import Publication


@pytest.fixture
def published(publisher, draft):
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    return services.publish_decision(
        actor=publisher, publication=draft, redacted_text=text, persons=["李四"], confirmed=True
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    page_cache.local.clear()
    yield
    cache.clear()
    page_cache.local.clear()


def cached_keys(publication: Publication) -> list[str]:
    """The page's entries in the cache (the key of the record as it is now)."""
    state = views.public_page_state(publication.public_id)
    key = views.decision_page_key(publication.public_id, state) if state else ""
    return [key] if state and cache.get(key) is not None else []


def test_the_cached_page_is_the_fresh_render_and_is_served_from_the_cache(client, published):
    url = published.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and cached_keys(published)
    p = Publication.objects.select_related("agency").get(pk=published.pk)
    with translation.override("zh-hans"):
        fresh = render_to_string(
            "publicity/decision.html", {"p": p, "agency": p.agency}, RequestFactory().get(url)
        )
    second = client.get(url)
    assert first.content.decode() == fresh == second.content.decode()
    # Nothing per request in the body that is kept (no nonce, no CSRF token, no form).
    for per_request in ["nonce", "csrfmiddlewaretoken", "<form"]:
        assert per_request not in fresh
    # The second answer really comes from the cache: change the stored entry, see it served
    # (from the shared cache once this process's copy is gone, then from memory alone).
    key = cached_keys(published)[0]
    assert page_cache.local.get(key) == fresh
    cache.set(key, "<p>from the cache</p>")
    assert client.get(url).content.decode() == fresh  # this process's copy comes first
    page_cache.local.clear()
    assert client.get(url).content.decode() == "<p>from the cache</p>"
    cache.clear()
    assert client.get(url).content.decode() == "<p>from the cache</p>"
    # Security headers are the middleware's, per response, cached body or not.
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_the_page_makes_one_query_from_the_cache_and_three_when_rendering(client, published):
    url = published.get_absolute_url()
    with CaptureQueriesContext(connection) as rendering:
        client.get(url)
    with CaptureQueriesContext(connection) as cached:
        assert client.get(url).status_code == 200
    assert len(cached) == 1, [q["sql"] for q in cached.captured_queries]
    # (PostgreSQL prepares the state query once per connection: not a query per page.)
    queries = [q["sql"] for q in rendering.captured_queries if not q["sql"].startswith("PREPARE")]
    assert len(queries) <= 3, queries


def test_a_withdrawal_takes_the_page_off_at_once(client, published, publisher):
    url = published.get_absolute_url()
    assert "水果摊" in client.get(url).content.decode() and cached_keys(published)
    services.withdraw_publication(actor=publisher, publication=published, reason="决定已撤销")
    gone = client.get(url)
    assert gone.status_code == 410
    page = gone.content.decode()
    assert "决定已撤销" in page and "水果摊" not in page


def test_a_revoked_decision_leaves_at_once(client, published, head):
    url = published.get_absolute_url()
    client.get(url)
    decisions.change_decision_status(
        actor=head, decision=published.decision, status=DecisionStatus.REVOKED,
        reason="行政复议决定撤销", basis="东丽复决字〔2026〕3号", on=timezone.localdate(),
    )  # fmt: skip
    response = client.get(url)
    assert response.status_code == 410 and "水果摊" not in response.content.decode()


def test_an_edit_of_the_published_text_or_the_agency_shows_at_once(client, published):
    url = published.get_absolute_url()
    assert "成林道" in client.get(url).content.decode()
    # A correction written straight to the row (no signal, no save()): still a new key.
    Publication.objects.filter(pk=published.pk).update(
        redacted_text=published.redacted_text.replace("成林道", "某道路")
    )
    page = client.get(url).content.decode()
    assert "某道路" in page and "成林道" not in page.split('id="text-h"')[1]
    Agency.objects.filter(pk=published.agency_id).update(complaint_phone="022-99998888")
    assert "022-99998888" in client.get(url).content.decode()


def test_a_flash_message_is_shown_and_never_cached(client, published, rf):
    # A message left for this visitor by an earlier request travels in the messages cookie.
    earlier = rf.get("/")
    earlier.session = {}
    storage = FallbackStorage(earlier)
    storage.add(message_levels.SUCCESS, "只给这位访客的消息")
    response = HttpResponse()
    storage.update(response)
    client.cookies[CookieStorage.cookie_name] = response.cookies[CookieStorage.cookie_name].value
    page = client.get(published.get_absolute_url()).content.decode()
    assert "只给这位访客的消息" in page
    assert not cached_keys(published)
    # Shown once; the next visit (no message left) is the shared page, and is cached.
    page = client.get(published.get_absolute_url()).content.decode()
    assert "只给这位访客的消息" not in page and cached_keys(published)


def test_the_page_state_query_follows_the_portal_rule(draft, publisher):
    assert views.public_page_state(draft.public_id) is None  # a draft
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    p = services.publish_decision(
        actor=publisher, publication=draft, redacted_text=text, persons=["李四"], confirmed=True
    )
    state = views.public_page_state(p.public_id)
    assert state is not None
    if connection.vendor == "sqlite":
        assert p.redacted_text in state  # every column
    else:
        assert len(state) == 2  # the rows' versions (xmin and ctid)
    # Any column of the publication or of its agency changes the state.
    Publication.objects.filter(pk=p.pk).update(conclusion=p.conclusion + "。")
    assert views.public_page_state(p.public_id) not in (None, state)
    state = views.public_page_state(p.public_id)
    Agency.objects.filter(pk=p.agency_id).update(office_hours="周一至周五 9:00-17:00")
    assert views.public_page_state(p.public_id) not in (None, state)
    assert views.public_page_state("no-such-id") is None
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Publication.objects.filter(pk=p.pk).update(display_until=yesterday)
    assert views.public_page_state(p.public_id) is None  # past its display period
    Publication.objects.filter(pk=p.pk).update(display_until=timezone.localdate())
    assert views.public_page_state(p.public_id) is not None
    Agency.objects.filter(pk=p.agency_id).update(is_public=False)
    assert views.public_page_state(p.public_id) is None
    assert selectors.public_publication(public_id=p.public_id) is None


def test_the_local_tier_keeps_the_most_recently_read_pages_within_its_size():
    pages = page_cache.LocalPages(limit=10)
    pages.put("a", "aaaa")
    pages.put("b", "bbbb")
    assert pages.get("a") == "aaaa"  # now the most recent
    pages.put("c", "cccc")  # 12 > 10: the least recently read ("b") leaves
    assert pages.get("b") is None and pages.get("a") == "aaaa" and pages.get("c") == "cccc"
    assert pages.size == 8 and len(pages) == 2
    pages.put("a", "aa")  # replacing an entry counts its new length only
    assert pages.size == 6
    pages.put("huge", "x" * 11)  # larger than the whole tier: not kept, nothing dropped
    assert pages.get("huge") is None and len(pages) == 2


def test_the_decision_list_reads_its_columns_in_one_query(client, published):
    client.get("/decisions/")  # sessions, translations and the like warmed up
    with CaptureQueriesContext(connection) as listing:
        page = client.get("/decisions/", {"q": "水果摊"}).content.decode()
    assert published.number in page and published.get_absolute_url() in page
    rows = [q["sql"] for q in listing.captured_queries if "publicity_publication" in q["sql"]]
    assert len(rows) <= 2, rows  # the plan probe (PostgreSQL) and the page, no query per row
    assert "redacted_text" not in rows[-1] and "original_text" not in rows[-1]


def test_new_wording_in_a_catalogue_starts_new_keys(monkeypatch, tmp_path):
    shipped = views._catalogues()
    assert any(path.parts[-5:-3] == ("publicity", "locale") for path in shipped), shipped
    catalogue = tmp_path / "django.mo"
    catalogue.write_bytes(b"first wording")
    monkeypatch.setattr(views, "_catalogues", lambda: [catalogue])
    monkeypatch.setattr(views, "_build", None)
    before = views._page_build()
    catalogue.write_bytes(b"second wording")
    monkeypatch.setattr(views, "_build", None)  # a new process after the deploy
    assert views._page_build() != before
