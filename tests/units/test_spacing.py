"""bot/messenger/spacing.py: the dispatcher's and the bot-wide budget's limiter spaces starts.
A fake clock (no real sleeps); its sleeps may wake up late, like a busy event loop's."""

from __future__ import annotations

import asyncio
import itertools
import random

import pytest

from bot.messenger.spacing import TokenBucket, spacing_burst


class LateClock:
    """Time moves only when someone sleeps; each sleep wakes up to `late` seconds late."""

    def __init__(self, late: float, seed: int = 17) -> None:
        self.now = 1000.0
        self.late = late
        self.random = random.Random(seed)

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds + self.random.uniform(0, self.late)
        await asyncio.sleep(0)


def busiest_window(times: list[float], width: float = 1.0) -> int:
    times = sorted(times)
    most, first = 0, 0
    for last, t in enumerate(times):
        while t - times[first] > width + 1e-9:
            first += 1
        most = max(most, last - first + 1)
    return most


@pytest.mark.parametrize("rate", [20, 30, 27.27, 5, 20.6])
@pytest.mark.parametrize("late_share", [0.0, 0.3])  # wake-ups up to 30 % of a space late
async def test_no_second_holds_more_than_the_rate_plus_one_and_the_rate_is_kept(rate, late_share):
    clock = LateClock(late_share / rate)
    bucket = TokenBucket(rate, spacing_burst(rate), monotonic=clock, sleep=clock.sleep)
    starts: list[float] = []

    async def send() -> None:
        await bucket.acquire()
        starts.append(clock.now)

    # many waiting at once (a batch), then a pause, then a trickle (one at a time, gaps)
    await asyncio.gather(*(send() for _ in range(int(rate * 20))))
    first = list(starts)
    await clock.sleep(3.0)
    await asyncio.gather(*(send() for _ in range(int(rate * 5))))
    for _ in range(50):
        await send()
        await clock.sleep(0.4 / rate)
    assert busiest_window(starts) <= rate + 1
    long_run = (len(first) - 1) / (first[-1] - first[0])
    assert long_run >= 0.97 * rate
    assert long_run <= rate * 1.01  # the tolerance once, never a burst


async def test_a_burst_of_one_would_lose_late_wake_ups():
    """Why the tolerance: with capacity 1 every late wake-up is lost from the rate."""
    rate = 20
    clock = LateClock(0.3 / rate)
    bucket = TokenBucket(rate, 1.0, monotonic=clock, sleep=clock.sleep)
    starts = []
    for _ in range(400):
        await bucket.acquire()
        starts.append(clock.now)
    assert (len(starts) - 1) / (starts[-1] - starts[0]) < 0.97 * rate


@pytest.mark.parametrize("rate", [1, 20, 27.27, 30, 20.6, 0.5])
def test_the_tolerance_keeps_every_second_within_the_rate_plus_one(rate):
    from math import floor

    f = spacing_burst(rate) - 1
    assert 0 < f <= 0.5
    assert floor(rate + 1 + f) <= rate + 1  # the GCRA bound for a closed 1-second window


async def test_ready_waits_without_taking_and_take_never_waits():
    """The dispatcher waits for a token unmarked (`ready`), marks the row, then takes it
    (`take`): however long the mark took, starts stay spaced."""
    clock = LateClock(0.0)
    bucket = TokenBucket(20, spacing_burst(20), monotonic=clock, sleep=clock.sleep)
    starts: list[float] = []
    for write in [0.0, 0.3, 0.0, 0.0, 0.2, 0.001, 0.0] * 10:  # the mark's time between the two
        await bucket.ready()
        await clock.sleep(write)
        assert bucket.take()
        starts.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.5 / 20 - 1e-9  # k starts apart: at least (k - 1/2) intervals
    assert busiest_window(starts) <= 21


async def test_take_refuses_while_paused_or_empty_and_hold_off_starts_empty():
    clock = LateClock(0.0)
    bucket = TokenBucket(10, spacing_burst(10), monotonic=clock, sleep=clock.sleep)
    assert bucket.take() and not bucket.take()  # 1.5 tokens: one now, the half is no token
    bucket.pause(2.0)
    await clock.sleep(1.0)
    assert not bucket.take()  # a 429's pause holds every start
    bucket.hold_off(1.0)  # a new leader: nothing for a second, then from empty
    await clock.sleep(1.0)
    assert not bucket.take()  # the pause's end (2 s) is later: the hold-off starts from there
    started = clock.now
    await bucket.ready()
    assert bucket.take() and clock.now == pytest.approx(started + 0.1)  # no burst after it
    await clock.sleep(0.05)
    assert not bucket.take()


@pytest.mark.parametrize("rate", [20, 30, 5, 10])  # whole rates (a fraction is nearer rate + 1)
def test_the_dispatchers_margin_lets_calls_arrive_late_within_the_rate_plus_one(rate):
    """k + 1 starts span at least (k - f) spaces; with SPACING_MARGIN, rate + 2 of them span
    more than a second by ~50 ms at 20/s: a call that late on its way keeps the bound."""
    from bot.background.jobs import SPACING_MARGIN

    spaced = rate / SPACING_MARGIN
    f = spacing_burst(spaced) - 1
    span = (int(rate) + 1 - f) / spaced  # the shortest span of int(rate) + 2 starts
    assert span - 1.0 >= 0.9 / rate  # 45 ms at 20/s, 30 ms at 30/s
