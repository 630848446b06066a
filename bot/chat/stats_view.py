"""The statistics as people see them, in the reader's language: the period in words, labels of
the counted things, and the chart images (bot/chat/charts.py). Shared by `/stats` in the chat
(handlers/stats.py) and the web console's dashboard; nothing here knows a messenger.

`t(key, **args)` is the translator bound to the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.chat.charts import bar_chart, line_chart
from bot.persian.jalali import format_date
from bot.services.stats import Period, Report, StatsService
from bot.services.topics import topic_key

Translate = Callable[..., str]

STATUS_KEYS = {
    "requested": "stats-status-requested",
    "nominated": "stats-status-nominated",
    "sent": "stats-status-sent",
    "confirmed": "stats-status-confirmed",
    "rejected": "stats-status-rejected",
    "waitlisted": "stats-status-waitlisted",
    "offered": "stats-status-offered",
    "cancelled": "stats-status-cancelled",
    "attended": "stats-status-attended",
    "completed": "stats-status-completed",
}
CHART_KEYS = {
    "daily": "stats-chart-daily",
    "needs": "stats-chart-needs",
    "status": "stats-chart-status",
    "county": "stats-chart-county",
    "kind": "stats-chart-kind",
}
SERIES_KEYS = {
    "members": "stats-series-members",
    "assessments": "stats-series-assessments",
    "registrations": "stats-series-registrations",
}


def period_text(t: Translate, locale: str, period: Period) -> str:
    if period.first is None or period.last is None:
        return t("stats-period-all")
    return t(
        "stats-period",
        first=format_date(period.first, locale),
        last=format_date(period.last, locale),
    )


def label(t: Translate, locale: str, stats: StatsService, chart: str, key: str) -> str:
    if not key:
        return t("stats-unknown")
    if chart == "status":
        return t(STATUS_KEYS[key]) if key in STATUS_KEYS else key
    if chart == "needs":
        return t(topic_key(key))
    if chart == "kind":
        return stats.kind_label(key, locale) or key
    return key


def render_chart(
    t: Translate, locale: str, stats: StatsService, report: Report, chart: str
) -> bytes:
    """One chart as PNG (CPU work: call it in a worker thread)."""
    title = f"{t(CHART_KEYS[chart])} — {period_text(t, locale, report.period)}"
    if chart == "daily":
        series = [(t(SERIES_KEYS[name]), values) for name, values in report.series.items()]
        return line_chart(t(CHART_KEYS[chart]), report.days, series, locale=locale)
    counts = {
        "needs": report.needs,
        "status": report.by_status,
        "county": report.by_county,
        "kind": report.by_kind,
    }[chart]
    items = [(label(t, locale, stats, chart, c.key), c.count) for c in counts]
    return bar_chart(title, items, locale=locale, empty=t("stats-empty"))
