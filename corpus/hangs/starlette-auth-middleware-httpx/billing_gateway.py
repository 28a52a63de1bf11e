"""Billing gateway: a Starlette app served by Hypercorn. Every /api request carries a bearer token
that is checked against the identity provider's token-introspection endpoint by a middleware.

Run with: hypercorn billing_gateway:app --bind 127.0.0.1:PORT
"""

import logging
import os

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

log = logging.getLogger("billing.auth")
INTROSPECT_URL = os.environ.get("IDP_INTROSPECT_URL", "http://idp.internal/oauth2/introspect")


class TokenIntrospector:
    def __init__(self, url):
        self.url = url

    def is_active(self, token):
        response = httpx.post(self.url, data={"token": token}, timeout=None)
        response.raise_for_status()
        return response.json().get("active", False)


class BearerAuthMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, introspector):
        super().__init__(app)
        self.introspector = introspector

    async def dispatch(self, request, call_next):
        if not request.url.path.startswith("/api/"):
            return await call_next(request)
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            return JSONResponse({"error": "missing token"}, status_code=401)
        log.info("introspecting token for %s", request.url.path)
        if not self.introspector.is_active(header[7:]):
            return JSONResponse({"error": "inactive token"}, status_code=401)
        return await call_next(request)


async def invoices(request):
    return JSONResponse({"invoices": [{"id": "inv-1", "total": 120.0}]})


async def health(request):
    return JSONResponse({"ok": True})


logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
app = Starlette(
    routes=[Route("/api/invoices", invoices), Route("/health", health)],
    middleware=[Middleware(BearerAuthMiddleware, introspector=TokenIntrospector(INTROSPECT_URL))],
)
