"""The clock: the one place that reads the current time.

Code asks an injected :class:`Clock` for "now" (aware UTC) instead of calling ``datetime.now()``,
so tests can pin and move time with :class:`FixedClock`. Never use the server's local date; turn
the instant into Tehran time with ``bot.persian.jalali.tehran_now``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FixedClock", "SystemClock"]


@runtime_checkable
class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


def _as_utc(dt: datetime) -> datetime:
    if not isinstance(dt, datetime):
        raise TypeError(f"expected datetime, got {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"clock times must be timezone-aware (got naive {dt!r})")
    return dt.astimezone(UTC)


class FixedClock:
    """A clock for tests: stands still until moved with :meth:`set` or :meth:`advance`."""

    def __init__(self, start: datetime) -> None:
        self._now = _as_utc(start)

    def now(self) -> datetime:
        return self._now

    def set(self, dt: datetime) -> datetime:
        """Jump to ``dt`` (aware; stored as UTC). Returns the new time."""
        self._now = _as_utc(dt)
        return self._now

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move forward by ``delta`` and/or ``timedelta(**kwargs)``. Returns the new time."""
        step = (delta or timedelta()) + timedelta(**kwargs)
        self._now = self._now + step
        return self._now

    def __repr__(self) -> str:
        return f"FixedClock({self._now.isoformat()})"
