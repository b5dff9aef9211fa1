"""The public decision page's HTML, kept in two tiers: this process's memory first, then the
shared cache (``CACHES["default"]``).

Keys are digests of everything a page is made of (``views.decision_page_key``), so an entry
can never be stale: a changed record asks for a new key, and a record that is no longer
public is refused before any tier is asked. The local tier saves the shared cache's round
trip (a file read and unpickling, or a Redis call) on pages read often, and it is bounded by
size: the least recently read pages leave first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.core.cache import cache

# Per process: 8 million characters, about 16 MB of Chinese text (2 bytes a character).
LOCAL_CHARACTERS = 8_000_000
SHARED_SECONDS = 24 * 3600


class LocalPages:
    """A least-recently-used map of key → HTML, bounded by the HTML's total length in
    characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self._pages: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
            return html

    def put(self, key: str, html: str) -> None:
        if len(html) > self.limit:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            self.size += len(html) - (len(old) if old is not None else 0)
            self._pages[key] = html
            while self.size > self.limit:
                _key, dropped = self._pages.popitem(last=False)
                self.size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._pages)


local = LocalPages(LOCAL_CHARACTERS)


def get(key: str) -> str | None:
    html = local.get(key)
    if html is None:
        html = cache.get(key)
        if html is not None:
            local.put(key, html)
    return html


def put(key: str, html: str) -> None:
    cache.set(key, html, SHARED_SECONDS)
    local.put(key, html)
