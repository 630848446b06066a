"""Signing in from a `/web` link, signing out, and the language switch.

GET /signin/<token> only shows a button (a link preview or a mail scanner fetching the URL does
not spend it); the button POSTs the token, which is taken once and opens a session. The sign-in
form has no session (so no CSRF token) yet: a browser's Origin header, when sent, must be the
console's own (WEB_BASE_URL), so another site cannot sign someone in with its own link.
"""

from __future__ import annotations

from aiohttp import web

from bot.services.web_access import SignInResult
from web.auth import COOKIE, public, session_token, user_of
from web.csrf import csrf_exempt
from web.keys import services_of
from web.templating import redirect, render

routes = web.RouteTableDef()
REFUSED_KEYS: dict[SignInResult, str] = {
    "invalid": "web-signin-invalid",
    "expired": "web-signin-expired",
    "used": "web-signin-used",
    "refused": "web-signin-refused",
    "signed_in": "web-signin-invalid",
}


def origin_of(url: str) -> str:
    """scheme://host[:port] of an address."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


@routes.get("/signin")
@public
async def how_to(request: web.Request) -> web.Response:
    return render(request, "signin.html", token=None, problem_key=None)


@routes.get("/signin/{token}")
@public
async def confirm(request: web.Request) -> web.Response:
    return render(request, "signin.html", token=request.match_info["token"], problem_key=None)


@routes.post("/signin")
@public
@csrf_exempt
async def sign_in(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    origin = request.headers.get("Origin")
    if origin is not None and origin.rstrip("/") != origin_of(services.settings.web_url):
        raise web.HTTPForbidden()  # another site's form: no signing people in from elsewhere
    form = await request.post()
    token = form.get("token")
    outcome = await services.web_access.sign_in(token if isinstance(token, str) else "")
    if outcome.result != "signed_in" or outcome.token is None:
        key = REFUSED_KEYS[outcome.result]
        status = 403 if outcome.result == "refused" else 400
        return render(request, "signin.html", status=status, token=None, problem_key=key)
    response = redirect("/")
    settings = services.settings
    response.set_cookie(
        COOKIE,
        outcome.token,
        max_age=settings.web_session_hours * 3600,
        path="/",
        httponly=True,
        secure=settings.web_secure,
        samesite="Lax",
    )
    return response


@routes.post("/signout")
async def sign_out(request: web.Request) -> web.StreamResponse:
    user = user_of(request)
    token = session_token(request)
    if token is not None:
        await services_of(request).web_access.sign_out(token, user.member.id)
    response = redirect("/signin")
    response.del_cookie(COOKIE, path="/")
    return response


@routes.post("/language")
async def language(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    locale = form.get("locale")
    back = form.get("back")
    await services_of(request).web_access.set_locale(
        user_of(request), locale if isinstance(locale, str) else ""
    )
    return redirect(back if isinstance(back, str) else "/")


def setup(app: web.Application) -> None:
    app.add_routes(routes)
