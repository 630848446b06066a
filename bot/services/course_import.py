"""Courses in bulk, for the office PC: an XLSX template to fill, the import of a filled file
(every row checked, a row-by-row report, nothing imported unless every row is valid) and the
export of the catalogue in the same form (export, edit, import again: courses are matched by
`ref`).

The first sheet is exactly the catalogue file of the courses feature (bot/services/catalogue.py:
a header row of field names, one course per row), so the same file also loads with
`python -m bot.services.catalogue FILE`; a second sheet explains every column. A row without
`ref` is a new course (the bot gives it one; the export shows it).
"""

from __future__ import annotations

import asyncio
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.i18n import localize_digits
from bot.services.catalogue import FIELDS, MAX_COURSES, CatalogueError, read_xlsx
from bot.services.cells import as_text, xlsx_row
from bot.services.course_admin import (
    CHOICES,
    SCHEDULE_FIELDS,
    CourseInvalid,
    CourseStaffService,
    Problem,
    audit_change,
    audit_view,
    build,
    changed_fields,
    new_ref,
    raw_of,
    sessions_text,
)
from bot.services.course_notices import CourseNotices
from bot.services.registration import RegistrationService
from bot.services.roles import require_staff
from storage.audit import AuditRepo
from storage.courses import Course, CourseData, CoursesRepo
from storage.members import Member
from storage.registrations import SEAT_HOLDING, RegistrationsRepo

MAX_ROWS = MAX_COURSES
MAX_BYTES = 5 * 1024 * 1024  # the file as sent; unpacked and row limits: sheet_guard.py
Translate = Callable[[str], str]

# Column help of the template, one text per field (a literal table for the locale test).
GUIDE_KEYS: dict[str, str] = {
    "ref": "course-import-col-ref",
    "standard_code": "course-import-col-standard-code",
    "title_fa": "course-import-col-title-fa",
    "title_en": "course-import-col-title-en",
    "topic": "course-import-col-topic",
    "provider_kind": "course-import-col-provider-kind",
    "provider_name": "course-import-col-provider-name",
    "provider_address": "course-import-col-provider-address",
    "provider_phone": "course-import-col-provider-phone",
    "province": "course-import-col-province",
    "county": "course-import-col-county",
    "delivery_mode": "course-import-col-delivery-mode",
    "start": "course-import-col-start",
    "end": "course-import-col-end",
    "sessions": "course-import-col-sessions",
    "total_hours": "course-import-col-total-hours",
    "capacity": "course-import-col-capacity",
    "deadline": "course-import-col-deadline",
}
EXAMPLE: dict[str, Any] = {
    "ref": "",
    "standard_code": "0012345678",
    "title_fa": "حسابداری مقدماتی",
    "title_en": "Basic accounting",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز آموزش فنی و حرفه‌ای شماره ۱ تهران",
    "provider_address": "تهران، خیابان آزادی",
    "provider_phone": "02166000000",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1404/10/01",
    "end": "1404/11/30",
    "sessions": "شنبه 09:00-12:00; دوشنبه 09:00-12:00",
    "total_hours": 48,
    "capacity": 25,
    "deadline": "1404/09/25",
}
TEXT_FORMAT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

RowAction = Literal["add", "update"]


@dataclass(frozen=True)
class RowReport:
    row: int  # the sheet row (the header is row 1)
    ref: str | None
    title: str
    action: RowAction | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    file_problems: tuple[Problem, ...] = ()
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_problems and all(r.ok for r in self.rows) and bool(self.rows)

    @property
    def added(self) -> int:
        return sum(r.action == "add" for r in self.rows) if self.imported else 0

    @property
    def updated(self) -> int:
        return sum(r.action == "update" for r in self.rows) if self.imported else 0

    @property
    def invalid_rows(self) -> list[RowReport]:
        return [r for r in self.rows if not r.ok]


