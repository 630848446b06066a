"""Who may open what: every route needs a signed-in staff member unless marked otherwise.

    @routes.get("/things")
    async def things(request): ...              # staff (the default)

    @routes.get("/staff")
    @admin_only
    async def staff(request): ...               # admins

    @routes.get("/signin/{token}")
    @public
    async def signin(request): ...              # anyone, signed in or not

The middleware reads the session cookie, finds the session in the database and re-reads the
member's row at EVERY request (bot/services/web_access.py), so a role removed in the chat counts
at the next request. A signed-out visitor gets 401 (the page says how to sign in), a member
without the role 403; nothing else runs. Handlers read `user_of(request)`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.services.roles import is_admin
from bot.services.web_access import WebUser

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
COOKIE = "coopbot_session"
USER_KEY: web.RequestKey[WebUser] = web.RequestKey("web_user", WebUser)
TOKEN_KEY: web.RequestKey[str] = web.RequestKey("web_session_token", str)


def public(fn: Handler) -> Handler:
    fn.web_role = "public"  # type: ignore[attr-defined]
    return fn


def admin_only(fn: Handler) -> Handler:
    fn.web_role = "admin"  # type: ignore[attr-defined]
    return fn


def role_of(request: web.Request) -> str:
    """What the matched route needs: "public", "staff" (default) or "admin"."""
    if request.path.startswith("/static/"):
        return "public"
    handler: Any = request.match_info.handler
    return str(getattr(handler, "web_role", "staff"))


def user_of(request: web.Request) -> WebUser:
    """The signed-in staff member of a guarded route (the middleware put them there)."""
    if USER_KEY not in request:
        raise web.HTTPUnauthorized()
    return request[USER_KEY]


def maybe_user(request: web.Request) -> WebUser | None:
    return request[USER_KEY] if USER_KEY in request else None


def session_token(request: web.Request) -> str | None:
    return request[TOKEN_KEY] if TOKEN_KEY in request else None


@web.middleware
async def authenticate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Find the session of the cookie, re-read the member, and let the route run only for the
    role it needs."""
    from web.keys import services_of

    if getattr(request.match_info.handler, "web_probe", False):  # /healthz, /readyz (web/app.py)
        return await handler(request)
    access = services_of(request).web_access
    token = request.cookies.get(COOKIE)
    user = await access.current(token)
    if user is not None and token is not None:
        request[USER_KEY] = user
        request[TOKEN_KEY] = token
    needed = role_of(request)
    if needed == "public":
        return await handler(request)
    if user is None:
        if await access.signed_in_member(token) is not None:
            raise web.HTTPForbidden()  # signed in, but no longer (or never) staff
        raise web.HTTPUnauthorized()
    if needed == "admin" and not is_admin(user.member):
        raise web.HTTPForbidden()
    return await handler(request)
