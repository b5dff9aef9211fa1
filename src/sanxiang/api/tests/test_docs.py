"""The OpenAPI document and its viewers, served by the installation itself (no CDN)."""

from __future__ import annotations

import re

from django.test import Client


def test_the_openapi_document_lists_the_endpoints_and_the_error_body(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/officers/", "/api/v1/ledger/heads/", "/api/v1/imports/people/"} <= set(
        schema["paths"]
    )
    assert "Error" in schema["components"]["schemas"]
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"
    officer = schema["components"]["schemas"]["Officer"]["properties"]
    assert "id_number" not in officer


def test_swagger_ui_and_redoc_load_only_local_assets(db):
    for url in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = Client().get(url).content.decode()
        sources = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert sources, url
        assert all(s.startswith("/") for s in sources), sources
        assert "/static/drf_spectacular_sidecar/" in page
