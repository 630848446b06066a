"""Jalali (Solar Hijri) calendar: formatting, parsing and monthly schedule maths.

Store UTC, convert at the edges: everything shown to users is Tehran wall time (Asia/Tehran,
UTC+03:30 without DST since 2022). Calendar arithmetic (conversion, month lengths, leap years) is
delegated to ``persiantools``; this module only adds formatting, parsing and scheduling.

Conventions:
- Parameters named ``*_utc`` must be timezone-aware (a naive value raises ``ValueError``).
- Elsewhere a naive ``datetime`` is Tehran wall time.
- Week days: ``WEEKDAYS_*`` start on Saturday (the Jalali week); functions that take a weekday
  number use Python's ``date.weekday()`` convention (Monday = 0).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from persiantools.jdatetime import MONTH_NAMES_EN, MONTH_NAMES_FA, WEEKDAY_NAMES_FA, JalaliDate

from bot.persian.normalize import normalize_text, to_persian_digits

__all__ = [
    "JALALI_YEAR_MAX",
    "JALALI_YEAR_MIN",
    "MONTHS_EN",
    "MONTHS_FA",
    "TEHRAN",
    "WEEKDAYS_EN",
    "WEEKDAYS_FA",
    "add_months",
    "days_in_month",
    "format_date",
    "format_date_numeric",
    "format_datetime",
    "format_time",
    "format_weekday",
    "gregorian_to_jalali",
    "jalali_month_of",
    "jalali_to_gregorian",
    "jalali_weekday_index",
    "month_label",
    "monthly_occurrence",
    "next_monthly_occurrence",
    "parse_jalali_date",
    "parse_time",
    "tehran_now",
    "tehran_today",
    "to_utc",
]

TEHRAN = ZoneInfo("Asia/Tehran")

# cast: persiantools types the names Optional for the unused index 0 only
MONTHS_FA: tuple[str, ...] = tuple(cast("list[str]", MONTH_NAMES_FA[1:]))
"""فروردین … اسفند (index 0 = month 1)."""
MONTHS_EN: tuple[str, ...] = tuple(cast("list[str]", MONTH_NAMES_EN[1:]))
"""Farvardin … Esfand (index 0 = month 1)."""
WEEKDAYS_FA: tuple[str, ...] = tuple(WEEKDAY_NAMES_FA)
"""شنبه … جمعه: Saturday first, as the Jalali week."""
WEEKDAYS_EN: tuple[str, ...] = (
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
)
"""Saturday … Friday: same order as WEEKDAYS_FA."""

# Plausible years for user input. Bounds keep a Gregorian date typed by mistake (2025-11-16)
# from being read as a Jalali date six centuries ahead.
JALALI_YEAR_MIN = 1200
JALALI_YEAR_MAX = 1600


def _lang(locale: str | None) -> str:
    """'en' for English locales (``en``, ``en-US``…), otherwise the default Persian 'fa'."""
    return "en" if locale and locale.lower().startswith("en") else "fa"


def _require_aware(dt: datetime, name: str) -> None:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got naive {dt!r})")


# --- time zones -------------------------------------------------------------------------------


def tehran_now(now_utc: datetime) -> datetime:
    """The given aware instant as Tehran wall time (aware, tzinfo=TEHRAN)."""
    _require_aware(now_utc, "now_utc")
    return now_utc.astimezone(TEHRAN)


def tehran_today(now_utc: datetime) -> date:
    """The Tehran calendar date (Gregorian ``date``) at the given aware instant."""
    return tehran_now(now_utc).date()


def to_utc(dt: datetime) -> datetime:
    """Aware UTC datetime. A naive value is taken as Tehran wall time."""
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=TEHRAN)
    return dt.astimezone(UTC)


def _tehran_date(d: date | datetime) -> date:
    if isinstance(d, datetime):
        if d.tzinfo is not None and d.utcoffset() is not None:
            d = d.astimezone(TEHRAN)
        return d.date()
    if isinstance(d, date):
        return d
    raise TypeError(f"expected date or datetime, got {type(d).__name__}")


# --- conversion ---------------------------------------------------------------------------------


def gregorian_to_jalali(d: date | datetime) -> tuple[int, int, int]:
    """(year, month, day) in the Jalali calendar; aware datetimes are taken in Tehran."""
    j = JalaliDate(_tehran_date(d))
    return j.year, j.month, j.day


def jalali_to_gregorian(year: int, month: int, day: int) -> date | None:
    """Gregorian date of a Jalali date, or None when it does not exist (e.g. 1404/07/31)."""
    if not JalaliDate.check_date(year, month, day):
        return None
    return JalaliDate(year, month, day).to_gregorian()


def jalali_weekday_index(python_weekday: int) -> int:
    """Python weekday (Monday = 0) → index into WEEKDAYS_* (Saturday = 0)."""
    if not 0 <= python_weekday <= 6:
        raise ValueError(f"weekday must be in 0..6, got {python_weekday}")
    return (python_weekday + 2) % 7


# --- formatting ---------------------------------------------------------------------------------


def format_weekday(python_weekday: int, locale: str = "fa") -> str:
    """Name of a weekday given in Python's convention (Monday = 0): 0 → «دوشنبه» / "Monday"."""
    names = WEEKDAYS_EN if _lang(locale) == "en" else WEEKDAYS_FA
    return names[jalali_weekday_index(python_weekday)]


