"""The API's permission matrix, from one table: caller × endpoint × own or foreign object.

"Own" objects belong to 万新街, "foreign" ones to 金桥街; 东丽区司法局 supervises both.
A number is the status expected; a set means 200 with exactly those owners' objects listed.
"""

from __future__ import annotations

from typing import Any

import pytest

from sanxiang.api.tests.conftest import client_with

CALLERS = ["anonymous", "public", "wanxin", "jinqiao", "supervisor"]
BOTH = {"own", "foreign"}

# The rule for every scoped resource (the workbench's rule, agencies.selectors).
SCOPED_LIST = [401, 403, {"own"}, {"foreign"}, BOTH]
SCOPED_OWN = [401, 403, 200, 404, 200]
SCOPED_FOREIGN = [401, 403, 404, 200, 200]
PUBLIC = [200, 200, 200, 200, 200]

SCOPED = {
    "agencies": "agency",
    "departments": "department",
    "officers": "officer",
    "credentials": "credential",
    "reviewers": "reviewer",
    "trainings": "training",
}

# (method, path template, target, expected per caller in CALLERS order)
TABLE: list[tuple[str, str, str | None, list[Any]]] = [
    *[("get", f"/api/v1/{p}/", None, SCOPED_LIST) for p in SCOPED],
    *[("get", f"/api/v1/{p}/{{{k}.pk}}/", "own", SCOPED_OWN) for p, k in SCOPED.items()],
    *[("get", f"/api/v1/{p}/{{{k}.pk}}/", "foreign", SCOPED_FOREIGN) for p, k in SCOPED.items()],
    ("post", "/api/v1/officers/", None, [401, 403, 405, 405, 405]),
    ("delete", "/api/v1/credentials/{credential.pk}/", "own", [401, 403, 405, 405, 405]),
    ("get", "/api/v1/public/agencies/", None, [BOTH, BOTH, BOTH, BOTH, BOTH]),
    ("get", "/api/v1/public/agencies/{agency.code}/", "own", PUBLIC),
    ("get", "/api/v1/public/agencies/{agency.code}/", "foreign", PUBLIC),
    ("get", "/api/v1/public/credentials/{credential.number}/", "own", PUBLIC),
    ("get", "/api/v1/public/credentials/{credential.number}/", "foreign", PUBLIC),
    ("get", "/api/v1/ledger/heads/", None, PUBLIC),
    ("get", "/api/v1/openapi.json", None, PUBLIC),
    # Writes need an agency token with an account for writes (none of these has one).
    ("post", "/api/v1/imports/people/", None, [401, 403, 403, 403, 403]),
    ("post", "/api/v1/imports/power-items/", None, [401, 403, 403, 403, 403]),
    ("post", "/api/v1/imports/historic-cases/", None, [401, 403, 403, 403, 403]),
]

CASES = [
    pytest.param(method, path, target, caller, expected[i], id=f"{caller}-{method}-{path}-{target}")
    for method, path, target, expected in TABLE
    for i, caller in enumerate(CALLERS)
]


@pytest.fixture
def keys(public_key, wanxin_key, jinqiao_key, supervisor_key):
    return {
        "anonymous": None, "public": public_key, "wanxin": wanxin_key,
        "jinqiao": jinqiao_key, "supervisor": supervisor_key,
    }  # fmt: skip


def _listed_owners(response, people, path):
    """Which of the two agencies' objects the list shows (public lists name agencies by code)."""
    items = response.json()["results"]
    if path.startswith("/api/v1/public/"):
        codes = {item["code"] for item in items}
        return {owner for owner, objects in people.items() if objects["agency"].code in codes}
    ids = {item["id"] for item in items}
    key = SCOPED[path.strip("/").split("/")[-1]]
    return {owner for owner, objects in people.items() if objects[key].pk in ids}


@pytest.mark.parametrize(("method", "path", "target", "caller", "expected"), CASES)
def test_the_permission_matrix(
    method, path, target, caller, expected, keys, wanxin_people, jinqiao_people
):
    people = {"own": wanxin_people, "foreign": jinqiao_people}
    url = path.format(**people[target]) if target else path
    response = getattr(client_with(keys[caller]), method)(url)
    assert "json" in response["Content-Type"]  # never an HTML page
    if isinstance(expected, set):
        assert response.status_code == 200, response.json()
        assert _listed_owners(response, people, path) == expected
    else:
        assert response.status_code == expected, response.content
        if expected >= 400:
            assert set(response.json()["error"]) >= {"code", "message", "message_en"}
