"""Charts: a PNG is produced, Persian labels are shaped (joined letter forms, right to left) with
every glyph present, numbers and Jalali dates are written in Persian."""

from __future__ import annotations

import io
import logging
import struct
from datetime import date, timedelta

import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from PIL import Image

from bot.chat.charts import FONT, bar_chart, day_label, line_chart, number

PNG = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def glyphs(text: str) -> list[str]:
    """The glyphs matplotlib lays out for a text, left to right on the page."""
    ttp = TextToPath()
    font = ttp._get_font(FontProperties(family=FONT))
    return [g[0] for g in ttp.get_glyphs_with_font(font, text)[0]]


def test_persian_is_shaped_right_to_left_with_every_glyph():
    word = "سلام"
    joined = glyphs(word)
    isolated = [glyphs(letter)[0] for letter in word]
    # joined forms (and the lam-alef ligature) differ from the isolated letters
    assert joined != isolated and len(joined) < len(isolated)
    # right to left: the last letter (م) is drawn leftmost, as its final/isolated form
    assert joined[0] == glyphs("م")[0]
    # no .notdef glyph (a box) for Persian letters, digits, ZWNJ words
    assert not [g for g in glyphs("صورت‌های مالی ۱۴۰۴ آبان") if g.endswith("-0")]


def test_bar_chart_png_with_persian_labels_and_no_missing_glyph(caplog):
    caplog.set_level(logging.WARNING, logger="bot.chat.charts")
    data = bar_chart(
        "ثبت‌نام‌ها به تفکیک شهرستان",
        [("تهران", 120), ("اسلامشهر", 45), ("حسابداری و صورت‌های مالی", 7)],
        locale="fa",
    )
    # matplotlib warns "Glyph … missing from font(s)" for a letter it cannot draw
    assert not [r for r in caplog.records if "missing" in r.getMessage()]
    width, height = png_size(data)
    assert width > 400 and height > 150
    image = Image.open(io.BytesIO(data)).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 1000  # bars and text are drawn


def test_a_missing_glyph_would_be_noticed(caplog):
    caplog.set_level(logging.WARNING, logger="bot.chat.charts")
    bar_chart("漢", [("漢", 1)], locale="fa")
    assert [r for r in caplog.records if "missing" in r.getMessage()]


def test_empty_and_english_charts():
    assert png_size(bar_chart("نیازها", [], locale="fa", empty="هنوز داده‌ای نیست."))[0] > 100
    assert png_size(bar_chart("Needs", [("ICT", 3)], locale="en"))[0] > 100


def test_line_chart_with_jalali_days():
    days = [date(2025, 10, 20) + timedelta(days=i) for i in range(30)]
    data = line_chart(
        "فعالیت روزانه",
        days,
        [("اعضای تازه", list(range(30))), ("ثبت‌نام‌ها", [i % 3 for i in range(30)])],
        locale="fa",
    )
    assert png_size(data)[0] > 500


@pytest.mark.parametrize(
    ("day", "locale", "with_year", "expected"),
    [
        (date(2025, 11, 16), "fa", False, "۲۵ آبان"),
        (date(2025, 11, 16), "fa", True, "۲۵ آبان ۱۴۰۴"),
        (date(2025, 11, 16), "en", True, "25 Aban 1404"),
        (date(2026, 3, 20), "fa", False, "۲۹ اسفند"),
    ],
)
def test_day_labels_are_jalali(day, locale, with_year, expected):
    assert day_label(day, locale, with_year=with_year) == expected


def test_numbers():
    assert number(1234, "fa") == "۱٬۲۳۴" and number(2.5, "fa") == "۲٫۵"
    assert number(1234, "en") == "1,234"


def _pixels_near(image, rgb: tuple[int, int, int], within: int = 40) -> int:
    import numpy

    pixels = numpy.asarray(image, dtype=int)
    return int((numpy.abs(pixels - numpy.array(rgb)) <= within).all(axis=-1).sum())


def test_lines_with_the_same_values_both_show():
    from bot.chat.charts import COLORS

    days = [date(2025, 11, 1) + timedelta(days=i) for i in range(20)]
    same = [i % 4 for i in range(20)]
    data = line_chart("ثبت‌نام‌ها", days, [("درخواست", same), ("تأیید", same)], locale="fa")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    below, above = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in COLORS[:2])
    # the line drawn first is not hidden behind the second: plenty of both colours show
    assert _pixels_near(image, below) > 1500
    assert _pixels_near(image, above) > 1500
