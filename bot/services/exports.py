"""Files staff and members take away: the monthly nominee list (XLSX, CSV) and a course's
sessions as an iCalendar (.ics) file.

- XLSX: rustpy-xlsxwriter (rust_xlsxwriter underneath; 100,000 rows in ~2.5 s where XlsxWriter
  took ~11 s and openpyxl's write-only mode 14-16 s; bench/README.md): Persian headers, a
  right-to-left sheet with the header row frozen, ID columns as text cells with the text number
  format (`@`) so leading zeros survive, Jalali dates as text (`1404/08/25`). Cells are typed
  here before the library sees them (write_xlsx). The tests read the files back with openpyxl
  and LibreOffice.
- CSV: UTF-8 with a byte-order mark (so Excel reads Persian correctly), CRLF line ends; cells
  through the cell policy (bot/services/cells.py: formula-like text gets a leading apostrophe).
  A CSV has no cell types: Excel may still strip leading zeros when it opens one; the XLSX file is
  the one to send.
- .ics: icalendar: one VEVENT per session, times in Asia/Tehran with its VTIMEZONE.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import BinaryIO

import rustpy_xlsxwriter
from icalendar import Calendar, Event, vText

from bot.persian.jalali import TEHRAN, format_date_numeric, tehran_today
from bot.services.cells import csv_row

# --- the monthly nominee list --------------------------------------------------------------------

HEADERS_FA: tuple[str, ...] = (
    "ردیف",
    "نام",
    "نام خانوادگی",
    "کد ملی",
    "تلفن همراه",
    "نام تعاونی",
    "شناسه ملی تعاونی",
    "شماره ثبت",
    "نوع تعاونی",
    "سمت",
    "استان",
    "شهرستان",
    "عنوان دوره",
    "کد استاندارد",
    "اولویت",
    "تاریخ درخواست",
    "پاسخ سازمان",
)
# Columns (0-based, in HEADERS_FA) that hold identifiers: always text, never numbers.
TEXT_COLUMNS: frozenset[int] = frozenset({3, 4, 6, 7, 13})
WIDTHS: tuple[int, ...] = (6, 14, 18, 13, 13, 28, 14, 11, 12, 14, 10, 12, 34, 18, 7, 13, 30)
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class NomineeRow:
    """One nominee of a monthly list, already in the words the export shows."""

    first_name: str
    last_name: str
    national_id: str
    mobile: str
    cooperative_name: str
    cooperative_national_id: str
    registration_no: str
    cooperative_kind: str
    role: str
    province: str
    county: str
    course_title: str
    standard_code: str
    priority: int
    requested_at: datetime
    tvto_answer: str = ""  # once TVTO answered: confirmed, or rejected with its reason

    def cells(self, number: int) -> tuple[object, ...]:
        """The row as written: row number first, the request date as a Jalali text."""
        return (
            number,
            self.first_name,
            self.last_name,
            self.national_id,
            self.mobile,
            self.cooperative_name,
            self.cooperative_national_id,
            self.registration_no,
            self.cooperative_kind,
            self.role,
            self.province,
            self.county,
            self.course_title,
            self.standard_code,
            self.priority,
            jalali_day(tehran_today(self.requested_at)),
            self.tvto_answer,
        )


@lru_cache(maxsize=4096)
def jalali_day(day: date) -> str:
    """`1404/08/25`: Latin digits, so spreadsheets sort and filter it."""
    return format_date_numeric(day, "en")


def nominees_xlsx(rows: Iterable[NomineeRow], *, sheet_title: str = "فهرست معرفی‌شدگان") -> bytes:
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        (row.cells(number) for number, row in enumerate(rows, start=1)),
        header=HEADERS_FA,
        title=sheet_title,
        widths=WIDTHS,
        text_columns=TEXT_COLUMNS,
        rtl=True,
    )
    return buffer.getvalue()


def nominees_csv(rows: Iterable[NomineeRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS_FA)
    for number, row in enumerate(rows, start=1):
        writer.writerow(csv_row(row.cells(number)))
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    """Excel's sheet-name rules: at most 31 UTF-16 units, none of []:*?/\\ nor a control
    character, no apostrophe at either end, not empty and not "History" (Excel keeps that one)."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in _NAME_FORBIDDEN.sub("", title))
    cleaned = _utf16_cut(cleaned.strip(" '"), 31).strip(" '")
    return "Sheet" if not cleaned or cleaned.casefold() == "history" else cleaned


# --- a one-sheet XLSX workbook ------------------------------------------------------------------

