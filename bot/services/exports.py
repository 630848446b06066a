"""Files staff and members take away: the monthly nominee list (XLSX, CSV) and a course's
sessions as an iCalendar (.ics) file.

- XLSX: XlsxWriter (openpyxl's write-only mode took 14-16 s for a 100,000-row month, XlsxWriter
  about 10 s; bench/README.md): Persian headers, a right-to-left sheet with the header row
  frozen, ID columns as text cells with the text number format (`@`) so leading zeros survive,
  Jalali dates as text (`1404/08/25`). The tests read the files back with openpyxl.
- CSV: UTF-8 with a byte-order mark (so Excel reads Persian correctly), CRLF line ends.
  A CSV has no cell types: Excel may still strip leading zeros when it opens one; the XLSX file is
  the one to send.
- .ics: icalendar: one VEVENT per session, times in Asia/Tehran with its VTIMEZONE.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import BinaryIO

import xlsxwriter
from icalendar import Calendar, Event, vText

from bot.persian.jalali import TEHRAN, format_date_numeric, tehran_today

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
)
# Columns (0-based, in HEADERS_FA) that hold identifiers: always text, never numbers.
TEXT_COLUMNS: frozenset[int] = frozenset({3, 4, 6, 7, 13})
WIDTHS: tuple[int, ...] = (6, 14, 18, 13, 13, 28, 14, 11, 12, 14, 10, 12, 34, 18, 7, 13)
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
        writer.writerow(row.cells(number))
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in title).strip() or "Sheet"
    return cleaned[:31]


# --- a one-sheet XLSX workbook ------------------------------------------------------------------

# Characters XML 1.0 cannot hold (C0 controls but tab and newline) and the carriage return (a
# line end is one newline in a cell): dropped, never meant in a name or an ID.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f]")


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
    """An XLSX workbook of one sheet into `out` (XlsxWriter): a bold header row (frozen), then
    `rows`. Cells: str → text; int and finite float → number; None → empty; anything else (bool
    included) → its text. Columns in `text_columns` are always text cells with the text number
    format, so identifiers keep their leading zeros. Nothing typed becomes a formula or a link.
    Returns the number of rows written."""
    workbook = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(_sheet_title(title))
    if rtl:
        sheet.right_to_left()
    sheet.freeze_panes(1, 0)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    bold = workbook.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    text = workbook.add_format({"num_format": TEXT_FORMAT})
    for index, title_text in enumerate(header):
        sheet.write_string(0, index, title_text, bold)
    write_string, write_number = sheet.write_string, sheet.write_number
    written = 0
    for written, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if value is None:
                continue
            if column in text_columns:
                write_string(written, column, _clean(str(value)), text)
            elif value.__class__ is str:
                write_string(written, column, _clean(value))
            elif _is_number(value):
                write_number(written, column, value)
            else:
                write_string(written, column, _clean(str(value)))
    workbook.close()
    return written


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def _clean(text: str) -> str:
    return _FORBIDDEN.sub("", text) if _FORBIDDEN.search(text) else text


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
    return calendar.to_ical()
