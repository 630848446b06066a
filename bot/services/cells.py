"""One cell policy for every file staff download (XLSX and CSV): nothing a member, a course
file or a broadcast typed ever becomes a formula, a link or an error value in Excel,
LibreOffice or Google Sheets.

Text is *formula-like* when a spreadsheet could read it as a formula: it starts — after any
spaces, invisible marks or bidi controls a reader may skip — with `=`, `+`, `-`, `@`, a tab or a
carriage return, or one of their full-width or small forms (`＝＋－＠`, `﹦﹢﹣﹫`), which some
Excel editions take as the ASCII ones (OWASP, "CSV Injection").

- CSV has no cell types: formula-like text gets a leading apostrophe (`'=1+1`), which every
  spreadsheet shows as the text that follows it. Numbers (int, finite float) stay numbers.
- XLSX: text is always written as a string cell (`t="s"`/`t="inlineStr"`), which no reader
  evaluates; formula-like text is also marked with the *quote prefix* style (Excel's own mark
  of text typed after an apostrophe), so editing the cell later keeps it text. The cell's value
  is the text itself, unchanged. openpyxl would otherwise write text starting with `=` as a
  formula and `#N/A` as an error value: `xlsx_value` stops both. The monthly list's writer
  (bot/services/exports.write_xlsx, rustpy-xlsxwriter) writes every text as an inline string.

National IDs and mobiles are text that starts with a digit: the policy leaves them alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard

from openpyxl.cell import Cell, WriteOnlyCell

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

# Characters that make a cell a formula when they come first.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
# Skipped before that first character: spaces (a reader may trim them), invisible marks
# (ZWNJ, ZWJ, word joiner, BOM) and bidi controls, common in Persian text.
_SKIPPED = (
    " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "\n\x0b\x0c\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Texts openpyxl would write as an error value rather than text.
_ERROR_TEXTS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula."""
    rest = text.lstrip(_SKIPPED)
    return bool(rest) and rest[0] in FORMULA_STARTS


def is_number(value: object) -> bool:
    """An int or finite float (bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def csv_value(value: object) -> object:
    """One CSV cell: numbers and empty cells as they are, anything else as text, with a leading
    apostrophe when it is formula-like."""
    if value is None or is_number(value):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if formula_like(text) else text


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_value(value) for value in values]


def _needs_care(value: object) -> TypeGuard[str]:
    """Text openpyxl would not write as a plain string cell, or that a reader could evaluate."""
    return isinstance(value, str) and (
        formula_like(value) or value.startswith("=") or value in _ERROR_TEXTS
    )


def xlsx_value(sheet: Worksheet | WriteOnlyWorksheet, value: object) -> object:
    """One value for `sheet.append` (openpyxl, either mode): text that needs care becomes a
    string cell (quote-prefixed when formula-like); everything else passes as it is."""
    if not _needs_care(value):
        return value
    return as_text(WriteOnlyCell(sheet, value=value))


def as_text(cell: Cell) -> Cell:
    """An openpyxl cell holding text, made a string cell (quote-prefixed when formula-like); a
    cell of any other value is left alone. Returns the cell."""
    if _needs_care(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = formula_like(cell.value)
    return cell


def xlsx_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[object]) -> list[object]:
    return [xlsx_value(sheet, value) for value in values]
