"""The staff web console: an aiohttp application served by coopbot itself, beside the chat.

Off by default; WEB_PORT or WEB_BASE_URL turns it on (bot/core/config.py), and bot/app.py's
Runtime starts it (`WebServer`) with the same Services as the chat, so every rule, every role
check and the audit log are the chat's. Layers: web -> bot.services -> storage, as for handlers
(no `telegram`, no `handlers`, no SQL here; tests/units/test_layers.py).

Every request passes, in order:
1. `errors` — 401/403/404/405 become a page in the reader's language;
2. web/auth.py `authenticate` — the session cookie is looked up and the member's row re-read:
   a route is for signed-in staff unless marked `@public` (anyone) or `@admin_only`;
3. web/csrf.py `check_csrf` — every POST/PUT/PATCH/DELETE must carry the session's token;
4. the page's handler; then security headers are added to the response.

## Adding a page

1. `web/pages/<name>.py`:

       from aiohttp import web
       from web.auth import user_of
       from web.keys import services_of
       from web.pages import NavItem
       from web.templating import render

       routes = web.RouteTableDef()
       NAV = [NavItem("/things", "web-nav-things")]        # role="admin" for admins only

       @routes.get("/things")
       async def things(request: web.Request) -> web.Response:
           user = user_of(request)                        # the member, role read just now
           found = await services_of(request).things.list()
           return render(request, "things.html", found=found)

       @routes.post("/things/{id}/close")
       async def close(request: web.Request) -> web.Response:
           form = await request.post()                    # CSRF already checked
           await services_of(request).things.close(int(request.match_info["id"]),
                                                       actor=user_of(request).member)
           raise web.HTTPSeeOther("/things?note=closed")  # post/redirect/get

       def setup(app: web.Application) -> None:
           app.add_routes(routes)

2. Add the module to `web/pages/__init__.py` `modules()`.
3. `web/templates/things.html`: `{% extends "base.html" %}`, `{% block main %}…{% endblock %}`;
   texts with `t("web-…")` in `locales/fa/*.ftl` and `locales/en/*.ftl` (Persian first); every
   POST form has `{{ csrf_field() }}`; dates with `datetime()`/`date()`, figures with
   `number()`/`digits()`.
4. Changes go through a service that checks the actor's role again and writes the audit entry
   in its transaction. Form fields and path parts are user input: parse them
   (`web/forms.py`), answer bad input with a polite note and change nothing.
5. Tests in `tests/web/` (`tests/web/conftest.py`: `console`, `sign_in`): the page as staff, as a
   member, signed out, and each form with a forged CSRF token — tests/web/test_security.py walks
   every route by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from bot.core.config import ConfigError
from bot.services.container import Services
from bot.services.roles import NotAllowed
from web.auth import Handler, authenticate, public
from web.csrf import check_csrf
from web.keys import BOT_NAMES, SERVICES
from web.pages import modules
from web.templating import ENV_KEY, TEMPLATES, make_environment, render

log = logging.getLogger("coopbot.web")
STATIC = TEMPLATES.parent / "static"
ERROR_KEYS = {
    401: "web-error-signed-out",
    403: "web-error-forbidden",
    404: "web-error-not-found",
    405: "web-error-not-found",
}


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except NotAllowed:  # a service found the role gone meanwhile: refused, nothing changed
        return render(request, "error.html", status=403, message_key=ERROR_KEYS[403])
    except web.HTTPException as exc:
        if exc.status not in ERROR_KEYS:
            raise
        return render(request, "error.html", status=exc.status, message_key=ERROR_KEYS[exc.status])


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'",
    )
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # A sign-in link never leaks to another site; same-origin (not no-referrer) so a form posted
    # from the console carries its real Origin, which the sign-in form checks.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if not request.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")


def probe(answer: Handler) -> Handler:
    """A health endpoint of the process serving the console: open to anyone, and answered
    without looking at the session cookie (a probe reads no database but its own check's)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return await answer(request)

    handler.web_probe = True  # type: ignore[attr-defined]
    return public(handler)


def make_app(
    services: Services,
    bot_names: dict[str, str] | None = None,
    probes: Mapping[str, Handler] | None = None,
) -> web.Application:
    """The console; `probes` (path -> handler) are GET endpoints anyone may call: the
    `--role web` process answers /healthz and /readyz on the console's own port."""
    app = web.Application(middlewares=[errors, authenticate, check_csrf])
    app[SERVICES] = services
    app[BOT_NAMES] = bot_names if bot_names is not None else {}  # filled as the bots start
    app[ENV_KEY] = make_environment()
    for module in modules():
        module.setup(app)
    for path, answer in (probes or {}).items():
        app.router.add_get(path, probe(answer))
    app.router.add_static("/static/", STATIC, name="static")
    app.on_response_prepare.append(security_headers)
    return app


class WebServer:
    """The console, listening on WEB_HOST:WEB_PORT until stopped."""

    def __init__(
        self,
        services: Services,
        *,
        port: int | None = None,
        bot_names: dict[str, str] | None = None,
        probes: Mapping[str, Handler] | None = None,
    ) -> None:
        self.services = services
        self.bot_names = bot_names if bot_names is not None else {}
        self.probes = probes
        self.port = port if port is not None else services.settings.web_listen_port
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        settings = self.services.settings
        self.runner = web.AppRunner(
            make_app(self.services, self.bot_names, self.probes), access_log=None
        )
        await self.runner.setup()
        site = web.TCPSite(self.runner, settings.web_host, self.port)
        try:
            await site.start()
        except OSError as exc:  # taken, or not an address of this machine: one sentence
            await self.stop()
            raise ConfigError(
                key="web-cannot-listen",
                address=f"{settings.web_host}:{self.port}",
                problem=exc.strerror or str(exc),
            ) from None
        log.info("web console on %s:%d (%s)", settings.web_host, self.port, settings.web_url)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None


def describe(app: web.Application) -> list[dict[str, Any]]:
    """Every route: method, path and the role it needs (for the security tests)."""
    out = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource is not None else {}
        path = info.get("path") or info.get("formatter") or info.get("prefix")
        role = getattr(route.handler, "web_role", "staff")
        out.append({"method": route.method, "path": path, "role": role})
    return out
