"""When a month's list closes: the cut-off day and time of the Jalali month (Tehran), the month a
request joins, the latest month closed; `Cycle` reads them under the settings and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.core.clock import Clock
from bot.core.config import Settings
from bot.persian.jalali import (
    add_months,
    days_in_month,
    jalali_month_of,
    jalali_to_gregorian,
    to_utc,
)


def cutoff_day(year: int, month: int, day: int) -> int:
    """The cut-off day of one month: the configured day, or the month's last day."""
    return min(day, days_in_month(year, month))


def cutoff_at(year: int, month: int, day: int, at: time | None = None) -> datetime:
    """The instant month (year, month)'s list closes: the cut-off day at `at` (Tehran), or, by
    default, the end of that day."""
    last = jalali_to_gregorian(year, month, cutoff_day(year, month, day))
    assert last is not None
    if at is not None:
        return to_utc(datetime.combine(last, at))
    return to_utc(datetime.combine(last + timedelta(days=1), time(0, 0)))


def list_month_for(now: datetime, day: int, at: time | None = None) -> tuple[int, int]:
    """The month whose list a request made at `now` joins."""
    year, month = jalali_month_of(now)
    if now < cutoff_at(year, month, day, at):
        return year, month
    return add_months(year, month, 1)


def last_closed_month(now: datetime, day: int, at: time | None = None) -> tuple[int, int]:
    """The latest month whose cut-off has passed at `now`."""
    year, month = jalali_month_of(now)
    if now >= cutoff_at(year, month, day, at):
        return year, month
    return add_months(year, month, -1)


@dataclass(frozen=True)
class Cycle:
    """The calendar of the cycle under the settings (`nomination_cutoff_day`,
    `nomination_cutoff_time`) and the clock."""

    clock: Clock
    settings: Settings

    @property
    def day(self) -> int:
        return self.settings.nomination_cutoff_day

    @property
    def at(self) -> time | None:
        """The cut-off time of day, when the settings name one (shared with the reminders)."""
        return getattr(self.settings, "nomination_cutoff_time", None)

    def cutoff_at(self, year: int, month: int) -> datetime:
        return cutoff_at(year, month, self.day, self.at)

    def collecting_month(self) -> tuple[int, int]:
        return list_month_for(self.clock.now(), self.day, self.at)
