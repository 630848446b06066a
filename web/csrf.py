"""Every form that changes something carries the session's CSRF token (`{{ csrf_field() }}` in
the template, or the `X-CSRF-Token` header from a script); a POST, PUT, PATCH or DELETE without
the right one is refused with 403 before its handler runs, so nothing changes. The token is an
HMAC of the session's secret (bot/services/web_access.py `csrf_token`): per session, never
stored. The sign-in form has no session yet; its one-time link token is its proof
(`@csrf_exempt`)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.services.web_access import csrf_valid
from web.auth import Handler, session_token

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FIELD = "csrf"
HEADER = "X-CSRF-Token"


def csrf_exempt(fn: Handler) -> Handler:
    fn.csrf_exempt = True  # type: ignore[attr-defined]
    return fn


@web.middleware
async def check_csrf(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method not in UNSAFE:
        return await handler(request)
    route: Any = request.match_info.handler
    if getattr(route, "csrf_exempt", False):
        return await handler(request)
    token = session_token(request)
    sent = request.headers.get(HEADER)
    if sent is None and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sent = (await request.post()).get(FIELD)  # type: ignore[assignment]
    if token is None or not isinstance(sent, str) or not csrf_valid(token, sent):
        raise web.HTTPForbidden(reason="CSRF token missing or wrong")
    return await handler(request)
