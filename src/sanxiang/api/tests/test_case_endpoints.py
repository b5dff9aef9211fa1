"""Cases, decisions, publications and warnings in the API: the permission matrix for each
(the same table shape as test_permissions), and what each record shows and never shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sanxiang.api.tests.conftest import client_with
from sanxiang.supervision.choices import WarningKind, WarningLevel
from sanxiang.supervision.models import Warning

CALLERS = ["anonymous", "public", "wanxin", "jinqiao", "supervisor"]
OWN = {"own"}
NONE: set[str] = set()

# The objects all belong to 万新街 ("own"); 金桥街's token must not see them.
TABLE: list[tuple[str, str | None, list[Any]]] = [
    ("/api/v1/cases/", "case", [401, 403, OWN, NONE, OWN]),
    ("/api/v1/cases/{case}/", "case", [401, 403, 200, 404, 200]),
    ("/api/v1/decisions/", "decision", [401, 403, OWN, NONE, OWN]),
    ("/api/v1/decisions/{decision}/", "decision", [401, 403, 200, 404, 200]),
    ("/api/v1/publications/", "publication", [401, 403, OWN, NONE, OWN]),
    ("/api/v1/publications/{publication}/", "publication", [401, 403, 200, 404, 200]),
    # As in the workbench, only watchers (supervisors, heads) see warnings.
    ("/api/v1/warnings/", "warning", [401, 403, NONE, NONE, OWN]),
    ("/api/v1/warnings/{warning}/", "warning", [401, 403, 404, 404, 200]),
    ("/api/v1/public/publications/", "public", [OWN, OWN, OWN, OWN, OWN]),
    ("/api/v1/public/publications/{public}/", "public", [200, 200, 200, 200, 200]),
    ("/api/v1/exports/shuanggongshi/", None, [401, 403, 200, 200, 200]),
]


@pytest.fixture
def objects(published, wanxin):
    warning = Warning.objects.create(
        key="test:1", agency=wanxin, kind=WarningKind.CASE_DEADLINE, level=WarningLevel.RED,
        title="案件超期", last_seen_at=timezone.now(),
    )  # fmt: skip
    return {
        "case": published.decision.case_id, "decision": published.decision_id,
        "publication": published.pk, "warning": warning.pk, "public": published.public_id,
    }  # fmt: skip


@pytest.fixture
def keys(public_key, wanxin_key, jinqiao_key, supervisor_key):
    return {
        "anonymous": None, "public": public_key, "wanxin": wanxin_key,
        "jinqiao": jinqiao_key, "supervisor": supervisor_key,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("path", "target", "caller", "expected"),
    [
        pytest.param(path, target, caller, expected[i], id=f"{caller}-{path}")
        for path, target, expected in TABLE
        for i, caller in enumerate(CALLERS)
    ],
)
def test_the_permission_matrix(path, target, caller, expected, keys, objects):
    response = client_with(keys[caller]).get(path.format(**objects))
    assert "json" in response["Content-Type"]
    if isinstance(expected, set):
        assert response.status_code == 200, response.json()
        key = "public_id" if target == "public" else "id"
        listed = {item[key] for item in response.json()["results"]}
        assert listed == ({objects[target]} if expected else set())
    else:
        assert response.status_code == expected, response.content
        if expected >= 400:
            assert set(response.json()["error"]) >= {"code", "message", "message_en"}


def test_a_case_shows_its_stage_deadlines_and_parties_without_id_numbers(published, wanxin_key):
    case = published.decision.case
    response = client_with(wanxin_key).get(f"/api/v1/cases/{case.pk}/")
    data = response.json()
    assert data["number"] == case.number and data["stage"] == case.stage
    assert data["parties"] == [
        {"name": "张三", "kind": "natural_person", "uscc": "", "legal_representative": ""}
    ]
    assert isinstance(data["deadlines"], list)
    assert all(set(d) == {"kind", "purpose", "due", "urgency"} for d in data["deadlines"])
    assert "120110198506150017" not in response.content.decode()
    assert {o["is_lead"] for o in data["officers"]} == {True, False}


def test_a_running_case_lists_its_time_limits(case, wanxin_key):
    data = client_with(wanxin_key).get(f"/api/v1/cases/{case.pk}/").json()
    assert data["deadlines"] and data["deadlines"][0]["urgency"] == "normal"


def test_decisions_and_publications_never_show_facts_or_the_unredacted_text(published, wanxin_key):
    client = client_with(wanxin_key)
    decision = client.get(f"/api/v1/decisions/{published.decision_id}/").json()
    assert decision["number"] == published.number and decision["fine_amount"] == "2000.00"
    assert "facts" not in decision
    publication = client.get(f"/api/v1/publications/{published.pk}/").json()
    assert publication["status"] == "published" and "original_text" not in publication
    for body in (decision, publication):
        assert "120110198506150017" not in str(body) and "13812345678" not in str(body)


def test_the_public_list_drops_a_withdrawn_publication(published, publisher):
    from sanxiang.publicity import services as publicity

    assert client_with(None).get("/api/v1/public/publications/").json()["count"] == 1
    publicity.withdraw_publication(actor=publisher, publication=published, reason="撤销")
    assert client_with(None).get("/api/v1/public/publications/").json()["count"] == 0
    assert (
        client_with(None).get(f"/api/v1/public/publications/{published.public_id}/").status_code
        == 404
    )


def test_filters(published, wanxin_key):
    client = client_with(wanxin_key)
    assert client.get("/api/v1/cases/?stage=archived").json()["count"] == 0
    assert client.get("/api/v1/decisions/?status=in_force").json()["count"] == 1
    assert client.get("/api/v1/publications/?status=draft").json()["count"] == 0
    assert client.get("/api/v1/cases/?stage=nonsense").status_code == 400
