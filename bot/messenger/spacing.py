"""Spacing of the bot's own sends: no burst, so the messenger never sees more than the rate + 1
in any second (the ledger's dispatcher, DELIVERY_RATE_PER_SECOND, and the bot-wide budget of
bot/messenger/pacing.py, RATE_LIMIT_PER_SECOND).

GCRA (the generic cell rate algorithm) with emission interval T = 1/rate and tolerance f * T,
written as a token bucket of capacity 1 + f (`spacing_burst`): any two starts k sends apart are at
least (k - f) * T apart, so a closed 1-second window holds at most floor(rate + 1 + f) starts,
never more than rate + 1 while f < 1 - frac(rate) (f = 1/2 for a whole rate). Chosen over a
sliding window of the last `rate` starts, which lets a whole second's worth go out at once after
a pause (jitter on the way then packs them into the messenger's second), and over capacity 1
(f = 0), which loses every late wake-up of a busy event loop from the long-run rate: here a waiter
woken up to f * T late is followed by the next one that much sooner. aiolimiter's leaky bucket
with a capacity of 1.5 is the same algorithm, but it compares floats exactly and re-arms a timer
for the dust, which never fires on a fast-forwarded clock; this one is a few lines.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

Sleep = Callable[[float], Awaitable[None]]


def spacing_burst(rate: float) -> float:
    """The bucket's capacity 1 + f for `rate` (see the module's text)."""
    room = math.floor(rate) + 1 - rate  # in (0, 1]
    return 1.0 + min(0.5, room * 0.9)


def loop_time() -> float:
    return asyncio.get_running_loop().time()


def spaced(rate: float) -> TokenBucket:
    """Starts at most one per 1/rate s (with the tolerance), on the event loop's clock."""
    return TokenBucket(rate, spacing_burst(rate), monotonic=loop_time)


class TokenBucket:
    """`rate` tokens per second, at most `burst` stored; waiters are served in arrival order.
    `pause(seconds)` holds everyone back (a flood wait applies to the whole bot). With
    `burst=spacing_burst(rate)` it spaces starts (GCRA, see there); the clock is `monotonic`
    (the event loop's with `spaced`). `acquire` waits and takes; `ready` then `take` split the
    two, for a caller with something to do between them (see `ready`)."""

    def __init__(
        self,
        rate: float,
        burst: float = 1.0,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.rate = rate
        self.burst = max(1.0, burst)
        self.monotonic = monotonic
        self.sleep = sleep
        self.tokens = self.burst
        self.updated: float | None = None  # the first acquire's time (may be before any loop)
        self.paused_until = 0.0
        self._lock = asyncio.Lock()

    def _refill(self, now: float) -> None:
        if self.updated is not None and now <= self.updated:
            return  # a hold-off's end, not reached yet
        if self.updated is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    async def acquire(self) -> None:
        async with self._lock:
            await self.ready()
            self.take()  # there since `ready`: nothing awaited in between

    async def ready(self) -> None:
        """Wait until a token is there, without taking it (`take` does, once the caller has done
        what must come before its start): the caller that checks and takes under one lock of
        its own starts exactly when the spacing allows, however long it took in between."""
        while True:
            now = self.monotonic()
            if now < self.paused_until:
                await self.sleep(self.paused_until - now)
                continue
            self._refill(now)
            if self.tokens >= 1.0 - 1e-9:  # float dust must not make a waiter spin
                return
            await self.sleep((1.0 - self.tokens) / self.rate)

    def take(self) -> bool:
        """Take a token now if there is one (never waits); False if not (a pause began)."""
        now = self.monotonic()
        if now < self.paused_until:
            return False
        self._refill(now)
        if self.tokens < 1.0 - 1e-9:
            return False
        self.tokens = max(0.0, self.tokens - 1.0)
        return True

    def hold_off(self, seconds: float) -> None:
        """Nothing for `seconds`, then an empty bucket: the first start one interval after that
        (a dispatcher taking over from a process that may have sent a full second's worth)."""
        now = self.monotonic()
        self.paused_until = max(self.paused_until, now + seconds)
        self.tokens = 0.0
        self.updated = self.paused_until

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.monotonic() + seconds)
        self.tokens = 0.0
