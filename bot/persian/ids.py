"""Iranian identifiers: national ID (کد ملی), mobile numbers, cooperative national ID (شناسه ملی).

Every function accepts raw user input in any digit script with the usual separators, and returns a
canonical ASCII string (or None). Validation uses ``[0-9]``, never ``\\d``.
"""

from __future__ import annotations

import re

from bot.persian.normalize import digits_only, normalize_text

__all__ = [
    "coop_national_id",
    "mask_mobile",
    "mask_national_id",
    "mobile",
    "national_id",
    "national_id_checksum_ok",
]

_MOBILE_RE = re.compile("09[0-9]{9}")
_COOP_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)


def _as_text(s: str | int | None) -> str | None:
    if s is None or isinstance(s, bool):
        return None
    return str(s) if isinstance(s, int) else s


def national_id_checksum_ok(digits10: str) -> bool:
    """Checksum of a 10-digit ASCII national ID (no padding, no all-same check)."""
    d = [int(c) for c in digits10]
    r = sum(d[i] * (10 - i) for i in range(9)) % 11
    return d[9] == (r if r < 2 else 11 - r)


def national_id(s: str | int | None) -> str | None:
    """Canonical 10-digit national ID, or None when invalid.

    8- and 9-digit input is zero-padded (leading zeros get lost in spreadsheets); all-same digits
    (``0000000000``, ``1111111111`` …) are rejected even though some pass the checksum.
    """
    text = _as_text(s)
    digits = digits_only(text) if text is not None else None
    if digits is None or not 8 <= len(digits) <= 10:
        return None
    digits = digits.zfill(10)
    if len(set(digits)) == 1 or not national_id_checksum_ok(digits):
        return None
    return digits


def mobile(s: str | int | None) -> str | None:
    """Canonical Iranian mobile number ``09xxxxxxxxx``, or None.

    Accepts ``09…``, ``+989…``, ``00989…``, ``989…`` and ``9…`` (10 digits), in any digit script,
    with spaces, dashes, dots or parentheses; also the common ``+98 0912…`` (trunk zero kept after
    the country code).
    """
    text = _as_text(s)
    if text is None:
        return None
    text = normalize_text(text)
    if text.startswith("+"):
        text = "00" + text[1:]
    digits = digits_only(text.replace("(", "").replace(")", ""))
    if digits is None:
        return None
    if digits.startswith("0098"):
        digits = digits[4:]
    elif digits.startswith("98") and len(digits) in (12, 13):
        digits = digits[2:]
    if not digits.startswith("0"):
        digits = "0" + digits
    return digits if _MOBILE_RE.fullmatch(digits) else None


def coop_national_id(s: str | int | None) -> tuple[str | None, bool]:
    """Cooperative (legal person) national ID, 11 digits: ``(canonical, checksum_ok)``.

    Only a community checksum is known (coefficients 29, 27, 23, 19, 17 repeated; each digit is
    increased by k = d9 + 2; r = Σ (d_i + k)·c_i mod 11, r = 10 → 0; ok iff r == d10). Callers
    must only warn when it fails, never reject. Wrong length or non-digits give ``(None, False)``.
    """
    text = _as_text(s)
    digits = digits_only(text) if text is not None else None
    if digits is None or len(digits) != 11:
        return None, False
    d = [int(c) for c in digits]
    k = d[9] + 2
    r = sum((d[i] + k) * c for i, c in enumerate(_COOP_COEFFICIENTS)) % 11
    if r == 10:
        r = 0
    return digits, r == d[10]


def _mask(digits: str, keep_head: int, keep_tail: int) -> str:
    if len(digits) <= keep_head + keep_tail:
        # too short to show anything safely: hide all but the last two characters
        shown = min(2, len(digits) // 2)
        return "*" * (len(digits) - shown) + digits[len(digits) - shown :]
    return digits[:keep_head] + "*" * (len(digits) - keep_head - keep_tail) + digits[-keep_tail:]


def mask_national_id(s: str | int | None) -> str:
    """``0076229645`` → ``******9645`` (valid IDs are canonicalised, 8-9 digits padded first)."""
    text = _as_text(s) or ""
    value = national_id(text) or digits_only(text) or normalize_text(text).replace(" ", "")
    return _mask(value, 0, 4)


def mask_mobile(s: str | int | None) -> str:
    """``09121234567`` (any accepted form) → ``0912***4567``."""
    text = _as_text(s) or ""
    value = mobile(text) or digits_only(text) or normalize_text(text).replace(" ", "")
    return _mask(value, 4, 4)
