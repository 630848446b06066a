"""Persian text, identifiers and the Jalali calendar (pure Python, no telegram import)."""

from bot.persian.ids import coop_national_id, mask_mobile, mask_national_id, mobile, national_id
from bot.persian.jalali import (
    TEHRAN,
    format_date,
    format_datetime,
    format_time,
    parse_jalali_date,
    parse_time,
)
from bot.persian.normalize import (
    digits_only,
    normalize_text,
    parse_int,
    to_ascii_digits,
    to_persian_digits,
)

__all__ = [
    "TEHRAN",
    "coop_national_id",
    "digits_only",
    "format_date",
    "format_datetime",
    "format_time",
    "mask_mobile",
    "mask_national_id",
    "mobile",
    "national_id",
    "normalize_text",
    "parse_int",
    "parse_jalali_date",
    "parse_time",
    "to_ascii_digits",
    "to_persian_digits",
]
