"""Files staff and members take away: the monthly nominee list (XLSX, CSV) and a course's
sessions as an iCalendar (.ics) file.

- XLSX: openpyxl in write-only mode (streams rows; a 100,000-row month stays fast and small in
  memory), Persian headers, a right-to-left sheet, ID columns written as text cells (number format
  `@`) so leading zeros survive, Jalali dates as text (`1404/08/25`).
- CSV: UTF-8 with a byte-order mark (so Excel reads Persian correctly), CRLF line ends.
  A CSV has no cell types: Excel may still strip leading zeros when it opens one; the XLSX file is
  the one to send.
- .ics: RFC 5545 written here (no iCalendar library is installed): one VEVENT per session, times
  in Asia/Tehran with its VTIMEZONE, text escaped, lines folded at 75 octets, CRLF line ends.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray

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

    def cells(self, number: int) -> list[object]:
        """The row as written: row number first, the request date as a Jalali text."""
        return [
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
        ]


@lru_cache(maxsize=4096)
def jalali_day(day: date) -> str:
    """`1404/08/25`: Latin digits, so spreadsheets sort and filter it."""
    return format_date_numeric(day, "en")


def nominees_xlsx(rows: Iterable[NomineeRow], *, sheet_title: str = "فهرست معرفی‌شدگان") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for title in HEADERS_FA:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cell.alignment = center
        header.append(cell)
    sheet.append(header)
    text_columns = sorted(TEXT_COLUMNS)
    # Setting number_format on 500,000 cells goes through the style registry each time; copying
    # the style of one prototype cell is the same result at a fraction of the cost.
    prototype = WriteOnlyCell(sheet, value="")
    prototype.number_format = TEXT_FORMAT
    text_style = prototype._style
    for number, row in enumerate(rows, start=1):
        values = row.cells(number)
        for index in text_columns:
            cell = WriteOnlyCell(sheet, value=str(values[index]))
            cell._style = StyleArray(text_style)
            values[index] = cell
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
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


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- iCalendar -----------------------------------------------------------------------------------

TZID = "Asia/Tehran"
# Tehran has kept UTC+03:30 all year since 2022-09-21 (tzdata 2022b).
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0330",
    "TZOFFSETTO:+0330",
    "TZNAME:+0330",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime  # aware
    end: datetime  # aware
    summary: str
    location: str = ""
    description: str = ""


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    budget = limit
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > budget:
            parts.append(current)
            current = ""
            size = 0
            budget = limit - 1  # continuation lines start with one space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(dt: datetime) -> str:
    return dt.astimezone(TEHRAN).strftime("%Y%m%dT%H%M%S")


def _utc(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_ics(events: Sequence[CalendarEvent], *, now: datetime, name: str = "") -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//coopbot//courses//FA",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{ics_escape(name)}")
    lines.append(f"X-WR-TIMEZONE:{TZID}")
    lines.extend(VTIMEZONE)
    stamp = _utc(now)
    for event in events:
        lines.extend(
            [
                "BEGIN:VEVENT",
                f"UID:{event.uid}",
                f"DTSTAMP:{stamp}",
                f"DTSTART;TZID={TZID}:{_local(event.start)}",
                f"DTEND;TZID={TZID}:{_local(event.end)}",
                f"SUMMARY:{ics_escape(event.summary)}",
            ]
        )
        if event.location:
            lines.append(f"LOCATION:{ics_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{ics_escape(event.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(ics_fold(line) for line in lines) + "\r\n").encode("utf-8")