def format_date(d: date | datetime, locale: str = "fa", *, weekday: bool = False) -> str:
    """«۲۵ آبان ۱۴۰۴» (fa) or "25 Aban 1404" (en).

    Aware datetimes are converted to Tehran first; naive ones are Tehran wall time.
    With ``weekday=True``: «یکشنبه ۲۵ آبان ۱۴۰۴» / "Sunday 25 Aban 1404".
    """
    g = _tehran_date(d)
    y, m, day = gregorian_to_jalali(g)
    if _lang(locale) == "en":
        text = f"{day} {MONTHS_EN[m - 1]} {y}"
    else:
        text = to_persian_digits(f"{day} {MONTHS_FA[m - 1]} {y}")
    if weekday:
        text = f"{format_weekday(g.weekday(), locale)} {text}"
    return text


def format_date_numeric(d: date | datetime, locale: str = "en") -> str:
    """``1404/08/25`` (en, for spreadsheets and exports) or «۱۴۰۴/۰۸/۲۵» (fa)."""
    y, m, day = gregorian_to_jalali(d)
    text = f"{y:04d}/{m:02d}/{day:02d}"
    return text if _lang(locale) == "en" else to_persian_digits(text)


def format_time(t: time | datetime, locale: str = "fa") -> str:
    """``09:30`` / «۰۹:۳۰»; aware datetimes are shown in Tehran time."""
    if isinstance(t, datetime):
        if t.tzinfo is not None and t.utcoffset() is not None:
            t = t.astimezone(TEHRAN)
        t = t.time()
    elif not isinstance(t, time):
        raise TypeError(f"expected time or datetime, got {type(t).__name__}")
    text = f"{t.hour:02d}:{t.minute:02d}"
    return text if _lang(locale) == "en" else to_persian_digits(text)


def format_datetime(dt: datetime, locale: str = "fa") -> str:
    """«۲۵ آبان ۱۴۰۴، ساعت ۰۹:۳۰» / "25 Aban 1404, 09:30" in Tehran time."""
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        dt = dt.astimezone(TEHRAN)
    if _lang(locale) == "en":
        return f"{format_date(dt, 'en')}, {format_time(dt, 'en')}"
    return f"{format_date(dt, 'fa')}، ساعت {format_time(dt, 'fa')}"


def deadline_day(dt: datetime) -> tuple[date, time | None]:
    """A deadline as people say it: a whole day is stored as the midnight (Tehran) after that
    day, so (that day, None); otherwise (its day, its time of day), in Tehran."""
    local = dt.astimezone(TEHRAN)
    if local.time() == time(0, 0):
        return local.date() - timedelta(days=1), None
    return local.date(), local.time()


def format_deadline(dt: datetime, locale: str = "fa") -> str:
    """«۱۰ آذر ۱۴۰۴» for a whole-day deadline, «۱۰ آذر ۱۴۰۴، ساعت ۱۸:۰۰» for one with a time."""
    day, at = deadline_day(dt)
    return format_date(day, locale) if at is None else format_datetime(dt, locale)


def month_label(year: int, month: int, locale: str = "fa") -> str:
    """«آبان ۱۴۰۴» / "Aban 1404"."""
    _check_month(month)
    if _lang(locale) == "en":
        return f"{MONTHS_EN[month - 1]} {year}"
    return f"{MONTHS_FA[month - 1]} {to_persian_digits(year)}"


# --- parsing ------------------------------------------------------------------------------------


def _month_key(name: str) -> str:
    """Loose key for month names: lower case, آ/أ/إ → ا, no spaces or ZWNJ."""
    name = normalize_text(name).lower()
    for a in "آأإ":
        name = name.replace(a, "ا")
    return name.replace(" ", "").replace("\u200c", "")


_MONTH_ALIASES: dict[str, int] = {}
for _i, (_fa, _en) in enumerate(zip(MONTHS_FA, MONTHS_EN, strict=True), start=1):
    _MONTH_ALIASES[_month_key(_fa)] = _i
    _MONTH_ALIASES[_month_key(_en)] = _i
for _alias, _i in {
    "امرداد": 5,
    "Amordad": 5,
    "Ordibehesht": 2,
    "Shahrivar": 6,
    "Dei": 10,
    "Day": 10,
    "Esfand": 12,
    "Farvardin": 1,
    "Khordad": 3,
}.items():
    _MONTH_ALIASES[_month_key(_alias)] = _i

