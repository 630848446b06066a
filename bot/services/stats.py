"""Statistics for the office: members, cooperatives, assessments, registrations, needs.

A period is whole Tehran days, typed as Jalali dates (`/stats 1404/08/01 1404/08/30`); without
one, totals cover all time and the daily series the last 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from bot.core.clock import Clock
from bot.persian.jalali import (
    JALALI_YEAR_MAX,
    JALALI_YEAR_MIN,
    TEHRAN,
    jalali_to_gregorian,
    parse_jalali_date,
    tehran_today,
    to_utc,
)
from bot.persian.normalize import normalize_text
from storage.engine import Database
from storage.stats import Count, DayCount, StatsRepo, Totals

DEFAULT_SERIES_DAYS = 30
MAX_SERIES_DAYS = 400
SERIES = ("members", "assessments", "registrations")


@dataclass(frozen=True)
class Period:
    """Whole Tehran days [first, last]; None on a side leaves it open."""

    first: date | None = None
    last: date | None = None

    @property
    def since(self) -> datetime | None:
        return to_utc(datetime.combine(self.first, time(0, 0))) if self.first else None

    @property
    def until(self) -> datetime | None:
        if self.last is None:
            return None
        return to_utc(datetime.combine(self.last + timedelta(days=1), time(0, 0)))

    @property
    def is_all_time(self) -> bool:
        return self.first is None and self.last is None


class BadPeriod(ValueError):
    """`reason`: `date` (not a Jalali date), `order` (ends before it starts), `future`."""

    def __init__(self, reason: str, text: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text


def parse_period(text: str | None, today: date) -> Period:
    """'' -> all time; one date -> from that day to today; two dates -> that range.
    Dates may be separated by spaces, 'تا', 'to' or a dash between spaced dates."""
    words = normalize_text(text or "").replace(" تا ", " ").replace(" to ", " ").split()
    words = [w for w in words if w not in ("-", "–", "تا", "to")]
    if not words:
        return Period()
    if len(words) > 2:
        raise BadPeriod("date", " ".join(words))
    days = []
    for word in words:
        day = parse_jalali_date(word)
        if day is None:
            raise BadPeriod("date", word)
        days.append(day)
    return period_between(days[0], days[1] if len(days) == 2 else today, today)


# The days a typed Jalali date can name (parse_jalali_date's years). 1 Farvardin exists in
# every year, so jalali_to_gregorian never returns None here.
EARLIEST = cast(date, jalali_to_gregorian(JALALI_YEAR_MIN, 1, 1))
LATEST = cast(date, jalali_to_gregorian(JALALI_YEAR_MAX + 1, 1, 1)) - timedelta(days=1)


def period_between(first: date, last: date, today: date) -> Period:
    """The period [first, last] if it is one the office can ask for (the same rules for a typed
    period and one carried by a button, which is user input too); BadPeriod otherwise."""
    if not EARLIEST <= first <= LATEST or not EARLIEST <= last <= LATEST:
        raise BadPeriod("date")
    if last < first:
        raise BadPeriod("order")
    if first > today:
        raise BadPeriod("future")
    return Period(first, last)


@dataclass(frozen=True)
class Report:
    period: Period
    totals: Totals
    by_status: list[Count]
    by_county: list[Count]
    by_kind: list[Count]
    needs: list[Count]
    days: list[date]  # the days of the series, in order
    series: dict[str, list[int]] = field(default_factory=dict)  # SERIES name -> count per day


def fill_days(counts: list[DayCount], days: list[date]) -> list[int]:
    found = {c.day: c.count for c in counts}
    return [found.get(day, 0) for day in days]


class StatsService:
    def __init__(self, db: Database, clock: Clock, questionnaire: Any | None = None) -> None:
        self.db = db
        self.clock = clock
        self.questionnaire = questionnaire

    def today(self) -> date:
        return tehran_today(self.clock.now())

    def series_days(self, period: Period) -> list[date]:
        last = min(period.last or self.today(), self.today())
        first = period.first or last - timedelta(days=DEFAULT_SERIES_DAYS - 1)
        first = max(first, last - timedelta(days=MAX_SERIES_DAYS - 1))
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    async def report(self, period: Period | None = None) -> Report:
        period = period or Period()
        since, until = period.since, period.until
        days = self.series_days(period)
        series_since = to_utc(datetime.combine(days[0], time(0, 0)))
        series_until = to_utc(datetime.combine(days[-1] + timedelta(days=1), time(0, 0)))
        offset = datetime.combine(days[-1], time(12, 0), TEHRAN).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset else 0
        async with self.db.read() as conn:
            repo = StatsRepo(conn)
            totals = await repo.totals(since, until)
            by_status = await repo.registrations_by_status(since, until)
            by_county = await repo.registrations_by_county(since, until)
            by_kind = await repo.registrations_by_kind(since, until)
            needs = await repo.needs_by_topic(since, until)
            series = {
                name: fill_days(await repo.per_day(name, series_since, series_until, minutes), days)
                for name in SERIES
            }
        return Report(period, totals, by_status, by_county, by_kind, needs, days, series)

    def kind_label(self, kind: str, locale: str) -> str | None:
        """The questionnaire's text for a cooperative kind (None when unknown)."""
        question = self.questionnaire.by_field("coop.kind") if self.questionnaire else None
        option = question.option(kind) if question is not None and kind else None
        return option.text.get(locale) if option is not None else None
