"""Security headers for every response: a Content Security Policy without inline scripts.

Everything the pages use is served by the installation (no CDN), so the policy is 'self'.
Scripts must be files (no inline <script>, no onclick=…) and so must styles (no style
attributes or <style> elements: templates use classes, and the charts' SVG carries
presentation attributes, see supervision.charts.svg_inline). The interactive API
documentation pages ship inline start-up scripts and styles of their own and get a policy
that allows them, on those paths only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
API_DOCS_POLICY = (
    POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("default-src 'self'", "default-src 'self'; worker-src 'self' blob:")
)
API_DOCS_PATHS = ("/api/v1/docs/", "/api/v1/redoc/")
# No page needs the device's sensors, camera, microphone, location or payment: a script that
# got in anyway cannot ask for them, nor can a frame (there are none: frame-ancestors 'none').
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb", "serial", "bluetooth",
    )
)  # fmt: skip


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = API_DOCS_POLICY if request.path.startswith(API_DOCS_PATHS) else POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
