"""Unit tests for bot.core.clock."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.core.clock import Clock, FixedClock, SystemClock
from bot.persian.jalali import TEHRAN, tehran_now

START = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)


def test_system_clock_is_aware_utc_and_current() -> None:
    clock = SystemClock()
    before = datetime.now(UTC)
    now = clock.now()
    after = datetime.now(UTC)
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    assert before <= now <= after


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FixedClock(START), Clock)


def test_fixed_clock_stands_still() -> None:
    clock = FixedClock(START)
    assert clock.now() == START
    assert clock.now() == START


def test_fixed_clock_normalises_to_utc() -> None:
    clock = FixedClock(datetime(2025, 11, 16, 9, 30, tzinfo=TEHRAN))
    assert clock.now() == START
    assert clock.now().utcoffset() == timedelta(0)
    assert clock.now().tzinfo is UTC


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"seconds": 1}, START + timedelta(seconds=1)),
        ({"minutes": 90}, START + timedelta(hours=1, minutes=30)),
        ({"days": 1, "hours": 2}, START + timedelta(days=1, hours=2)),
        ({"weeks": 2}, START + timedelta(days=14)),
        ({"hours": -1}, START - timedelta(hours=1)),
        ({}, START),
    ],
)
def test_fixed_clock_advance_kwargs(kwargs: dict, expected: datetime) -> None:
    clock = FixedClock(START)
    assert clock.advance(**kwargs) == expected
    assert clock.now() == expected


def test_fixed_clock_advance_timedelta_and_accumulates() -> None:
    clock = FixedClock(START)
    clock.advance(timedelta(hours=1))
    clock.advance(timedelta(minutes=10), minutes=5)
    assert clock.now() == START + timedelta(hours=1, minutes=15)


def test_fixed_clock_set() -> None:
    clock = FixedClock(START)
    target = datetime(2026, 3, 20, 20, 30, tzinfo=UTC)
    assert clock.set(target) == target
    assert clock.now() == target
    plus_two = timezone(timedelta(hours=2))
    clock.set(datetime(2026, 1, 1, 2, 0, tzinfo=plus_two))
    assert clock.now() == datetime(2026, 1, 1, tzinfo=UTC)


def test_fixed_clock_rejects_naive_and_non_datetimes() -> None:
    with pytest.raises(ValueError):
        FixedClock(datetime(2025, 11, 16, 6, 0))  # noqa: DTZ001
    clock = FixedClock(START)
    with pytest.raises(ValueError):
        clock.set(datetime(2025, 11, 16))  # noqa: DTZ001
    with pytest.raises(TypeError):
        clock.set("2025-11-16")  # type: ignore[arg-type]
    assert clock.now() == START


def test_fixed_clock_with_tehran_calendar() -> None:
    # 20:29 UTC on 20 March 2026 is 23:59 on 29 Esfand 1404 in Tehran; a minute later it's Nowruz
    clock = FixedClock(datetime(2026, 3, 20, 20, 29, tzinfo=UTC))
    assert tehran_now(clock.now()).date().isoformat() == "2026-03-20"
    clock.advance(minutes=1)
    assert tehran_now(clock.now()).date().isoformat() == "2026-03-21"


def test_repr() -> None:
    assert repr(SystemClock()) == "SystemClock()"
    assert "2025-11-16T06:00:00+00:00" in repr(FixedClock(START))
