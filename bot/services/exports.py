"""Files staff and members take away: the monthly nominee list (XLSX, CSV) and a course's
sessions as an iCalendar (.ics) file.

- XLSX: written here as SpreadsheetML (a zip of six small XML parts), one sheet streamed row by
  row: Persian headers, a right-to-left sheet with the header row frozen, ID columns as text
  cells with the text number format (`@`) so leading zeros survive, Jalali dates as text
  (`1404/08/25`). openpyxl's write-only mode did the same in 14 s for a 100,000-row month, 85 %
  of it inside openpyxl's per-cell machinery; this writer takes about 3 s (bench/README.md).
  Files are read back with openpyxl in the tests.
- CSV: UTF-8 with a byte-order mark (so Excel reads Persian correctly), CRLF line ends.
  A CSV has no cell types: Excel may still strip leading zeros when it opens one; the XLSX file is
  the one to send.
- .ics: RFC 5545 written here (no iCalendar library is installed): one VEVENT per session, times
  in Asia/Tehran with its VTIMEZONE, text escaped, lines folded at 75 octets, CRLF line ends.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import BinaryIO

from openpyxl.utils import get_column_letter

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
        count=len(rows) if isinstance(rows, Sized) else None,
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


# --- a one-sheet XLSX writer ---------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_PARTS: dict[str, str] = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Cell styles: 0 plain, 1 header (bold, centred, wrapped), 2 text (number format 49 = "@").
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_MAIN}">'
        '<fonts count="2">'
        '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        "</fonts>"
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="3">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
        'applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_HEADER_STYLE = 1
_TEXT_STYLE = 2
_FLUSH_ROWS = 1000
_RTL = ' rightToLeft="1"'
# Characters a text cell cannot hold as they are: markup, characters XML 1.0 forbids (C0
# controls but tab and newline, lone surrogates, U+FFFE/U+FFFF), a carriage return (XML readers
# turn it into a newline) and whitespace at either end (kept with xml:space="preserve").
_NEEDS_CARE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|^\s|\s$")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _careful_text(text: str) -> str:
    """The rest of a `<t` tag and its content, for text that needs care: forbidden characters
    dropped (openpyxl refused them: the whole export failed), markup escaped."""
    text = _escape(_FORBIDDEN.sub("", text)).replace("\r", "&#13;")
    if text != text.strip():
        return f' xml:space="preserve">{text}'
    return f">{text}"


def _number(value: object) -> str | None:
    """The `<v>` text of a numeric cell, or None when the value is not a finite number."""
    if value.__class__ is int:
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(int(value))
    return None


def write_xlsx(
    out: BinaryIO,
    rows: Iterable[Sequence[object]],
    *,
    header: Sequence[str],
    title: str,
    widths: Sequence[float] = (),
    text_columns: frozenset[int] = frozenset(),
    rtl: bool = False,
    count: int | None = None,
) -> int:
    """An XLSX workbook of one sheet into `out`: a bold header row (frozen), then `rows`,
    streamed. Cells: str → text; int and finite float → number; None → empty; anything else
    (bool included) → its text. Columns in `text_columns` are always text cells with the text
    number format. `count` (the number of rows, when known) lets the sheet state its size.
    Returns the number of rows written."""
    columns = max(len(header), len(widths))
    if count is not None and count > 0:
        dimension = f'<dimension ref="A1:{get_column_letter(max(columns, 1))}{count + 1}"/>'
    else:
        dimension = ""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(widths, start=1)
    )
    head = (
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_REL}">{dimension}'
        f'<sheetViews><sheetView{_RTL if rtl else ""} workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
    )
    tail = (
        "</sheetData>"
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        "</worksheet>"
    )
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_REL}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets><sheet name="{_attribute(_sheet_title(title))}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    written = 0
    # Over 2 GiB of sheet XML (millions of rows) needs ZIP64 sizes, which some spreadsheet
    # programs read badly: only asked for when the stated count calls for it.
    big = count is not None and count > 1_000_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in _PARTS.items():
            archive.writestr(name, _XML_DECLARATION + xml)
        archive.writestr("xl/workbook.xml", _XML_DECLARATION + workbook)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=big) as sheet:
            sheet.write((_XML_DECLARATION + head).encode())
            sheet.write(_rows_xml([(1, header)], _HEADER_STYLE, frozenset(), columns).encode())
            chunk: list[tuple[int, Sequence[object]]] = []
            for number, values in enumerate(rows, start=2):
                chunk.append((number, values))
                if len(chunk) == _FLUSH_ROWS:
                    sheet.write(_rows_xml(chunk, 0, text_columns, columns).encode())
                    written += len(chunk)
                    chunk = []
            if chunk:
                sheet.write(_rows_xml(chunk, 0, text_columns, columns).encode())
                written += len(chunk)
            sheet.write(tail.encode())
    return written


@lru_cache(maxsize=64)
def _cell_prefixes(
    style: int, text_columns: frozenset[int], columns: int
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Per column: `<c r="B`, the rest of a text cell up to `<t`, the rest of a number cell."""
    opens, texts, numbers = [], [], []
    for index in range(columns):
        cell_style = _TEXT_STYLE if index in text_columns else style
        s = f' s="{cell_style}"' if cell_style else ""
        opens.append(f'<c r="{get_column_letter(index + 1)}')
        texts.append(f'"{s} t="inlineStr"><is><t')
        numbers.append(f'"{s}><v>')
    return tuple(opens), tuple(texts), tuple(numbers)


def _rows_xml(
    rows: list[tuple[int, Sequence[object]]],
    style: int,
    text_columns: frozenset[int],
    columns: int,
) -> str:
    """`<row>` elements; the hot loop of a large export (about 1.6 million cells a month)."""
    opens, texts, numbers = _cell_prefixes(style, text_columns, columns)
    needs_care = _NEEDS_CARE.search
    parts: list[str] = []
    append = parts.append
    for number, values in rows:
        r = str(number)
        append(f'<row r="{r}">')
        if len(values) > len(opens):
            opens, texts, numbers = _cell_prefixes(style, text_columns, len(values))
        for index, value in enumerate(values):
            if value.__class__ is not str:
                if value is None:
                    continue
                if index not in text_columns:
                    shown = _number(value)
                    if shown is not None:
                        append(f"{opens[index]}{r}{numbers[index]}{shown}</v></c>")
                        continue
                value = str(value)
            if needs_care(value) is None:
                append(f"{opens[index]}{r}{texts[index]}>{value}</t></is></c>")
            else:
                append(f"{opens[index]}{r}{texts[index]}{_careful_text(value)}</t></is></c>")
        append("</row>")
    return "".join(parts)


def _attribute(text: str) -> str:
    return _escape(_FORBIDDEN.sub("", text)).replace('"', "&quot;")


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
