"""The authorization matrix: every persona × every URL, from one table.

Every named URL of the site must be listed in ``RULES`` (admin excepted: Django's admin
checks its own permissions). A new URL that is not listed fails
``test_every_url_is_in_the_matrix`` until someone decides who may open it.

Objects belong to 万新街 (the personas' own agency); ``other_officer`` belongs to 金桥街 and
must get 404 for anything of 万新街's, exactly as for something that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sanxiang.agencies.tests.factories import CredentialFactory, OfficerFactory

PERSONAS = [
    "anonymous",
    "officer",
    "reviewer",
    "head",
    "publisher",
    "agency_admin",
    "supervisor",
    "other_officer",
    "superuser",
]
WANXIN_STAFF = {"officer", "reviewer", "head", "publisher", "agency_admin"}

# Outcome per persona for each kind of page (GET).
PUBLIC = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = {p: 302 if p == "anonymous" else 200 for p in PERSONAS}
READ_WANXIN = {**SIGNED_IN, "other_officer": 404}
MANAGE_WANXIN = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "agency_admin": 200,
    "superuser": 200,
    "other_officer": 404,
}
MANAGE_OWN = {**MANAGE_WANXIN, "other_officer": 403, "superuser": 403}
POST_ONLY = {p: 302 if p == "anonymous" else 405 for p in PERSONAS}


@dataclass(frozen=True)
class Rule:
    expected: dict[str, int]
    kwargs: Callable[[Any], dict[str, Any]] = lambda objects: {}


def _officer(o):
    return {"officer_id": o["officer"].pk}


def _credential(o):
    return {"credential_id": o["credential"].pk}


RULES: dict[str, Rule] = {
    "login": Rule(PUBLIC),
    "logout": Rule(dict.fromkeys(PERSONAS, 405)),
    "password_change": Rule(SIGNED_IN),
    "password_change_done": Rule(SIGNED_IN),
    "set_language": Rule(dict.fromkeys(PERSONAS, 302)),
    "portal:home": Rule(PUBLIC),
    "portal:agencies": Rule(PUBLIC),
    "portal:agency": Rule(PUBLIC, lambda o: {"code": "wanxin"}),
    "portal:agency-officers": Rule(PUBLIC, lambda o: {"code": "wanxin"}),
    "portal:credential-lookup": Rule(PUBLIC),
    "portal:credential": Rule(PUBLIC, lambda o: {"token": o["credential"].public_token}),
    "workbench:home": Rule(SIGNED_IN),
    "workbench:agencies": Rule(SIGNED_IN),
    "workbench:agency": Rule(READ_WANXIN, lambda o: {"agency_id": o["wanxin"].pk}),
    "workbench:officers": Rule(SIGNED_IN),
    "workbench:officer-new": Rule(MANAGE_OWN),
    "workbench:officer": Rule(READ_WANXIN, _officer),
    "workbench:credential-new": Rule(MANAGE_WANXIN, _officer),
    "workbench:credential-status": Rule(MANAGE_WANXIN, _credential),
    "workbench:credential-card": Rule(READ_WANXIN, _credential),
    "workbench:credential-qr": Rule(READ_WANXIN, lambda o: {**_credential(o), "fmt": "svg"}),
    "workbench:credential-rotate-code": Rule(POST_ONLY, _credential),
}


def _named_urls(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_is_in_the_matrix():
    unlisted = sorted(set(_named_urls(get_resolver().url_patterns)) - set(RULES))
    assert unlisted == [], "add these URLs to RULES with who may open them"


@pytest.fixture
def objects(wanxin):
    officer = OfficerFactory(agency=wanxin)
    return {"wanxin": wanxin, "officer": officer, "credential": CredentialFactory(officer=officer)}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_the_matrix(client, request, objects, supervisor, other_officer, name, persona):
    rule = RULES[name]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(name, kwargs=rule.kwargs(objects)))
    assert response.status_code == rule.expected[persona], f"{persona} GET {name}"
