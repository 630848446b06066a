"""A course's lists as one XLSX for the office's work with TVTO: national IDs and mobiles in full
and as text; the export is recorded in the audit log."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bot.persian.jalali import format_date_numeric
from bot.services.cells import as_text, xlsx_row
from bot.services.course_admin.lists import CourseLists
from bot.services.roles import require_staff
from storage.courses import CoursesRepo
from storage.members import Member


class PeopleExport(CourseLists):
    async def export_people(
        self,
        actor: Member,
        course_id: int,
        *,
        headers: dict[str, str],
        status_label: Callable[[str], str] | None = None,
    ) -> tuple[str, bytes] | None:
        """(file name, XLSX) of every list of the course, IDs in full and as text (the office
        sends them to TVTO). Exporting personal data is recorded in the audit log."""
        require_staff(actor)
        async with self.db.read() as conn:
            course = await CoursesRepo(conn).get(course_id)
        if course is None:
            return None
        book = Workbook(write_only=True)
        columns = ("row", "name", "national_id", "mobile", "cooperative", "status", "score", "date")
        counts = {}
        for listing in ("registrants", "waitlist", "nominees", "cancelled"):
            people = await self.people(course_id, listing, reveal=True)
            counts[listing] = len(people)
            sheet = book.create_sheet(title=headers.get(f"sheet-{listing}", listing)[:31])
            sheet.sheet_view.rightToLeft = headers.get("rtl") == "yes"
            header = []
            for column in columns:
                cell = WriteOnlyCell(sheet, value=headers.get(column, column))
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
            for number, person in enumerate(people, start=1):
                row: list[Any] = [number, person.name]
                for value in (person.national_id, person.mobile):
                    cell = as_text(WriteOnlyCell(sheet, value=value))
                    cell.number_format = "@"
                    row.append(cell)
                row += [
                    person.cooperative,
                    status_label(person.status) if status_label else person.status,
                    round(person.need_score, 2),
                    format_date_numeric(person.requested_at, "en"),
                ]
                sheet.append(xlsx_row(sheet, row))  # a typed name stays text (cells.py)
        buffer = io.BytesIO()
        book.save(buffer)
        await self._record(actor, "course.export", "course", course_id, counts)
        return f"course-{course_id}-people.xlsx", buffer.getvalue()
