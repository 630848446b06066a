"""The console's first page: who is signed in and where to go."""

from __future__ import annotations

from aiohttp import web

from web.auth import user_of
from web.pages import NavItem
from web.templating import render

routes = web.RouteTableDef()
NAV = [NavItem("/", "web-nav-home")]


@routes.get("/")
async def home(request: web.Request) -> web.Response:
    user = user_of(request)
    return render(request, "home.html", member=user.member)


def setup(app: web.Application) -> None:
    app.add_routes(routes)
