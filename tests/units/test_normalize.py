"""Unit tests for bot.persian.normalize."""

import re

import pytest

from bot.persian.normalize import (
    ZWNJ,
    digits_only,
    normalize_text,
    parse_int,
    to_ascii_digits,
    to_persian_digits,
)

LRM, RLM, BOM, ZWSP, ZWJ = "\u200e", "\u200f", "\ufeff", "\u200b", "\u200d"
TATWEEL = "\u0640"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # digits of every script the users type
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("０１２３４５６７８９", "0123456789"),  # fullwidth, via NFKC
        ("0123456789", "0123456789"),
        ("۱۲3٤", "1234"),  # mixed scripts in one token
        # Arabic letter variants
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("كتاب", "کتاب"),
        ("يك كيلو", "یک کیلو"),
        ("مدرسة", "مدرسة"),  # ة is kept
        # tatweel and diacritics
        (f"تعـ{TATWEEL}ـاون", "تعاون"),
        ("مُحَمَّد", "محمد"),
        ("كِتابٌ", "کتاب"),
        ("رحمٰن", "رحمن"),  # superscript alef U+0670
        ("خانهٔ", "خانه"),  # combining hamza above U+0654
        ("آبان", "آبان"),  # precomposed alef with madda survives
        ("ا\u0653بان", "آبان"),  # decomposed madda is composed by NFKC, not stripped
        # presentation forms (NFKC)
        ("ﻛﺘﺎﺏ", "کتاب"),
        ("ﻻ", "لا"),
        # invisible bidi / format marks
        (f"{RLM}سلام{LRM}", "سلام"),
        ("\u202b۰۹۱۲\u202c", "0912"),
        ("\u2067متن\u2069", "متن"),
        (f"{BOM}abc", "abc"),
        (f"a{ZWSP}b", "ab"),
        ("a\u061cb", "ab"),
        # ZWNJ kept inside words, collapsed, stripped at edges and next to spaces
        (f"می{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),
        (f"می{ZWNJ}{ZWNJ}{ZWNJ}خواهم", f"می{ZWNJ}خواهم"),
        (f"{ZWNJ}سلام{ZWNJ}", "سلام"),
        (f"کتاب {ZWNJ}خانه", "کتاب خانه"),
        (f"کتاب{ZWNJ} خانه", "کتاب خانه"),
        (f"a {ZWNJ} b", "a b"),
        (ZWNJ * 5, ""),
        # whitespace
        ("  a \t\n b  ", "a b"),
        ("a\u00a0\u2009\u3000b", "a b"),  # NBSP, thin space, ideographic space
        ("a\u2028b", "a b"),
        ("", ""),
        ("   ", ""),
        # control characters dropped
        ("a\x00b\x07c\x7f", "abc"),
        # emoji survive, including ZWJ sequences
        ("سلام 👋", "سلام 👋"),
        (f"👨{ZWJ}👩{ZWJ}👧", f"👨{ZWJ}👩{ZWJ}👧"),
        # everything at once
        (
            f"{RLM} كد ملي:  ۰۰۷۶{TATWEEL}٢٢٩٦٤٥ {LRM}",
            "کد ملی: 0076229645",
        ),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_none_is_empty() -> None:
    assert normalize_text(None) == ""


def test_normalize_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        normalize_text(123)  # type: ignore[arg-type]


def test_normalize_is_idempotent() -> None:
    raw = f"{RLM} كتاب{ZWNJ}{ZWNJ}ها  ۱۲ ٣ مُحَمَّد 👋 "
    once = normalize_text(raw)
    assert normalize_text(once) == once


def test_normalize_keep_newlines() -> None:
    raw = f"  سلام  دنيا {RLM}\n\n\n\nخط  دوم\n  \nسوم  "
    assert normalize_text(raw, keep_newlines=True) == "سلام دنیا\n\nخط دوم\n\nسوم"
    assert normalize_text(raw) == "سلام دنیا خط دوم سوم"


def test_normalize_long_input() -> None:
    raw = ("سلامٌ ۱۲۳ " + RLM) * 500  # 5,500 characters
    assert len(raw) >= 5000
    out = normalize_text(raw)
    assert out == " ".join(["سلام 123"] * 500)


def test_normalize_output_has_no_non_ascii_digits_or_marks() -> None:
    raw = "".join(chr(c) for c in range(0x0600, 0x0700)) + "\u200e\u200f\u202a\u202e\u2066\ufeff"
    out = normalize_text(raw)
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9\u064b-\u065f\u0670\u0640]", out)
    assert not re.search("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]", out)
    assert "ي" not in out and "ك" not in out and "ى" not in out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("۰۹۱۲", "0912"),
        ("٠٩١٢", "0912"),
        ("０９", "09"),
        ("abc ۱ ي", "abc 1 ي"),  # only digits change
        ("", ""),
    ],
)
def test_to_ascii_digits(raw: str, expected: str) -> None:
    assert to_ascii_digits(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1404/08/25", "۱۴۰۴/۰۸/۲۵"),
        ("٠٩١٢", "۰۹۱۲"),
        ("۱۲", "۱۲"),
        (1404, "۱۴۰۴"),
        (-5, "-۵"),
        (0, "۰"),
        ("ساعت 9:30", "ساعت ۹:۳۰"),
    ],
)
def test_to_persian_digits(raw: str | int, expected: str) -> None:
    assert to_persian_digits(raw) == expected