_WEEKDAY_KEYS = frozenset(_month_key(w) for w in (*WEEKDAYS_FA, *WEEKDAYS_EN))

_LEADING_WORDS = re.compile("([^0-9]+?)[،,]? ?([0-9].*)")

_SEP = "[/\\-.\u066b]"
_NUMERIC_YMD = re.compile(f"([0-9]{{4}}) ?{_SEP} ?([0-9]{{1,2}}) ?{_SEP} ?([0-9]{{1,2}})")
_NUMERIC_DMY = re.compile(f"([0-9]{{1,2}}) ?{_SEP} ?([0-9]{{1,2}}) ?{_SEP} ?([0-9]{{4}})")
_NAMED = re.compile("([0-9]{1,2}) ?(?:ام|م)? ([^0-9]+?),? ([0-9]{4})")


def parse_jalali_date(s: str | None) -> date | None:
    """Parse a Jalali date typed by a user; return the Gregorian ``date`` or None.

    Accepts ``1404/08/25``, ``1404-8-25``, ``1404.08.25``, ``25/08/1404`` and ``25 آبان 1404`` /
    ``25 Aban 1404`` in any digit script and with Arabic letter variants. Days that do not exist
    (1404/07/31, 30 Esfand of a common year) and years outside JALALI_YEAR_MIN..JALALI_YEAR_MAX
    give None.
    """
    text = normalize_text(s)
    if not text:
        return None
    if (m := _LEADING_WORDS.fullmatch(text)) and _month_key(m.group(1)) in _WEEKDAY_KEYS:
        text = m.group(2)  # «یکشنبه ۲۵ آبان ۱۴۰۴», the output of format_date(weekday=True)
    if m := _NUMERIC_YMD.fullmatch(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _NUMERIC_DMY.fullmatch(text):
        d, mo, y = (int(g) for g in m.groups())
    elif m := _NAMED.fullmatch(text):
        key = _month_key(m.group(2))
        month = _MONTH_ALIASES.get(key)
        if month is None and key.endswith("ماه"):  # «۲۵ آبان ماه ۱۴۰۴»
            month = _MONTH_ALIASES.get(key[: -len("ماه")])
        if month is None:
            return None
        y, mo, d = int(m.group(3)), month, int(m.group(1))
    else:
        return None
    if not JALALI_YEAR_MIN <= y <= JALALI_YEAR_MAX:
        return None
    return jalali_to_gregorian(y, mo, d)


_TIME_RE = re.compile("(?:ساعت )?([0-9]{1,2})(?: ?[:.\u066b] ?([0-9]{2}))?")


def parse_time(s: str | None) -> time | None:
    """Parse ``9``, ``9:30``, ``۰۹:۳۰``, ``21.15`` (optionally «ساعت ۹»); None if invalid."""
    m = _TIME_RE.fullmatch(normalize_text(s))
    if m is None:
        return None
    hour = int(m.group(1))
    minute = int(m.group(2)) if m.group(2) is not None else 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


# --- monthly schedules --------------------------------------------------------------------------


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, got {month}")


def days_in_month(year: int, month: int) -> int:
    """Length of a Jalali month: 31 (1-6), 30 (7-11), 29 or 30 (Esfand, leap years)."""
    _check_month(month)
    return JalaliDate.days_in_month(month, year)  # note persiantools' (month, year) order


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    """(year, month) shifted by ``n`` months (n may be negative)."""
    _check_month(month)
    y, m0 = divmod(year * 12 + (month - 1) + n, 12)
    return y, m0 + 1


def jalali_month_of(dt_utc: datetime) -> tuple[int, int]:
    """Jalali (year, month) that the aware instant falls in, in Tehran."""
    _require_aware(dt_utc, "dt_utc")
    y, m, _ = gregorian_to_jalali(dt_utc.astimezone(TEHRAN))
    return y, m


def monthly_occurrence(year: int, month: int, day: int, at: time) -> datetime:
    """UTC instant of ``day`` of a Jalali month at Tehran wall time ``at``.

    A ``day`` past the month's end clamps to its last day (31 in Mehr → 30; 30 in Esfand of a
    common year → 29).
    """
    if day < 1:
        raise ValueError(f"day must be >= 1, got {day}")
    if at.tzinfo is not None:
        raise ValueError("at must be a naive time (Tehran wall time)")
    day = min(day, days_in_month(year, month))
    g = JalaliDate(year, month, day).to_gregorian()
    return to_utc(datetime.combine(g, at))


def next_monthly_occurrence(after_utc: datetime, day: int, at: time) -> datetime:
    """First monthly occurrence (see :func:`monthly_occurrence`) strictly after ``after_utc``."""
    year, month = jalali_month_of(after_utc)
    candidate = monthly_occurrence(year, month, day, at)
    if candidate > after_utc:
        return candidate
    year, month = add_months(year, month, 1)
    return monthly_occurrence(year, month, day, at)
