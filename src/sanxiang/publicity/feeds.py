"""An Atom feed for any decision search: what the list shows, newest first. Withdrawn,
expired and revoked decisions leave it at once, exactly as they leave the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from sanxiang.publicity import selectors
from sanxiang.publicity.forms import DecisionSearchForm
from sanxiang.publicity.models import Publication

FEED_SIZE = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom with plain-text summaries.

    Django's Atom writes the description as ``<summary type="html">`` and escapes it once for
    XML, so a reader decodes it back into markup: decision text containing
    ``<img src=x onerror=…>`` became active HTML in feed readers. The summary is plain
    decision text, so it is declared ``type="text"`` and a reader shows it as written.
    """

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class DecisionFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "执法决定公示"
    subtitle = "各执法机关公示的执法决定（已隐去个人信息）"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        form = DecisionSearchForm(request.GET or None)
        return form.cleaned_data if form.is_valid() else {}

    def link(self, obj: dict[str, Any]) -> str:
        return reverse("portal:decisions")

    def items(self, obj: dict[str, Any]) -> QuerySet[Publication]:
        publications = selectors.filter_publications(selectors.public_publications(), obj)
        return publications.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Publication) -> str:
        return f"{item.number} {item.party_name}"

    def item_description(self, item: Publication) -> str:
        return f"{item.violation}。{item.conclusion}"

    def item_link(self, item: Publication) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Publication) -> dt.datetime | None:
        return item.published_at