@pytest.mark.parametrize("bad", [None, 1.5, True, b"12"])
def test_to_persian_digits_rejects_other_types(bad: object) -> None:
    with pytest.raises(TypeError):
        to_persian_digits(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 123 4567", "09121234567"),
        ("۰۹۱۲-۱۲۳-۴۵۶۷", "09121234567"),
        ("٠٩١٢.١٢٣.٤٥٦٧", "09121234567"),
        ("12,345", "12345"),
        ("12،345٬678", "12345678"),
        ("12\u2013345\u2014678\u22129", "123456789"),  # en dash, em dash, minus sign
        (f"{RLM}۰۰۷۶{ZWNJ}۲۲۹۶۴۵{LRM}", "0076229645"),
        ("007", "007"),  # leading zeros kept
        ("", None),
        ("   ", None),
        ("- . ,", None),
        ("12a34", None),
        ("+98912", None),
        ("۱۲/۳۴", None),
        ("²³", "23"),  # NFKC turns superscripts into ASCII digits
        ("१२३", None),  # Devanagari digits are not accepted (no \d)
        ("𝟏𝟐", "12"),  # mathematical bold digits, via NFKC
        (None, None),
    ],
)
def test_digits_only(raw: str | None, expected: str | None) -> None:
    assert digits_only(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("42", 42),
        ("۴۲", 42),
        ("٤٢", 42),
        ("-7", -7),
        ("-۷", -7),
        ("\u22127", -7),  # U+2212 minus sign
        ("+7", 7),
        ("12,500", 12500),
        ("۱۲٬۵۰۰", 12500),
        ("1،234،567", 1234567),
        ("-1,000", -1000),
        ("  ۱۲  ", 12),
        ("007", 7),
        ("1,5", None),  # not a thousands grouping
        ("1,2345", None),
        (",123", None),
        ("123,", None),
        ("12.5", None),
        ("12٫5", None),
        ("1 000", None),
        ("--1", None),
        ("-", None),
        ("", None),
        ("abc", None),
        ("12abc", None),
        (None, None),
        ("१२", None),
    ],
)
def test_parse_int(raw: str | None, expected: int | None) -> None:
    assert parse_int(raw) == expected


def test_parse_int_huge_input_does_not_raise() -> None:
    assert parse_int("9" * 5000) is None
    assert parse_int("9" * 300) == int("9" * 300)
