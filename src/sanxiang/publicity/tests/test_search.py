"""The bigram search index gives exactly the plain substring search's results, on generated
records and queries (one-character words, mixed scripts and case, punctuation, SQL, HTML and
LIKE wildcards), and follows publication, edits of the published text and withdrawal."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.utils import timezone

from sanxiang.decisions.models import Decision
from sanxiang.publicity import search, selectors, services
from sanxiang.publicity.choices import PublicationStatus
from sanxiang.publicity.models import Publication

ALPHABET = list("张王李赵占道经营水果摊违法罚款某街区")  # frequent, so queries often match
ALPHABET += list("AaBbZz09%_'<>\\\"&|!:*()-。，、（）《》〔〕ıſKÉé")
SPECIAL_QUERIES = [
    "%", "_", "%_", "'", "''", "\\", "\\%", "<", "<script>", "' OR 1=1 --", "a&b", "a|b",
    "!a", "a:*", "(a", '"', "ı", "I", "i", "S", "ſ", "k", "K", "é", "É", "占道 张", "Ab 09",
    "占道经营", "经营 罚款 某街", "张  三", "x" * 3,
]  # fmt: skip


def _decision(source: Decision, n: int) -> Decision:
    return Decision.objects.create(
        case=source.case, agency=source.agency, number=f"测试〔2026〕{n}号",
        category=source.category, facts="", content="", legal_basis="",
        decided_on=source.decided_on, decided_by=source.decided_by,
        review_required=False, created_at=timezone.now(),
    )  # fmt: skip


def _publication(decision: Decision, text: str, status: str = PublicationStatus.PUBLISHED):
    return Publication.objects.create(
        decision=decision, agency=decision.agency, status=status, category="penalty",
        due_on=decision.decided_on, number=decision.number, agency_name="某局",
        decided_on=decision.decided_on, search_text=text,
        display_until=decision.decided_on + dt.timedelta(days=999),
    )  # fmt: skip


def _naive(q: str) -> set[int]:
    rows = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
    for word in selectors.clean_query(q).split():
        rows = rows.filter(search_text__icontains=word)
    return set(rows.values_list("pk", flat=True))


def _indexed(q: str, rows=None) -> set[int]:
    rows = Publication.objects.filter(status=PublicationStatus.PUBLISHED) if rows is None else rows
    return set(selectors.search_publications(rows, q).values_list("pk", flat=True))


@pytest.fixture
def generated(decision):
    rng = random.Random(20261127)
    texts = []
    for n in range(120):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        status = PublicationStatus.PUBLISHED if n % 5 else PublicationStatus.WITHDRAWN
        _publication(_decision(decision, n), text, status)
        texts.append(text)
    return rng, texts


@pytest.mark.django_db
def test_the_index_is_in_place_on_this_database(decision):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE indexname = 'publicity_publication_search_gin'"
            )
        else:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [search.FTS_TABLE])
        assert cursor.fetchone() is not None


def test_the_indexed_search_equals_the_substring_search(generated):
    rng, texts = generated
    queries = list(SPECIAL_QUERIES)
    for _ in range(400):
        text = rng.choice([t for t in texts if t])
        start = rng.randrange(len(text))
        word = text[start : start + rng.randint(1, 5)]
        if rng.random() < 0.3:
            word = word.swapcase()
        if rng.random() < 0.2:
            word += " " + rng.choice(ALPHABET)
        queries.append(word)
    queries += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 4))) for _ in range(200)]
    found_something = 0
    for q in queries:
        expected = _naive(q)
        assert _indexed(q) == expected, q
        found_something += bool(expected)
    assert found_something > 300  # the comparison is not between empty sets


def test_the_index_narrows_and_never_widens(generated):
    # Without the status filter, a withdrawn record still never comes back through the index.
    rows = Publication.objects.all()
    for q in ["占道", "张王", "%_", "Ab"]:
        narrowed = set(search.narrow(rows, q).values_list("pk", flat=True))
        assert (
            _naive(q)
            <= narrowed
            <= set(
                Publication.objects.filter(status=PublicationStatus.PUBLISHED).values_list(
                    "pk", flat=True
                )
            )
        )


def test_the_index_follows_publication_edits_and_withdrawal(publisher, draft):
    assert _indexed("水果摊", Publication.objects.all()) == set()  # a draft is not searchable
    text = services.preview_redaction(publication=draft, persons=["李四"]).text
    published = services.publish_decision(
        actor=publisher, publication=draft, redacted_text=text, persons=["李四"], confirmed=True
    )
    assert _indexed("水果摊") == {published.pk}
    assert _indexed("13812345678", Publication.objects.all()) == set()  # redacted away
    # An edit of the published text (e.g. a secret marked out afterwards) is searchable at once.
    published.search_text = published.search_text.replace("水果摊", "蔬菜摊")
    published.save()
    assert _indexed("水果摊", Publication.objects.all()) == set()
    assert _indexed("蔬菜") == {published.pk}
    assert _indexed("成林道") == {published.pk}
    services.withdraw_publication(actor=publisher, publication=published, reason="已撤销")
    # Even without the status filter, the withdrawn record is out of the index.
    assert _indexed("成林道", Publication.objects.all()) == set()


def test_the_list_pages_through_matches_without_counting_them_all(client, generated):
    from django.urls import reverse

    from sanxiang.publicity import views

    published = Publication.objects.filter(status=PublicationStatus.PUBLISHED).count()
    assert published > 4 * views.PAGE_SIZE
    response = client.get(reverse("portal:decisions"))
    page = response.content.decode()
    assert "第1页" in page and 'rel="next"' in page and "条决定" not in page
    seen = []
    for number in range(1, published // views.PAGE_SIZE + 2):
        response = client.get(reverse("portal:decisions"), {"page": number})
        seen += [p.pk for p in response.context["page"]]
    assert 'rel="next"' not in response.content.decode()
    assert seen == list(
        Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        .order_by("-decided_on", "-pk")
        .values_list("pk", flat=True)
    )  # every match once, newest first
    _, texts = generated
    rare = next(t[i : i + 3] for t in texts for i in range(len(t) - 3)
                if t[i : i + 3].strip() == t[i : i + 3]
                and 0 < len(_naive(t[i : i + 3])) <= views.PAGE_SIZE)  # fmt: skip
    response = client.get(reverse("portal:decisions"), {"q": rare})
    assert f"共{len(_naive(rare))}条决定" in response.content.decode()
    assert client.get(reverse("portal:decisions"), {"page": "x"}).status_code == 200