# Characters XML 1.0 cannot hold (C0 controls but tab and newline, lone surrogates, U+FFFE and
# U+FFFF) and the carriage return (a line end is one newline in a cell): dropped, never meant in a
# name or an ID. A sheet name holds no control character at all.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_NAME_FORBIDDEN = re.compile(r"[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's longest cell text, in UTF-16 units; the library refuses a longer one, so it is cut here.
CELL_TEXT_MAX = 32_767


def write_xlsx(
    out: BinaryIO,
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str],
    title: str,
    widths: Sequence[float] = (),
    text_columns: frozenset[int] = frozenset(),
    rtl: bool = False,
) -> int:
    """An XLSX workbook of one sheet into `out` (rustpy-xlsxwriter): a bold header row (frozen),
    then `rows`. Cells: str → text; int and finite float → number; None → empty; anything else
    (bool included) → its text. Columns in `text_columns` are always text cells with the text
    number format, so identifiers keep their leading zeros. Nothing typed becomes a formula or a
    link. A text longer than Excel's limit (32,767 UTF-16 units) is cut there. The library keys a
    row's cells by header name: the names must differ and no row may be longer than the header.
    Returns the number of rows written."""
    keys = tuple(header)
    if len(set(keys)) != len(keys):
        raise ValueError(f"header names repeat: {keys}")
    convert = tuple(_text if index in text_columns else _cell for index in range(len(keys)))
    written = 0

    def records() -> Iterator[dict[str, object]]:
        nonlocal written
        for values in rows:
            if len(values) > len(keys):
                raise ValueError(f"row {written + 1}: {len(values)} cells, {len(keys)} columns")
            written += 1
            cells = [to(value) for to, value in zip(convert, values, strict=False)]
            yield dict(zip(keys, cells, strict=False))  # a shorter row: empty cells at its end
        if not written:
            yield dict.fromkeys(keys)  # empty cells: the header row and nothing else

    text = rustpy_xlsxwriter.Format().set_num_format(TEXT_FORMAT)
    bold = rustpy_xlsxwriter.Format().set_bold().set_align("center").set_align("vcenter")
    rustpy_xlsxwriter.write_worksheet(
        records(),
        out,
        sheet_name=_sheet_title(title),
        freeze_row=1,
        freeze_col=0,
        column_widths=list(widths[: len(keys)]),
        column_formats={keys[index]: text for index in text_columns if index < len(keys)},
        header_format=bold.set_text_wrap(),
        # constant-memory mode (rows streamed, inline strings): faster here than the library's
        # shared-string table and ~350 MiB lighter for 100,000 rows (bench/README.md)
        dedupe_strings=False,
        sheet_view={"right_to_left": rtl},
    )
    return written


def _cell(value: object) -> object:
    kind = value.__class__
    # `kind is` tests the exact type (fast, and no subclass passes), which mypy does not narrow
    if kind is str:
        return _fit(value)  # type: ignore[arg-type]  # exactly a str
    if value is None or kind is int or (kind is float and math.isfinite(value)):  # type: ignore[arg-type]  # exactly a float
        return value
    if _is_number(value):  # an int or float subclass, not bool
        return int(value) if isinstance(value, int) else float(value)  # type: ignore[arg-type]  # a float subclass
    return _fit(str(value))


def _text(value: object) -> str | None:
    if value is None:
        return None
    return _fit(value if value.__class__ is str else str(value))


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def _fit(text: str) -> str:
    if _FORBIDDEN.search(text):
        text = _FORBIDDEN.sub("", text)
    return text if len(text) <= CELL_TEXT_MAX // 2 else _utf16_cut(text, CELL_TEXT_MAX)


def _utf16_cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-16 units (Excel's measure: a character above U+FFFF is
    two), never inside a character."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if char > "\uffff" else 1
        if units > limit:
            return text[:index]
    return text


# --- iCalendar -----------------------------------------------------------------------------------

TZID = "Asia/Tehran"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime  # aware
    end: datetime  # aware
    summary: str
    location: str = ""
    description: str = ""


def calendar_ics(events: Sequence[CalendarEvent], *, now: datetime, name: str = "") -> bytes:
    """An iCalendar file (icalendar): one VEVENT per session in Tehran time, with the VTIMEZONE
    of the sessions' dates (Tehran has kept +03:30 all year since 2022; tzdata says so)."""
    calendar = Calendar()
    calendar.add("prodid", "-//coopbot//courses//FA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", TZID)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", item.start.astimezone(TEHRAN))
        event.add("dtend", item.end.astimezone(TEHRAN))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    if events:
        first = min(e.start for e in events).astimezone(TEHRAN).date()
        last = max(e.end for e in events).astimezone(TEHRAN).date() + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    ical: bytes = calendar.to_ical()  # icalendar types it Any
    return ical
