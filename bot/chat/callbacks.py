"""Callback data: `feature:action[:arg...]`, at most 64 bytes, parsed in one place.

Callback data is user input: anyone can send any string. Parsing never raises; handlers check the
presser's rights and the state of what the button names every time. A number in callback data is
range-checked here, where it is parsed: one outside 0..MAX_INT (a 30-digit id, a negative one, one
past PostgreSQL's integer) never reaches the database; the button is simply no longer active.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
# The largest id, page or number a button carries: PostgreSQL's `integer` (SQLite's is wider).
MAX_INT = 2**31 - 1
_PART = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")


class CallbackTooLong(ValueError):
    pass


@dataclass(frozen=True)
class Callback:
    feature: str
    action: str
    args: tuple[str, ...] = ()

    def arg(self, index: int, default: str | None = None) -> str | None:
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int) -> int | None:
        """The argument as a number in 0..MAX_INT (ASCII digits only), else None."""
        value = self.arg(index)
        if value is None or not value.isascii() or not value.isdigit():
            return None
        number = int(value)  # at most 40 digits (_PART)
        return number if number <= MAX_INT else None


def encode(feature: str, action: str, *args: object) -> str:
    parts = [feature, action, *(str(a) for a in args)]
    for part in parts:
        if not _PART.match(part):
            raise ValueError(f"callback part {part!r} has characters outside [A-Za-z0-9_.-]")
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise CallbackTooLong(f"callback data {data!r} is over {MAX_BYTES} bytes")
    return data


def parse(data: str | None) -> Callback | None:
    if not data or len(data.encode("utf-8", "ignore")) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or not all(_PART.match(p) for p in parts):
        return None
    return Callback(parts[0], parts[1], tuple(parts[2:]))


def pattern(feature: str) -> str:
    """A CallbackQueryHandler pattern for one feature."""
    return rf"^{re.escape(feature)}:"