def sheet_title(text: str) -> str:
    """Excel sheet names: 1–31 characters, none of []:*?/\\."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in text).strip()
    return (cleaned or "Sheet")[:31]


def cell_value(field_name: str, raw: dict[str, Any]) -> Any:
    value = raw.get(field_name)
    if field_name == "sessions" and isinstance(value, list):
        return sessions_text(value)
    return "" if value is None else value


def _sheet(book: Workbook, rows: list[dict[str, Any]], translate: Translate, rtl: bool) -> None:
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = "courses"
    sheet.sheet_view.rightToLeft = rtl
    for index, name in enumerate(FIELDS, start=1):
        cell = sheet.cell(row=1, column=index, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.comment = Comment(translate(GUIDE_KEYS[name]), "coopbot")
        sheet.column_dimensions[get_column_letter(index)].width = 16 if name != "sessions" else 34
    sheet.freeze_panes = "A2"
    for number, raw in enumerate(rows, start=2):
        for index, name in enumerate(FIELDS, start=1):
            cell = as_text(sheet.cell(row=number, column=index, value=cell_value(name, raw)))
            if name not in ("total_hours", "capacity"):
                cell.number_format = TEXT_FORMAT  # codes, phones and dates stay text
    # Empty rows below keep the text format, so a typed code keeps its leading zeros.
    for number in range(len(rows) + 2, len(rows) + 202):
        for index, name in enumerate(FIELDS, start=1):
            if name not in ("total_hours", "capacity"):
                sheet.cell(row=number, column=index).number_format = TEXT_FORMAT


def _guide(book: Workbook, translate: Translate, rtl: bool) -> None:
    sheet = book.create_sheet(title=sheet_title(translate("course-import-guide-sheet")))
    sheet.sheet_view.rightToLeft = rtl
    header = (
        translate("course-import-guide-column"),
        translate("course-import-guide-meaning"),
        translate("course-import-guide-example"),
    )
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    locale = "fa" if rtl else "en"  # the Persian template is the right-to-left one
    for name in FIELDS:
        # Examples in the reader's digits: the importer reads Persian and Arabic digits too.
        example = localize_digits(cell_value(name, EXAMPLE), locale)
        sheet.append(xlsx_row(sheet, [name, translate(GUIDE_KEYS[name]), example]))
    sheet.append([])
    sheet.append(["topic", " | ".join(CHOICES["topic"]), ""])
    sheet.append(["provider_kind", " | ".join(CHOICES["provider_kind"]), ""])
    sheet.append(["delivery_mode", " | ".join(CHOICES["delivery_mode"]), ""])
    sheet.append([])
    sheet.append([translate("course-import-guide-rules")])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 40
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def workbook_bytes(rows: list[dict[str, Any]], translate: Translate, *, rtl: bool) -> bytes:
    book = Workbook()
    _sheet(book, rows, translate, rtl)
    _guide(book, translate, rtl)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read_rows(data: bytes) -> tuple[list[tuple[int, dict[str, Any]]], tuple[Problem, ...]]:
    """The rows of the first sheet (through the catalogue's own reader, within the bounds of
    bot/services/sheet_guard.py), or one file problem. Synchronous and CPU-bound: the service
    runs it in a thread."""
    if not data:
        return [], (Problem("file", "empty"),)
    if len(data) > MAX_BYTES:
        return [], (Problem("file", "too_big", str(MAX_BYTES // (1024 * 1024))),)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "courses.xlsx"
        path.write_bytes(data)
        try:
            rows = read_xlsx(path, MAX_ROWS)
        except CatalogueError as exc:
            return [], (Problem("file", exc.code, exc.detail),)
    if not rows:
        return [], (Problem("file", "empty"),)
    return rows, ()


@dataclass(frozen=True)
class _Built:
    """One row checked on its own and against the rows above it (no database needed)."""

    row: int
    ref: str | None  # as written; None: a new course (`course` carries the ref it gets)
    title: str
    course: CourseData | None
    problems: tuple[Problem, ...]


def build_rows(rows: list[tuple[int, dict[str, Any]]], now: datetime) -> list[_Built]:
    """Every row built and checked, refs repeated in the file found. Synchronous and CPU-bound:
    the service runs it in a thread, next to `read_rows`."""
    out: list[_Built] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        ref = str(raw["ref"]).strip() if raw.get("ref") not in (None, "") else None
        title = str(raw.get("title_fa") or raw.get("title_en") or "")
        problems: list[Problem] = []
        if ref is not None and ref in seen:
            problems.append(Problem("ref", "duplicate_ref", str(seen[ref])))
        if ref is not None:
            seen.setdefault(ref, number)
        course: CourseData | None = None
        try:
            course = build({**raw, "ref": ref or new_ref(now) + f"-{number}"})
        except CourseInvalid as exc:
            problems.extend(exc.problems)
        out.append(_Built(number, ref, title, course, tuple(problems)))
    return out


def read_and_build(data: bytes, now: datetime) -> tuple[list[_Built], tuple[Problem, ...]]:
    rows, file_problems = read_rows(data)
    return ([], file_problems) if file_problems else (build_rows(rows, now), ())


def _changes(
    afters: list[dict[str, Any]],
    rows: list[RowReport],
    before: dict[str, Course],
    ids: dict[str, int],
) -> tuple[list[dict[str, Any]], list[Course], list[int]]:
    """What an import did, course by course in row order (`afters`: each written course as raw
    values): the audit entries (a new course in full, a changed one by its changed fields, an
    unchanged one none), the courses with a new capacity (waitlisted people may get a seat) and
    those with a new schedule (reminders)."""
    entries: list[dict[str, Any]] = []
    more_seats: list[Course] = []
    touched: list[int] = []
    for after_raw, row in zip(afters, rows, strict=True):
        ref = after_raw["ref"]
        reason = f"row {row.row}"
        old = before.get(ref)
        if old is None:
            entries.append(
                {"subject_id": ids[ref], "reason": reason, "after": audit_view(after_raw)}
            )
            continue
        before_raw = raw_of(old)
        changed = changed_fields(before_raw, after_raw)
        if not changed:
            continue
        change = audit_change(before_raw, after_raw, changed)
        entries.append({"subject_id": old.id, "reason": reason, **change})
        if "capacity" in changed and old.status != "cancelled":
            more_seats.append(old)
        if SCHEDULE_FIELDS.intersection(changed):
            touched.append(old.id)
    return entries, more_seats, touched


def raws(items: list[CourseData]) -> list[dict[str, Any]]:
    """Courses as raw values (CPU only: the service runs it in a thread)."""
    return [raw_of(item) for item in items]


class CourseImportService(CourseStaffService):
    def template(self, translate: Translate, *, rtl: bool = True) -> tuple[str, bytes]:
        return "courses-template.xlsx", workbook_bytes([], translate, rtl=rtl)

    async def export(
        self, actor: Member | None, translate: Translate, *, rtl: bool = True
    ) -> tuple[str, bytes]:
        """Every course that is not cancelled, in the template's form."""
        if actor is not None:
            require_staff(actor)
        async with self.db.read() as conn:
            found = await CoursesRepo(conn).listing(statuses=("open", "full", "closed"))
        rows = [raw_of(course) for course in found]
        data = workbook_bytes(rows, translate, rtl=rtl)
        await self._record(actor, "course.export_all", "catalogue", 0, {"courses": len(rows)})
        return "courses.xlsx", data

    async def check(self, data: bytes) -> tuple[ImportReport, list[CourseData]]:
        """Every row checked; the courses to write when all are valid. The file is read and
        every row built in a thread (other chats go on); the database is asked in bulk."""
        built, file_problems = await asyncio.to_thread(read_and_build, data, self.clock.now())
        if file_problems:
            return ImportReport(file_problems=file_problems), []
        async with self.db.read() as conn:
            existing = await CoursesRepo(conn).by_refs(b.ref for b in built if b.ref is not None)
            ids = [existing[b.ref].id for b in built if b.course and b.ref in existing]
            taken = await RegistrationsRepo(conn).counts_by_course(ids, SEAT_HOLDING)
        reports: list[RowReport] = []
        for b in built:
            problems = list(b.problems)
            found = existing.get(b.ref) if b.ref is not None else None
            if b.course is not None and found is not None:
                held = taken.get(found.id, 0)
                if b.course.capacity < held:
                    problems.append(Problem("capacity", "below_taken", str(held)))
            action: RowAction = "update" if found is not None else "add"
            reports.append(RowReport(b.row, b.ref, b.title, action, tuple(problems)))
        report = ImportReport(rows=reports)
        if not report.ok:
            return report, []
        return report, [b.course for b in built if b.course is not None]

    async def import_xlsx(self, actor: Member | None, data: bytes) -> ImportReport:
        """Import a filled template: all rows or none. `actor` None is the command line.

        Everything is checked before the write transaction; in it, a few bulk statements (the
        courses there by ref, the new ones inserted and the others updated, the audit entries),
        so other chats wait for the write lock a moment, not for the whole file."""
        if actor is not None:
            require_staff(actor)
        report, items = await self.check(data)
        if not report.ok:
            return report
        afters = await asyncio.to_thread(raws, items)  # what is written, as the audit shows it
        now = self.clock.now()
        async with self.db.write() as conn:
            courses = CoursesRepo(conn)
            before = await courses.by_refs(item.ref for item in items if item.ref is not None)
            ids = await courses.upsert_many(items, before, now)
            entries, more_seats, touched = _changes(afters, report.rows, before, ids)
            await AuditRepo(conn).add_many(
                at=now,
                actor_id=actor.id if actor else None,
                action="course.import",
                subject="course",
                entries=entries,
            )
            notices = CourseNotices(conn)
            for course in more_seats:
                await self._more_seats(conn, course, now, notices)
        await self._replan(*touched)
        return ImportReport(rows=report.rows, imported=True)

    async def _more_seats(
        self, conn: AsyncConnection, course: Course, now: datetime, notices: CourseNotices
    ) -> None:
        locked = await CoursesRepo(conn).get_for_update(course.id)
        assert locked is not None
        await self.registration.fill_free_seats(conn, locked, now, notices)
        await RegistrationService.sync_course_status(conn, locked, now)
