"""The project's URLs plus the benchmark's bare view and naive-search baseline."""

from __future__ import annotations

import threading

from django.http import HttpRequest, HttpResponse
from django.urls import path

from sanxiang.publicity import search, views
from sanxiang.urls import urlpatterns as project_urlpatterns

_lock = threading.Lock()


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def naive_decisions(request: HttpRequest) -> HttpResponse:
    """The same decision list with the index step switched off: Django's ``icontains``, i.e.
    ``UPPER(search_text) LIKE UPPER('%word%')`` over the table (the naive baseline)."""
    with _lock:
        narrow, contains = search.narrow, search.contains
        search.narrow = lambda publications, word: publications  # type: ignore[assignment]
        search.contains = lambda publications, word: publications.filter(  # type: ignore[assignment]
            search_text__icontains=word
        )
        try:
            return views.decision_list(request)
        finally:
            search.narrow, search.contains = narrow, contains  # type: ignore[assignment]


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/naive-decisions/", naive_decisions, name="bench-naive-decisions"),
    *project_urlpatterns,
]
