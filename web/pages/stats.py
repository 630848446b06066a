"""/stats as a dashboard: the office's figures for a Jalali period and the chat's charts
(bot/chat/stats_view.py renders the same PNGs `/stats` sends), served as images of this site.
The period is typed as in the chat (`1404/08/01` to `1404/08/30`, any digits); a wrong one is
explained and nothing is drawn."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.chat.stats_view import CHART_KEYS, period_text, render_chart
from bot.services.stats import BadPeriod, Period, StatsService, parse_period
from web.auth import user_of
from web.keys import services_of
from web.pages import NavItem
from web.templating import render

routes = web.RouteTableDef()
NAV = [NavItem("/stats", "web-nav-stats")]
BAD_PERIOD_KEYS = {
    "date": "web-stats-bad-date",
    "order": "stats-bad-order",
    "future": "stats-bad-future",
}


def period_of(request: web.Request, stats: StatsService) -> Period:
    typed = " ".join(request.query.get(k, "")[:40] for k in ("from", "to"))
    return parse_period(typed, stats.today())


@routes.get("/stats")
async def dashboard(request: web.Request) -> web.Response:
    user = user_of(request)
    services = services_of(request)
    stats = services.admin.stats
    query = {k: request.query.get(k, "")[:40] for k in ("from", "to")}
    try:
        period = period_of(request, stats)
    except BadPeriod as bad:
        return render(
            request,
            "stats.html",
            status=400,
            query=query,
            report=None,
            problem_key=BAD_PERIOD_KEYS[bad.reason],
            problem_text=bad.text,
        )

    def t(key: str, **args: object) -> str:
        return services.translator(user.locale, key, **args)

    report = await stats.report(period)
    return render(
        request,
        "stats.html",
        query=query,
        report=report,
        period_text=period_text(t, user.locale, report.period),
        charts=CHART_KEYS,
        chart_query=request.query_string,
        problem_key=None,
    )


@routes.get("/stats/chart/{chart}.png")
async def chart(request: web.Request) -> web.Response:
    user = user_of(request)
    services = services_of(request)
    name = request.match_info["chart"]
    if name not in CHART_KEYS:
        raise web.HTTPNotFound()
    stats = services.admin.stats
    try:
        period = period_of(request, stats)
    except BadPeriod:
        raise web.HTTPNotFound() from None
    report = await stats.report(period)

    def t(key: str, **args: object) -> str:
        return services.translator(user.locale, key, **args)

    png = await asyncio.to_thread(render_chart, t, user.locale, stats, report, name)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "no-store"})


def setup(app: web.Application) -> None:
    app.add_routes(routes)
