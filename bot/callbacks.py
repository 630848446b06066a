"""Callback data: `feature:action[:arg...]`, at most 64 bytes, parsed in one place.

Callback data is user input: anyone can send any string. Parsing never raises; handlers check the
presser's rights and the state of what the button names every time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64
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
        value = self.arg(index)
        if value is None or not value.isascii() or not value.lstrip("-").isdigit():
            return None
        return int(value)


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
