"""Limit/offset pagination that refuses a page too large instead of cutting it silently."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from sanxiang.api.constants import DEFAULT_PAGE_SIZE, MAX_OFFSET, MAX_PAGE_SIZE
from sanxiang.core.rest.errors import ApiError


def _bad(message: Any) -> ApiError:
    return ApiError(message, code="invalid_page", status=400)


def _integer(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit():
        raise _bad(_("limit and offset must be whole numbers of 0 or more."))
    return int(raw)


class ApiPagination(LimitOffsetPagination):
    default_limit = DEFAULT_PAGE_SIZE
    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int:
        limit = _integer(request, self.limit_query_param)
        if limit is None:
            return DEFAULT_PAGE_SIZE
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise _bad(_("limit must be between 1 and 500."))
        return limit

    def get_offset(self, request: Request) -> int:
        offset = _integer(request, self.offset_query_param) or 0
        if offset > MAX_OFFSET:
            raise _bad(_("offset is too large."))
        return offset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": "每页条数（1–500，默认 50） / page size (1–500, default 50)",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "跳过的条数 / number of items to skip",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET},
            },
        ]
