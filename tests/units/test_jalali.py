"""Unit tests for bot.persian.jalali."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from bot.persian.jalali import (
    MONTHS_EN,
    MONTHS_FA,
    TEHRAN,
    WEEKDAYS_EN,
    WEEKDAYS_FA,
    add_months,
    days_in_month,
    format_date,
    format_date_numeric,
    format_datetime,
    format_time,
    format_weekday,
    gregorian_to_jalali,
    jalali_month_of,
    jalali_to_gregorian,
    month_label,
    monthly_occurrence,
    next_monthly_occurrence,
    parse_jalali_date,
    parse_time,
    tehran_now,
    tehran_today,
    to_utc,
)

TEHRAN_OFFSET = timedelta(hours=3, minutes=30)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def tehran(*args: int) -> datetime:
    return datetime(*args, tzinfo=TEHRAN)


# --- names --------------------------------------------------------------------------------------


def test_month_and_weekday_names() -> None:
    assert len(MONTHS_FA) == len(MONTHS_EN) == 12
    assert MONTHS_FA[0] == "فروردین" and MONTHS_FA[7] == "آبان" and MONTHS_FA[11] == "اسفند"
    assert MONTHS_EN[0] == "Farvardin" and MONTHS_EN[7] == "Aban" and MONTHS_EN[11] == "Esfand"
    assert len(WEEKDAYS_FA) == len(WEEKDAYS_EN) == 7
    assert WEEKDAYS_FA[0] == "شنبه" and WEEKDAYS_FA[6] == "جمعه"
    assert WEEKDAYS_EN[0] == "Saturday" and WEEKDAYS_EN[6] == "Friday"


# --- time zone ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "instant",
    [utc(2025, 1, 15, 12), utc(2025, 7, 15, 12), utc(2026, 4, 1), utc(2023, 6, 21, 20, 30)],
)
def test_tehran_is_utc_plus_0330_without_dst(instant: datetime) -> None:
    local = tehran_now(instant)
    assert local.utcoffset() == TEHRAN_OFFSET
    assert local.dst() in (None, timedelta(0))
    assert local.replace(tzinfo=None) == instant.replace(tzinfo=None) + TEHRAN_OFFSET


def test_tehran_had_dst_before_2022() -> None:
    # the time zone database is real: summer 2021 was still +04:30
    assert tehran(2021, 7, 1, 12).utcoffset() == timedelta(hours=4, minutes=30)


def test_tehran_now_requires_aware() -> None:
    with pytest.raises(ValueError):
        tehran_now(datetime(2025, 1, 1))  # noqa: DTZ001


def test_tehran_now_converts_any_offset() -> None:
    plus_one = timezone(timedelta(hours=1))
    assert tehran_now(datetime(2025, 1, 1, 0, 0, tzinfo=plus_one)) == utc(2024, 12, 31, 23)
    assert tehran_now(utc(2025, 1, 1)).tzinfo is TEHRAN


def test_tehran_today_crosses_midnight_before_utc() -> None:
    assert tehran_today(utc(2025, 11, 15, 20, 29)) == date(2025, 11, 15)
    assert tehran_today(utc(2025, 11, 15, 20, 30)) == date(2025, 11, 16)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2025, 11, 16, 9, 30), utc(2025, 11, 16, 6, 0)),  # naive = Tehran wall time  # noqa: DTZ001
        (tehran(2025, 7, 1, 3, 0), utc(2025, 6, 30, 23, 30)),
        (utc(2025, 7, 1, 3, 0), utc(2025, 7, 1, 3, 0)),
        (datetime(2025, 1, 1, 5, tzinfo=timezone(timedelta(hours=5))), utc(2025, 1, 1)),
    ],
)
def test_to_utc(value: datetime, expected: datetime) -> None:
    result = to_utc(value)
    assert result == expected
    assert result.utcoffset() == timedelta(0)


# --- conversion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("g", "j"),
    [
        (date(2025, 11, 16), (1404, 8, 25)),
        (date(2025, 3, 20), (1403, 12, 30)),  # 1403 is a leap year: Esfand has 30 days
        (date(2025, 3, 21), (1404, 1, 1)),
        (date(2026, 3, 20), (1404, 12, 29)),  # 1404 is common
        (date(2026, 3, 21), (1405, 1, 1)),
        (date(2024, 3, 20), (1403, 1, 1)),
        (date(2021, 3, 21), (1400, 1, 1)),
        (date(2025, 9, 23), (1404, 7, 1)),  # 1 Mehr 1404, the programme's start
        (date(2025, 12, 25), (1404, 10, 4)),
    ],
)
def test_gregorian_to_jalali_known_dates(g: date, j: tuple[int, int, int]) -> None:
    assert gregorian_to_jalali(g) == j
    assert jalali_to_gregorian(*j) == g


@pytest.mark.parametrize(
    "ymd", [(1404, 7, 31), (1404, 12, 30), (1404, 13, 1), (1404, 0, 1), (1404, 1, 0), (1404, 1, 32)]
)
def test_jalali_to_gregorian_invalid(ymd: tuple[int, int, int]) -> None:
    assert jalali_to_gregorian(*ymd) is None


# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (date(2025, 11, 16), "۲۵ آبان ۱۴۰۴", "25 Aban 1404"),
        (date(2025, 3, 20), "۳۰ اسفند ۱۴۰۳", "30 Esfand 1403"),
        (date(2025, 3, 21), "۱ فروردین ۱۴۰۴", "1 Farvardin 1404"),
        (date(2025, 9, 23), "۱ مهر ۱۴۰۴", "1 Mehr 1404"),
        (datetime(2025, 11, 16, 23, 59), "۲۵ آبان ۱۴۰۴", "25 Aban 1404"),  # naive: wall time  # noqa: DTZ001
        (utc(2025, 11, 15, 21, 0), "۲۵ آبان ۱۴۰۴", "25 Aban 1404"),  # 00:30 in Tehran
        (utc(2025, 11, 15, 20, 29), "۲۴ آبان ۱۴۰۴", "24 Aban 1404"),  # 23:59 in Tehran
    ],
)
def test_format_date(value: date, fa: str, en: str) -> None:
    assert format_date(value) == fa
    assert format_date(value, "fa") == fa
    assert format_date(value, "en") == en


def test_format_date_locale_variants() -> None:
    d = date(2025, 11, 16)
    assert format_date(d, "en-US") == "25 Aban 1404"
    assert format_date(d, "EN") == "25 Aban 1404"
    assert format_date(d, "fa-IR") == "۲۵ آبان ۱۴۰۴"
    assert format_date(d, "de") == "۲۵ آبان ۱۴۰۴"  # unknown locales fall back to Persian


def test_format_date_with_weekday() -> None:
    d = date(2025, 11, 16)  # a Sunday
    assert format_date(d, weekday=True) == "یکشنبه ۲۵ آبان ۱۴۰۴"
    assert format_date(d, "en", weekday=True) == "Sunday 25 Aban 1404"


def test_format_date_rejects_other_types() -> None:
    with pytest.raises(TypeError):
        format_date("2025-11-16")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (utc(2025, 11, 16, 6, 0), "۲۵ آبان ۱۴۰۴، ساعت ۰۹:۳۰", "25 Aban 1404, 09:30"),
        (datetime(2025, 11, 16, 9, 30), "۲۵ آبان ۱۴۰۴، ساعت ۰۹:۳۰", "25 Aban 1404, 09:30"),  # noqa: DTZ001
        (utc(2026, 3, 20, 20, 30), "۱ فروردین ۱۴۰۵، ساعت ۰۰:۰۰", "1 Farvardin 1405, 00:00"),
        (tehran(2025, 7, 1, 21, 15), "۱۰ تیر ۱۴۰۴، ساعت ۲۱:۱۵", "10 Tir 1404, 21:15"),
    ],
)
def test_format_datetime(value: datetime, fa: str, en: str) -> None:
    assert format_datetime(value) == fa
    assert format_datetime(value, "en") == en


@pytest.mark.parametrize(
    ("value", "fa", "en"),
    [
        (time(9, 30), "۰۹:۳۰", "09:30"),
        (time(0, 0), "۰۰:۰۰", "00:00"),
        (time(23, 59, 59), "۲۳:۵۹", "23:59"),
        (utc(2025, 11, 16, 6, 0), "۰۹:۳۰", "09:30"),
        (datetime(2025, 11, 16, 6, 0), "۰۶:۰۰", "06:00"),  # noqa: DTZ001
    ],
)
def test_format_time(value: time | datetime, fa: str, en: str) -> None:
    assert format_time(value) == fa
    assert format_time(value, "en") == en


@pytest.mark.parametrize(
    ("python_weekday", "fa", "en"),
    [
        (0, "دوشنبه", "Monday"),
        (1, "سه\u200cشنبه", "Tuesday"),
        (2, "چهارشنبه", "Wednesday"),
        (3, "پنجشنبه", "Thursday"),
        (4, "جمعه", "Friday"),
        (5, "شنبه", "Saturday"),
        (6, "یکشنبه", "Sunday"),
    ],
)
def test_format_weekday(python_weekday: int, fa: str, en: str) -> None:
    assert format_weekday(python_weekday) == fa
    assert format_weekday(python_weekday, "en") == en


@pytest.mark.parametrize("bad", [-1, 7])
def test_format_weekday_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        format_weekday(bad)


def test_format_date_numeric() -> None:
    assert format_date_numeric(date(2025, 11, 16)) == "1404/08/25"
    assert format_date_numeric(date(2025, 11, 16), "fa") == "۱۴۰۴/۰۸/۲۵"
    assert format_date_numeric(utc(2025, 11, 15, 21)) == "1404/08/25"


@pytest.mark.parametrize(
    ("year", "month", "fa", "en"),
    [(1404, 8, "آبان ۱۴۰۴", "Aban 1404"), (1405, 1, "فروردین ۱۴۰۵", "Farvardin 1405")],
)
def test_month_label(year: int, month: int, fa: str, en: str) -> None:
    assert month_label(year, month) == fa
    assert month_label(year, month, "en") == en


def test_month_label_rejects_bad_month() -> None:
    with pytest.raises(ValueError):
        month_label(1404, 13)


# --- parsing ------------------------------------------------------------------------------------

NOV16 = date(2025, 11, 16)


@pytest.mark.parametrize(
    "raw",
    [
        "1404/08/25",
        "1404/8/25",
        "1404-8-25",
        "1404-08-25",
        "1404.08.25",
        "1404 / 08 / 25",
        "۱۴۰۴/۰۸/۲۵",
        "١٤٠٤/٠٨/٢٥",
        "۱۴۰۴٫۰۸٫۲۵",
        "25/08/1404",  # day first, unambiguous because of the 4-digit year
        "۲۵/۸/۱۴۰۴",
        "25 آبان 1404",
        "۲۵ آبان ۱۴۰۴",
        "25 ابان 1404",  # without madda
        "۲۵ آبان ماه ۱۴۰۴",
        "۲۵ام آبان ۱۴۰۴",
        "25 Aban 1404",
        "25 aban 1404",
        "25 Aban, 1404",
        "یکشنبه ۲۵ آبان ۱۴۰۴",  # format_date(..., weekday=True)
        "Sunday 25 Aban 1404",
        "sunday, 25 Aban 1404",
        "یک شنبه، ۲۵ آبان ۱۴۰۴",  # weekday typed with a space instead of ZWNJ
        "\u200f ۲۵  آبان\u200e ۱۴۰۴ ",
    ],
)
def test_parse_jalali_date_forms(raw: str) -> None:
    assert parse_jalali_date(raw) == NOV16


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۱ دي ۱۴۰۴", date(2025, 12, 22)),  # Arabic yeh in «دی»
        ("1 دی 1404", date(2025, 12, 22)),
        ("۵ مرداد ۱۴۰۴", date(2025, 7, 27)),
        ("۵ امرداد ۱۴۰۴", date(2025, 7, 27)),
        ("10 آذر 1404", date(2025, 12, 1)),
        ("10 اذر 1404", date(2025, 12, 1)),
        ("30 اسفند 1403", date(2025, 3, 20)),  # leap year
        ("1403/12/30", date(2025, 3, 20)),
        ("29 Esfand 1404", date(2026, 3, 20)),
        ("۳۱ شهریور ۱۴۰۴", date(2025, 9, 22)),
    ],
)
def test_parse_jalali_date_month_names(raw: str, expected: date) -> None:
    assert parse_jalali_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "1404/07/31",  # Mehr has 30 days
        "1404/12/30",  # Esfand 1404 has 29 days
        "30 اسفند 1404",
        "1404/13/01",
        "1404/00/10",
        "1404/01/00",
        "1404/01/32",
        "2025-11-16",  # Gregorian typed by mistake: outside the plausible Jalali years
        "0404/08/25",
        "04/08/25",  # two-digit year is ambiguous
        "25 Foo 1404",
        "25 آبان",
        "آبان 1404",
        "jomeh 25 Aban 1404",
        "فردا ۲۵ آبان ۱۴۰۴",  # only a weekday may precede the date
        "1404/08/25 extra",
        "1404/08",
        "",
        "   ",
        None,
    ],
)
def test_parse_jalali_date_invalid(raw: str | None) -> None:
    assert parse_jalali_date(raw) is None


def _every_day(start: date, end: date):
    d = start
    while d < end:
        yield d
        d += timedelta(days=1)


def test_parse_format_round_trip_two_years() -> None:
    # every day of 1403 (leap) and 1404 (common)
    days = list(_every_day(date(2024, 3, 20), date(2026, 3, 21)))
    assert len(days) == 366 + 365
    for d in days:
        assert parse_jalali_date(format_date(d)) == d
        assert parse_jalali_date(format_date(d, "en")) == d
        assert parse_jalali_date(format_date_numeric(d)) == d
        assert parse_jalali_date(format_date(d, weekday=True)) == d


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9", time(9, 0)),
        ("09", time(9, 0)),
        ("0", time(0, 0)),
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("۰۹:۳۰", time(9, 30)),
        ("٩:٣٠", time(9, 30)),
        ("21.15", time(21, 15)),
        ("۲۱٫۱۵", time(21, 15)),
        ("23:59", time(23, 59)),
        (" 7 : 05 ", time(7, 5)),
        ("ساعت ۹", time(9, 0)),
        ("ساعت ۱۴:۰۰", time(14, 0)),
        ("24", None),
        ("24:00", None),
        ("9:60", None),
        ("9:5", None),  # ambiguous single-digit minutes
        ("9:300", None),
        ("930", None),
        ("9:30:15", None),
        ("-1", None),
        ("nine", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_time(raw: str | None, expected: time | None) -> None:
    assert parse_time(raw) == expected


# --- month maths --------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 7))
def test_first_six_months_have_31_days(month: int) -> None:
    for year in (1399, 1403, 1404):
        assert days_in_month(year, month) == 31


@pytest.mark.parametrize("month", range(7, 12))
def test_months_7_to_11_have_30_days(month: int) -> None:
    for year in (1399, 1403, 1404):
        assert days_in_month(year, month) == 30


@pytest.mark.parametrize(
    ("year", "esfand"),
    [
        (1395, 30),
        (1399, 30),
        (1400, 29),
        (1401, 29),
        (1402, 29),
        (1403, 30),
        (1404, 29),
        (1405, 29),
        (1406, 29),
        (1407, 29),
        (1408, 30),  # five years after 1403, as the calendar requires now and then
    ],
)
def test_esfand_length(year: int, esfand: int) -> None:
    assert days_in_month(year, 12) == esfand


def test_year_lengths_match_gregorian_span() -> None:
    for year in range(1395, 1412):
        span = jalali_to_gregorian(year + 1, 1, 1) - jalali_to_gregorian(year, 1, 1)
        assert span.days == sum(days_in_month(year, m) for m in range(1, 13))


@pytest.mark.parametrize("bad", [0, 13])
def test_days_in_month_rejects_bad_month(bad: int) -> None:
    with pytest.raises(ValueError):
        days_in_month(1404, bad)


@pytest.mark.parametrize(
    ("year", "month", "n", "expected"),
    [
        (1404, 8, 0, (1404, 8)),
        (1404, 8, 1, (1404, 9)),
        (1404, 12, 1, (1405, 1)),
        (1404, 1, -1, (1403, 12)),
        (1404, 5, 24, (1406, 5)),
        (1404, 5, -17, (1402, 12)),
        (1404, 11, 14, (1406, 1)),
    ],
)
def test_add_months(year: int, month: int, n: int, expected: tuple[int, int]) -> None:
    assert add_months(year, month, n) == expected


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2025, 11, 16, 12), (1404, 8)),
        (utc(2026, 3, 20, 20, 29), (1404, 12)),  # 23:59 in Tehran, still Esfand
        (utc(2026, 3, 20, 20, 30), (1405, 1)),  # 00:00 in Tehran, Farvardin
        (tehran(2025, 10, 22, 23, 59), (1404, 7)),  # 30 Mehr
        (tehran(2025, 10, 23, 0, 0), (1404, 8)),  # 1 Aban
    ],
)
def test_jalali_month_of(instant: datetime, expected: tuple[int, int]) -> None:
    assert jalali_month_of(instant) == expected


def test_jalali_month_of_requires_aware() -> None:
    with pytest.raises(ValueError):
        jalali_month_of(datetime(2025, 11, 16))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("args", "expected_tehran"),
    [
        ((1404, 8, 25, time(9, 0)), datetime(2025, 11, 16, 9, 0)),  # noqa: DTZ001
        ((1404, 7, 31, time(9, 0)), datetime(2025, 10, 22, 9, 0)),  # → 30 Mehr  # noqa: DTZ001
        ((1404, 12, 30, time(9, 0)), datetime(2026, 3, 20, 9, 0)),  # → 29 Esfand  # noqa: DTZ001
        ((1403, 12, 30, time(9, 0)), datetime(2025, 3, 20, 9, 0)),  # leap: 30 Esfand  # noqa: DTZ001
        ((1404, 1, 31, time(0, 0)), datetime(2025, 4, 20, 0, 0)),  # noqa: DTZ001
        ((1404, 6, 99, time(23, 59)), datetime(2025, 9, 22, 23, 59)),  # → 31 Shahrivar  # noqa: DTZ001
        ((1404, 1, 1, time(1, 0)), datetime(2025, 3, 21, 1, 0)),  # noqa: DTZ001
    ],
)
def test_monthly_occurrence(args: tuple[int, int, int, time], expected_tehran: datetime) -> None:
    result = monthly_occurrence(*args)
    assert result.utcoffset() == timedelta(0)
    assert result == expected_tehran.replace(tzinfo=TEHRAN)
    assert result == to_utc(expected_tehran)


def test_monthly_occurrence_is_utc_minus_0330() -> None:
    assert monthly_occurrence(1404, 8, 25, time(9, 30)) == utc(2025, 11, 16, 6, 0)
    # 01:00 Tehran on 1 Farvardin is still the previous Gregorian day in UTC
    assert monthly_occurrence(1404, 1, 1, time(1, 0)) == utc(2025, 3, 20, 21, 30)


@pytest.mark.parametrize(
    "args",
    [(1404, 8, 0, time(9)), (1404, 13, 1, time(9)), (1404, 8, 25, time(9, tzinfo=UTC))],
)
def test_monthly_occurrence_rejects_bad_input(args: tuple) -> None:
    with pytest.raises(ValueError):
        monthly_occurrence(*args)


NINE = time(9, 0)


@pytest.mark.parametrize(
    ("after", "day", "expected_tehran"),
    [
        # earlier in the month: this month
        (tehran(2025, 11, 1, 12), 25, tehran(2025, 11, 16, 9)),
        # one second before: this month
        (tehran(2025, 11, 16, 8, 59, 59), 25, tehran(2025, 11, 16, 9)),
        # exactly at the instant: strictly after, so next month (25 Azar 1404)
        (tehran(2025, 11, 16, 9), 25, tehran(2025, 12, 16, 9)),
        # same instant given in UTC
        (utc(2025, 11, 16, 5, 30), 25, tehran(2025, 12, 16, 9)),
        # later the same day: next month
        (tehran(2025, 11, 16, 10), 25, tehran(2025, 12, 16, 9)),
        # across the year end: after 25 Esfand 1404 → 25 Farvardin 1405
        (tehran(2026, 3, 16, 9, 0, 1), 25, tehran(2026, 4, 14, 9)),
        # day 30 in Esfand of a common year clamps to 29 Esfand
        (tehran(2026, 3, 19, 12), 30, tehran(2026, 3, 20, 9)),
        # ... and after it the next is 30 Farvardin 1405
        (tehran(2026, 3, 20, 9), 30, tehran(2026, 4, 19, 9)),
        # in a leap year 30 Esfand exists
        (tehran(2025, 3, 19, 12), 30, tehran(2025, 3, 20, 9)),
        # day 31 in Mehr clamps to 30 Mehr
        (tehran(2025, 10, 1), 31, tehran(2025, 10, 22, 9)),
        # 31 Shahrivar then (clamped) 30 Mehr
        (tehran(2025, 9, 22, 9), 31, tehran(2025, 10, 22, 9)),
        # a UTC instant that is already the next Jalali month in Tehran
        (utc(2026, 3, 20, 20, 45), 1, tehran(2026, 3, 21, 9)),
    ],
)
def test_next_monthly_occurrence(after: datetime, day: int, expected_tehran: datetime) -> None:
    result = next_monthly_occurrence(after, day, NINE)
    assert result == expected_tehran
    assert result > after
    assert result.utcoffset() == timedelta(0)


def test_next_monthly_occurrence_chain_covers_every_month_once() -> None:
    # walking from occurrence to occurrence visits each Jalali month exactly once
    current = tehran(2025, 3, 21, 0)  # 1 Farvardin 1404
    seen = []
    for _ in range(25):
        current = next_monthly_occurrence(current, 31, NINE)
        y, m, d = gregorian_to_jalali(current)
        assert d == min(31, days_in_month(y, m))
        assert format_time(current, "en") == "09:00"
        seen.append((y, m))
    assert seen == [add_months(1404, 1, i) for i in range(25)]


def test_next_monthly_occurrence_requires_aware() -> None:
    with pytest.raises(ValueError):
        next_monthly_occurrence(datetime(2025, 11, 16), 25, NINE)  # noqa: DTZ001
