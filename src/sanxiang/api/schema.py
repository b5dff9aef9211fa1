"""OpenAPI details drf-spectacular cannot infer: the token scheme and the error responses."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "message_en"],
            "properties": {
                "code": {"type": "string", "example": "not_found"},
                "message": {"type": "string", "example": "未找到，或本令牌无权查看。"},
                "message_en": {
                    "type": "string",
                    "example": "Not found, or not visible to this token.",
                },
                "fields": {
                    "type": "object",
                    "description": "字段 → 错误信息 / field → messages (validation errors)",
                    "additionalProperties": True,
                },
                "problems": {
                    "type": "array",
                    "description": "导入文件逐行的问题 / row-by-row problems of an import",
                    "items": {"$ref": "#/components/schemas/ImportProblem"},
                },
            },
        }
    },
}

IMPORT_PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["row", "column", "message"],
    "properties": {
        "row": {"type": "integer", "description": "Excel 行号 / spreadsheet row"},
        "column": {"type": "string", "nullable": True, "description": "列名 / column"},
        "message": {"type": "string"},
    },
}

ERROR_DESCRIPTIONS = {
    "400": "请求无效 / invalid request",
    "401": "缺少或无效的令牌 / missing or invalid token",
    "403": "令牌无此权限 / not allowed for this token",
    "404": "不存在或不可见 / not found or not visible",
    "405": "不允许的方法 / method not allowed",
    "406": "仅提供 JSON / JSON only",
    "415": "不支持的内容类型 / unsupported media type",
    "429": "请求过于频繁 / too many requests",
}


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "sanxiang.api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Authorization: Bearer sx_…（在管理后台签发 / issued in the admin）",
        }


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: every operation documents the error body for every error status."""
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas.setdefault("ImportProblem", IMPORT_PROBLEM_SCHEMA)
    responses = components.setdefault("responses", {})
    for status, description in ERROR_DESCRIPTIONS.items():
        responses[f"Error{status}"] = {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for status in ERROR_DESCRIPTIONS:
                operation["responses"].setdefault(
                    status, {"$ref": f"#/components/responses/Error{status}"}
                )
    return result
