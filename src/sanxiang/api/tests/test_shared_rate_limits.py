"""Rate limits hold across server processes: the counts live in a cache they all share.

Another Python process (a second "server") spends part of a token's limit through the real
throttle; this process then finds the rest spent. Once with the default cache (files under
the var directory), once with Redis (``SANXIANG_CACHE_URL``) when a server answers.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIRequestFactory

from sanxiang.api import throttling
from sanxiang.api.models import ApiToken

SECOND_PROCESS = """
import django, sys
django.setup()
from rest_framework.test import APIRequestFactory
from sanxiang.api.models import ApiToken
from sanxiang.api.throttling import TokenRateThrottle
request = APIRequestFactory().get("/api/v1/cases/")
request.auth = ApiToken(pk=int(sys.argv[1]), requests_per_minute=int(sys.argv[2]))
print(sum(TokenRateThrottle().allow_request(request, None) for _ in range(int(sys.argv[3]))))
"""


def _other_process_spends(env: dict[str, str], token_id: int, limit: int, calls: int) -> int:
    done = subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS, str(token_id), str(limit), str(calls)],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "sanxiang.settings", **env},
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return int(done.stdout.strip().splitlines()[-1])


def _allowed_here(cache: BaseCache, monkeypatch, token_id: int, limit: int, calls: int) -> int:
    monkeypatch.setattr(throttling.SimpleRateThrottle, "cache", cache)
    request = APIRequestFactory().get("/api/v1/cases/")
    request.auth = ApiToken(pk=token_id, requests_per_minute=limit)
    return sum(throttling.TokenRateThrottle().allow_request(request, None) for _ in range(calls))


def _token_id() -> int:
    return uuid.uuid4().int % 10**12


def test_the_default_cache_is_shared_by_every_process_of_the_machine(settings, monkeypatch):
    assert isinstance(caches["default"], FileBasedCache)  # the settings' default
    token_id = _token_id()
    env = {"SANXIANG_VAR_DIR": str(settings.VAR_DIR), "SANXIANG_CACHE_URL": ""}
    assert _other_process_spends(env, token_id, limit=5, calls=3) == 3
    # This process sees the three calls made there: two more are allowed, then no more.
    assert _allowed_here(caches["default"], monkeypatch, token_id, limit=5, calls=4) == 2
    assert _other_process_spends(env, token_id, limit=5, calls=2) == 0


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="no Redis server on 127.0.0.1:6379")
def test_with_redis_configured_processes_share_the_counts(settings, monkeypatch):
    url, prefix = "redis://127.0.0.1:6379/0", f"sanxiang-test-{uuid.uuid4().hex[:12]}"
    token_id = _token_id()
    env = {"SANXIANG_VAR_DIR": str(settings.VAR_DIR), "SANXIANG_CACHE_URL": url,
           "SANXIANG_CACHE_PREFIX": prefix}  # fmt: skip
    redis = RedisCache(url, {"KEY_PREFIX": prefix})
    try:
        assert _other_process_spends(env, token_id, limit=4, calls=6) == 4
        assert _allowed_here(redis, monkeypatch, token_id, limit=4, calls=2) == 0
    finally:
        redis.delete(f"sanxiang-api-throttle:token:{token_id}")


def test_a_per_process_cache_would_not_hold_the_limit(settings, monkeypatch):
    """The failure this guards against: LocMemCache counts in each process separately."""
    from django.core.cache.backends.locmem import LocMemCache

    token_id = _token_id()
    env = {"SANXIANG_VAR_DIR": str(settings.VAR_DIR), "SANXIANG_CACHE_URL": "locmem://"}
    assert _other_process_spends(env, token_id, limit=3, calls=3) == 3
    here = LocMemCache(f"test-{token_id}", {})
    assert _allowed_here(here, monkeypatch, token_id, limit=3, calls=3) == 3
