"""Token buckets for the sandbox's flood control."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """``rate`` tokens per second, at most ``burst`` stored. Starts full."""

    rate: float
    burst: float
    tokens: float = -1.0
    updated: float | None = None

    def _refill(self, now: float) -> None:
        if self.tokens < 0 or self.updated is None:
            self.tokens = float(self.burst)
        else:
            self.tokens = min(float(self.burst), self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self._refill(now)
        if self.tokens >= 1.0:
            return 0.0
        return (1.0 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1.0

    def reconfigure(self, rate: float, burst: float) -> None:
        if rate != self.rate or burst != self.burst:
            self.rate = rate
            self.burst = burst
            if self.tokens > burst:
                self.tokens = float(burst)


def retry_after_seconds(wait: float) -> int:
    """Telegram reports whole seconds, at least 1."""
    return max(1, math.ceil(wait))
