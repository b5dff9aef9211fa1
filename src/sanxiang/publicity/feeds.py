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


class DecisionFeed(Feed):
    feed_type = Atom1Feed
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
