"""/stats [from] [to]: the office's figures as a short text and chart images (PNG, Persian labels
shaped and right to left, Jalali dates on the time axis). Dates are Jalali: `/stats 1404/08/01
1404/08/30`, or one date (from then to today), or none (all time; the daily chart shows the last
30 days).

Callback data (`sts:...`, staff only): `sts:show:<period>` (the summary and the first charts),
`sts:ch:<chart>:<period>` (one chart). A period is `all` or `YYYYMMDD-YYYYMMDD` (Gregorian, as
the database keeps it).
"""

from __future__ import annotations

import asyncio
from datetime import date

from telegram import Update

from bot.chat import callbacks, keyboards, stats_view
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, pressed, reply, stale
from bot.chat.stats_view import CHART_KEYS
from bot.services.stats import BadPeriod, Period, Report, parse_period, period_between
from handlers.features import Feature
from handlers.registration import Registrar

BAD_PERIOD_KEYS = {
    "date": "stats-bad-date",
    "order": "stats-bad-order",
    "future": "stats-bad-future",
}
FIRST_CHARTS = ("daily", "needs")  # sent with the summary; the others on a button


def encode_period(period: Period) -> str:
    if period.first is None or period.last is None:
        return "all"
    return f"{period.first:%Y%m%d}-{period.last:%Y%m%d}"


def decode_period(text: str | None, today: date) -> Period | None:
    """The period a button carries; None for one no button of ours carries (forged)."""
    if not text or text == "all":
        return Period()
    first, _, last = text.partition("-")
    try:
        return period_between(date.fromisoformat(first), date.fromisoformat(last), today)
    except ValueError:  # BadPeriod too
        return None


def period_text(ctx: CoopContext, period: Period) -> str:
    return stats_view.period_text(ctx.t, ctx.locale, period)


def label(ctx: CoopContext, chart: str, key: str) -> str:
    return stats_view.label(ctx.t, ctx.locale, ctx.services.admin.stats, chart, key)


def joined(ctx: CoopContext, parts: list[str]) -> str:
    return ("، " if ctx.locale == "fa" else ", ").join(parts) or "—"


def summary(ctx: CoopContext, report: Report) -> str:
    t = report.totals
    statuses = [
        ctx.t("stats-count", name=label(ctx, "status", c.key), count=c.count)
        for c in report.by_status
    ]
    needs = [
        ctx.t("stats-count", name=label(ctx, "needs", c.key), count=c.count)
        for c in report.needs[:5]
    ]
    return ctx.t(
        "stats-summary",
        period=period_text(ctx, report.period),
        members=t.members,
        members_new=t.members_new,
        blocked=t.members_blocked,
        cooperatives=t.cooperatives,
        cooperatives_new=t.cooperatives_new,
        started=t.assessments_started,
        finished=t.assessments_finished,
        assessed=t.members_assessed,
        registrations=t.registrations,
        statuses=joined(ctx, statuses),
        needs=joined(ctx, needs),
    )


def render(ctx: CoopContext, report: Report, chart: str) -> bytes:
    return stats_view.render_chart(ctx.t, ctx.locale, ctx.services.admin.stats, report, chart)


async def send_chart(update: Update, ctx: CoopContext, report: Report, chart: str) -> None:
    png = await asyncio.to_thread(render, ctx, report, chart)
    await ctx.bot.send_photo(
        chat_id=chat_id_of(update),
        photo=png,
        filename=f"{chart}.png",
        caption=f"{ctx.t(CHART_KEYS[chart])} — {period_text(ctx, report.period)}",
    )


def chart_buttons(ctx: CoopContext, period: Period) -> keyboards.InlineKeyboardMarkup:
    code = encode_period(period)
    buttons = [
        (ctx.t(CHART_KEYS[c]), callbacks.encode(Feature.STATS, "ch", c, code)) for c in CHART_KEYS
    ]
    rows = keyboards.grid(buttons, 2)
    rows.append([(ctx.t("admin-back"), callbacks.encode(Feature.ADMIN, "menu"))])
    return keyboards.inline(rows)


async def show_report(update: Update, ctx: CoopContext, period: Period) -> None:
    report = await ctx.services.admin.stats.report(period)
    await reply(update, ctx, summary(ctx, report), chart_buttons(ctx, period))
    for chart in FIRST_CHARTS:
        await send_chart(update, ctx, report, chart)


async def command(update: Update, ctx: CoopContext) -> None:
    text = " ".join(ctx.args or [])
    try:
        period = parse_period(text, ctx.services.admin.stats.today())
    except BadPeriod as bad:
        await reply(update, ctx, ctx.t(BAD_PERIOD_KEYS[bad.reason], text=bad.text))
        return
    await show_report(update, ctx, period)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = await pressed(update, ctx, "show", "ch")
    if data is None:
        return
    stats = ctx.services.admin.stats
    period = decode_period(data.arg(1 if data.action == "ch" else 0), stats.today())
    if (data.action == "ch" and data.arg(0) not in CHART_KEYS) or period is None:
        await stale(update, ctx)
        return
    await answer(query)
    if data.action == "ch":
        report = await ctx.services.admin.stats.report(period)
        await send_chart(update, ctx, report, data.arg(0))
        return
    await show_report(update, ctx, period)


def register(r: Registrar) -> None:
    r.command("stats", command, "stats-cmd", role="staff")
    r.buttons(Feature.STATS, on_callback, role="staff")
