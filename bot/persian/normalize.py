"""Normalisation of Persian user input: digits, Arabic letter variants, invisible marks.

Users type Persian (۰-۹) and Arabic-Indic (٠-٩) digits, Arabic ي/ى/ك instead of Persian ی/ک,
tatweel, diacritics, ZWNJ and invisible bidi marks. Everything that validates or compares user
text goes through :func:`normalize_text` first. Validation uses the explicit class ``[0-9]``;
``\\d`` would accept the digits of every script.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "ZWNJ",
    "digits_only",
    "normalize_text",
    "parse_int",
    "to_ascii_digits",
    "to_persian_digits",
]

ZWNJ = "\u200c"

_PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_FULLWIDTH_DIGITS = "０１２３４５６７８９"
_ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(
    _PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS + _FULLWIDTH_DIGITS, _ASCII_DIGITS * 3
)
_TO_PERSIAN_DIGITS = str.maketrans(_ASCII_DIGITS + _ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS * 2)

# Characters deleted outright: tatweel, Arabic diacritics (harakat, shadda, sukun, superscript
# alef, combining hamza/madda), and invisible direction/format marks. ZWNJ (U+200C) is kept and
# ZWJ (U+200D) too, because emoji sequences are built with it.
_DELETE = (
    0x0640,  # tatweel
    *range(0x064B, 0x0660),  # fathatan .. wavy hamza below
    0x0670,  # superscript alef
    0x061C,  # Arabic letter mark
    0x200B,  # zero-width space
    0x200E,  # LRM
    0x200F,  # RLM
    *range(0x202A, 0x202F),  # LRE, RLE, PDF, LRO, RLO
    0x2060,  # word joiner
    *range(0x2066, 0x206A),  # LRI, RLI, FSI, PDI
    0xFEFF,  # BOM / zero-width no-break space
    # C0/C1 control characters that are not whitespace
    *range(0x00, 0x09),
    *range(0x0E, 0x1C),
    *range(0x7F, 0x85),
    *range(0x86, 0xA0),
)

_LETTERS = {
    "ي": "ی",  # U+064A Arabic yeh
    "ى": "ی",  # U+0649 alef maksura
    "ك": "ک",  # U+0643 Arabic kaf
}

_NORMALIZE_TABLE: dict[int, int | str | None] = {cp: None for cp in _DELETE}
_NORMALIZE_TABLE.update({ord(k): v for k, v in _LETTERS.items()})
_NORMALIZE_TABLE.update(str.maketrans(_PERSIAN_DIGITS + _ARABIC_INDIC_DIGITS, _ASCII_DIGITS * 2))

_ZWNJ_RUN = re.compile("\u200c{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")

# Separators that digits_only() removes: whitespace, dashes, dots, commas (Latin and Arabic),
# plus ZWNJ, which is invisible and sometimes pasted between digits.
_DIGIT_SEPARATORS = re.compile(
    "[\\s\u200c\\-\u2010\u2011\u2012\u2013\u2014\u2212.\u066b,\u060c\u066c]+"
)
_ASCII_DIGITS_RE = re.compile("[0-9]+")

# parse_int: optional sign, then either plain digits or digits grouped by thousands with one
# of , ٬ ، as the group separator.
_INT_RE = re.compile("([-+\u2212]?)([0-9]+|[0-9]{1,3}(?:[,\u066c\u060c][0-9]{3})+)")


def _clean_token(token: str) -> str:
    """Collapse ZWNJ runs inside a whitespace-free token and strip ZWNJ at its ends."""
    if ZWNJ in token:
        token = _ZWNJ_RUN.sub(ZWNJ, token).strip(ZWNJ)
    return token


def _clean_line(line: str) -> str:
    return " ".join(t for t in map(_clean_token, line.split()) if t)


def normalize_text(s: str | None, *, keep_newlines: bool = False) -> str:
    """Return a canonical form of user text for validation, comparison and storage.

    NFKC (Arabic presentation forms become base letters, fullwidth digits become ASCII);
    Persian and Arabic-Indic digits become ASCII; Arabic ي/ى → ی and ك → ک (ة is kept); tatweel,
    Arabic diacritics and invisible bidi/format marks are removed; ZWNJ is kept inside words, but
    runs collapse to one and ZWNJ next to whitespace or at either end is dropped; runs of
    whitespace collapse to one space and the result is stripped.

    With ``keep_newlines=True`` line breaks survive (each line is cleaned as above, at most one
    empty line is kept between paragraphs), for free-text fields. ``None`` gives ``""``.
    """
    if s is None:
        return ""
    if not isinstance(s, str):
        raise TypeError(f"normalize_text() expects str, got {type(s).__name__}")
    s = unicodedata.normalize("NFKC", s).translate(_NORMALIZE_TABLE)
    if not keep_newlines:
        return _clean_line(s)
    lines = [_clean_line(line) for line in s.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def to_ascii_digits(s: str) -> str:
    """Turn Persian, Arabic-Indic and fullwidth digits into ASCII 0-9; nothing else changes."""
    return s.translate(_TO_ASCII_DIGITS)


def to_persian_digits(s: str | int) -> str:
    """Turn ASCII and Arabic-Indic digits into Persian ۰-۹. Integers are formatted first."""
    if isinstance(s, bool) or not isinstance(s, str | int):
        raise TypeError(f"to_persian_digits() expects str or int, got {type(s).__name__}")
    return str(s).translate(_TO_PERSIAN_DIGITS)


def digits_only(s: str | None) -> str | None:
    """Normalise, drop separators (spaces, dashes, dots, commas); return the ASCII digit string.

    Returns ``None`` when anything other than digits remains, or when nothing remains.
    """
    text = _DIGIT_SEPARATORS.sub("", normalize_text(s))
    return text if _ASCII_DIGITS_RE.fullmatch(text) else None


def parse_int(s: str | None) -> int | None:
    """Parse an integer typed in any digit script.

    Accepts a leading ``-`` (or ``+``), and thousands separators ``,`` ``٬`` ``،`` when they
    group the digits by three (``12,500``); ``1,5`` or ``12.0`` are not integers and give None.
    """
    m = _INT_RE.fullmatch(normalize_text(s))
    if m is None:
        return None
    sign, body = m.groups()
    digits = body.replace(",", "").replace("\u066c", "").replace("\u060c", "")
    try:
        value = int(digits)
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        return None
    return -value if sign in ("-", "\u2212") else value


def looks_empty(text: str) -> bool:
    """Only spaces, invisible marks or joiners (ZWNJ, ZWJ): nothing a person could read."""
    return not normalize_text(text).replace("\u200d", "").strip()


def has_letter(text: str) -> bool:
    """At least one letter of any script: a name or a title, not only digits, emoji or marks."""
    return any(unicodedata.category(c).startswith("L") for c in normalize_text(text))
