"""write_xlsx's cell contract where the library could decide otherwise: text that looks like a
formula or a link, numbers, values of other types, no rows, sheet titles, Excel's longest text."""

from __future__ import annotations

import enum
import io
import math
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from bot.services.exports import CELL_TEXT_MAX, HEADERS_FA, nominees_xlsx, write_xlsx


def written(rows, *, columns: int | None = None, text_columns=frozenset(), title="t") -> bytes:
    columns = columns if columns is not None else max((len(r) for r in rows), default=1)
    out = io.BytesIO()
    count = write_xlsx(
        out,
        rows,
        header=[f"h{i}" for i in range(1, columns + 1)],
        title=title,
        text_columns=text_columns,
    )
    assert count == len(rows)
    return out.getvalue()


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


LOOKALIKES = (
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
    '=HYPERLINK("http://example.org","x")',
    "http://example.org",
    "https://example.org/a?b=1",
    "mailto:a@example.org",
    "internal:Sheet1!A1",
)


def test_text_that_looks_like_a_formula_or_a_link_stays_text():
    data = written([LOOKALIKES, LOOKALIKES], text_columns=frozenset({0, 5}))
    sheet = sheet_of(data)
    for row in (2, 3):
        cells = sheet[row]
        assert [c.value for c in cells] == list(LOOKALIKES)
        assert all(c.data_type == "s" and c.hyperlink is None for c in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in xml and b"<f " not in xml and b"hyperlink" not in xml
        assert not [n for n in archive.namelist() if n.startswith("xl/worksheets/_rels")]


def test_text_shaped_like_an_xml_escape_is_escaped():
    """OOXML writes a character a cell cannot hold as `_xHHHH_`, so a text that reads `_x0041_`
    is written `_x005F_x0041_` (Excel and LibreOffice show `_x0041_`, see the LibreOffice test).
    openpyxl undoes that escape in shared strings only, not in the inline strings written here."""
    with zipfile.ZipFile(io.BytesIO(written([("_x0041_", "a_x000D_b")]))) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>_x005F_x0041_</t>" in xml and "<t>a_x005F_x000D_b</t>" in xml


def test_numbers_read_back_as_numbers():
    numbers = (0, -5, 2**53, 0.1, -2.5, 1e-300, 5e-324, 1.7976931348623157e308, 123456789.125)
    sheet = sheet_of(written([numbers]))
    assert [c.value for c in sheet[2]] == list(numbers)
    assert all(c.data_type == "n" for c in sheet[2])


def test_a_column_may_change_type_from_row_to_row():
    """The library reads a column's type from the first row: later rows of another type still
    come out as they are."""
    sheet = sheet_of(written([(1, "a", None), ("b", 2.5, 3), (None, None, "c"), (4, "d", 5)]))
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        [1, "a", None],
        ["b", 2.5, 3],
        [None, None, "c"],
        [4, "d", 5],
    ]
    assert sheet["A3"].data_type == "s" and sheet["B3"].data_type == "n"


class Level(enum.IntEnum):
    HIGH = 3


def test_other_values_are_their_text():
    """bool, NaN and infinities, Decimal, dates: their text, never a boolean, a date or an empty
    cell; an int subclass is still a number."""
    moment = datetime(2025, 11, 16, 21, 0)  # noqa: DTZ001
    values = (True, False, math.nan, math.inf, -math.inf, Decimal("1.50"), date(2025, 1, 2), moment)
    sheet = sheet_of(written([(*values, Level.HIGH)]))
    assert [c.value for c in sheet[2]] == [
        "True",
        "False",
        "nan",
        "inf",
        "-inf",
        "1.50",
        "2025-01-02",
        "2025-11-16 21:00:00",
        3,
    ]
    assert [c.data_type for c in sheet[2]] == ["s"] * 8 + ["n"]


def test_no_rows_is_the_header_alone():
    out = io.BytesIO()
    assert write_xlsx(out, iter(()), header=("a", "b"), title="t", rtl=True) == 0
    sheet = sheet_of(out.getvalue())
    assert sheet.max_row == 1 and [c.value for c in sheet[1]] == ["a", "b"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2" and sheet.sheet_view.rightToLeft
    month = sheet_of(nominees_xlsx([]))
    assert month.max_row == 1 and [c.value for c in month[1]] == list(HEADERS_FA)


def test_short_and_empty_rows_leave_empty_cells():
    sheet = sheet_of(written([(1,), (None, None, None), ("", 2, None), (3, "x", "y")], columns=3))
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        [1, None, None],
        [None, None, None],
        [None, 2, None],
        [3, "x", "y"],
    ]


def test_a_header_name_twice_or_a_row_longer_than_the_header_is_refused():
    with pytest.raises(ValueError, match="repeat"):
        write_xlsx(io.BytesIO(), [(1, 2)], header=("a", "a"), title="t")
    with pytest.raises(ValueError, match="3 cells, 2 columns"):
        write_xlsx(io.BytesIO(), [(1, 2), (1, 2, 3)], header=("a", "b"), title="t")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("آبان ۱۴۰۴: فهرست", "آبان ۱۴۰۴- فهرست"),
        ("a[b]c*d?e/f\\g", "a-b-c-d-e-f-g"),
        ("'quoted'", "quoted"),
        ("a\x01b\tc\n", "abc"),
        ("", "Sheet"),
        ("  ", "Sheet"),
        ("History", "Sheet"),
        ("فهرست معرفی‌شدگان ماه آبان سال ۱۴۰۴", "فهرست معرفی‌شدگان ماه آبان سال"),
        ("😀" * 20, "😀" * 15),  # 31 UTF-16 units at most: an emoji is two
    ],
)
def test_sheet_titles_follow_excels_rules(title, expected):
    assert sheet_of(written([(1,)], title=title)).title == expected


def test_text_longer_than_excel_holds_is_cut_at_its_limit():
    persian, emoji = "ا" * 40_000, "😀" * 20_000  # 40,000 UTF-16 units each
    exact = "b" * CELL_TEXT_MAX
    sheet = sheet_of(written([(persian, emoji, exact, 7)], text_columns=frozenset({3})))
    assert sheet["A2"].value == "ا" * 32_767
    assert sheet["B2"].value == "😀" * 16_383  # never half of a character
    assert sheet["C2"].value == exact and sheet["D2"].value == "7"


def test_characters_xml_cannot_hold_are_dropped():
    sheet = sheet_of(written([("a\ud800b", "c\ufffed\uffff", "e\x00f\x1fg\th")]))
    assert [c.value for c in sheet[2]] == ["ab", "cd", "efg\th"]
