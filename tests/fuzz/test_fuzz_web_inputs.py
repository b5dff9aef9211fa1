"""Fuzzing what the web takes from outside: query parameters of every list and search page of
the portal, the workbench and the API (SQL, HTML, wildcards, huge and negative page numbers
and sizes), and malformed bodies sent to the API. Never a server error, never a reflected
script."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from fuzzing import FUZZ
from hypothesis import given
from hypothesis import strategies as st

from sanxiang.api.choices import TokenScope
from sanxiang.api.tests.conftest import issue

MARKER = "<script>alert('x')</script>"
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        MARKER, "'; DROP TABLE cases_case; --", "' OR '1'='1", "%", "_", "%%", "\\", "*", "[a-z]",
        "万新街%", "张_", "0", "-1", "9" * 30, "1e309", "NaN", "null", "[]", "{}", "2026-13-45",
        "\x00", "￥", "１２", "a" * 5000, "../../etc/passwd", "__proto__", "true",
    ]),
    st.integers(-(2**63), 2**64).map(str),
)  # fmt: skip
KEYS = st.sampled_from([
    "q", "page", "page_size", "limit", "offset", "cursor", "ordering", "kind", "agency", "status",
    "year", "from", "to", "since", "until", "number", "category", "stage", "domain", "party",
    "format", "size", "first", "second", "seq", "leaf", "code", "case_number", "decided_after",
])  # fmt: skip
PARAMS = st.dictionaries(KEYS, VALUES, max_size=4)

PORTAL = ["/", "/search/", "/decisions/", "/decisions/feed.atom", "/powers/", "/agencies/",
          "/guides/", "/credentials/", "/progress/", "/ledger/", "/ledger/proofs/inclusion/",
          "/ledger/proofs/consistency/", "/ledger/api/heads.json",
          "/ledger/api/proofs/inclusion.json", "/ledger/api/proofs/consistency.json"]  # fmt: skip
WORKBENCH = ["/workbench/", "/workbench/search/", "/workbench/cases/", "/workbench/decisions/",
             "/workbench/publications/", "/workbench/warnings/", "/workbench/dashboard/",
             "/workbench/ledger/", "/workbench/reviews/", "/workbench/people/",
             "/workbench/agencies/", "/workbench/reports/", "/workbench/evaluation/"]  # fmt: skip
API = ["/api/v1/agencies/", "/api/v1/departments/", "/api/v1/officers/", "/api/v1/credentials/",
       "/api/v1/reviewers/", "/api/v1/trainings/", "/api/v1/public/agencies/", "/api/v1/cases/",
       "/api/v1/decisions/", "/api/v1/publications/", "/api/v1/public/publications/",
       "/api/v1/warnings/", "/api/v1/ledger/heads/", "/api/v1/ledger/heads/latest/",
       "/api/v1/ledger/proofs/inclusion/", "/api/v1/ledger/proofs/consistency/",
       "/api/v1/exports/shuanggongshi/"]  # fmt: skip


def _check(response) -> None:
    assert response.status_code < 500, response.status_code
    body = b"" if response.streaming else response.content
    assert MARKER.encode() not in body, "a script was reflected unescaped"


@pytest.fixture
def site(published, supervisor, officer, superuser, wanxin):  # a published decision to find
    cache.clear()
    clients = {"anonymous": Client()}
    for name, user in (("supervisor", supervisor), ("officer", officer)):
        clients[name] = Client()
        clients[name].force_login(user)
    for name, scope, agency in (("public", TokenScope.PUBLIC, None),
                                ("agency", TokenScope.AGENCY, wanxin)):  # fmt: skip
        key = issue(superuser, scope=scope, agency=agency)
        clients[name] = Client(headers={"Authorization": f"Bearer {key}"})
    return clients


@FUZZ
@given(path=st.sampled_from(PORTAL), params=PARAMS)
def test_portal_pages_take_any_query(site, path, params):
    _check(site["anonymous"].get(path, params))


@FUZZ
@given(
    path=st.sampled_from(WORKBENCH), params=PARAMS, who=st.sampled_from(["supervisor", "officer"])
)
def test_workbench_pages_take_any_query(site, path, params, who):
    _check(site[who].get(path, params))


@FUZZ
@given(path=st.sampled_from(API), params=PARAMS, who=st.sampled_from(["public", "agency"]))
def test_api_lists_take_any_query(site, path, params, who):
    cache.clear()  # the rate limit is not what is tested here
    response = site[who].get(path, params)
    _check(response)
    if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
        data = response.json()
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            assert len(data["results"]) <= 200  # a huge page size is capped


BODIES = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"{", b"[]", b"null", b'{"dry_run": "yes"}', b'{"a": ' * 500,
                     b"\xff\xfe{\x00}\x00", b'{"file": "x"}', b"--boundary\r\n\r\n"]),
)  # fmt: skip
CONTENT_TYPES = st.sampled_from(["application/json", "multipart/form-data; boundary=boundary",
                                 "multipart/form-data", "text/plain", "application/xml",
                                 "application/x-www-form-urlencoded; charset=gbk"])  # fmt: skip


@FUZZ
@given(body=BODIES, content_type=CONTENT_TYPES,
       path=st.sampled_from(["/api/v1/imports/people/", "/api/v1/cases/", "/api/v1/publications/"]),
       who=st.sampled_from(["public", "agency", "anonymous"]))  # fmt: skip
def test_api_takes_any_body_without_a_server_error(site, body, content_type, path, who):
    cache.clear()
    _check(site[who].generic("POST", path, body, content_type=content_type))


SEARCHES = ["/search/", "/decisions/"]


@pytest.mark.parametrize("path", SEARCHES)
def test_searching_a_published_decisions_number_finds_it(site, published, path):
    response = site["anonymous"].get(path, {"q": published.number})
    assert published.public_id in response.content.decode()


@FUZZ
@given(path=st.sampled_from(SEARCHES),
       q=st.sampled_from(["%", "_", "%%", "_%", "%_%", "\\%", "*", ".*", "[万]%", "' OR '1'='1",
                          "') OR 1=1 --", "%' OR 1=1 --"]))  # fmt: skip
def test_wildcards_and_sql_in_a_search_match_nothing_but_themselves(site, published, path, q):
    response = site["anonymous"].get(path, {"q": q})
    _check(response)
    assert published.public_id not in response.content.decode()
