"""The audit log of staff and admin actions: writing an entry, reading pages, exporting XLSX.

Services that change something write their entry INSIDE their own write transaction
(`audit(conn, now, actor_id, action, subject, subject_id, after=...)`), so the change and its
record commit together; `AuditService.record()` is for actions that change nothing else (an
export, a backup).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.clock import Clock
from bot.persian.jalali import format_date_numeric, format_time
from bot.persian.normalize import normalize_text
from bot.questionnaire.loader import bundled_places
from bot.questionnaire.places import Places
from bot.services.cells import as_text, xlsx_row
from storage.audit import AuditEntry, AuditRepo
from storage.engine import Database
from storage.members import Member, MembersRepo

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from bot.chat.reader import Reader

HEADERS = {
    "fa": (
        "شماره",
        "تاریخ",
        "ساعت",
        "انجام‌دهنده",
        "کار",
        "موضوع",
        "شناسه",
        "دلیل",
        "پیش از",
        "پس از",
    ),
    "en": ("No.", "Date", "Time", "By", "Action", "Subject", "Id", "Reason", "Before", "After"),
}
WIDTHS = (8, 12, 7, 26, 22, 14, 8, 30, 40, 40)
# The export for people (a reader given): one column of changes, a line per detail.
READABLE_HEADERS = {
    "fa": (*HEADERS["fa"][:8], "تغییرات"),
    "en": (*HEADERS["en"][:8], "Changes"),
}
READABLE_WIDTHS = (8, 12, 7, 26, 26, 16, 8, 30, 60)
# What each action is called (a literal table for the locale test); others show as recorded.
ACTION_KEYS = {
    "role.invite": "audit-action-role-invite",
    "role.join": "audit-action-role-join",
    "role.change": "audit-action-role-change",
    "role.revoke": "audit-action-role-revoke",
    "role.admins_setting": "audit-action-role-admins-setting",
    "course.add": "audit-action-course-add",
    "course.edit": "audit-action-course-edit",
    "course.capacity": "audit-action-course-capacity",
    "course.close": "audit-action-course-close",
    "course.reopen": "audit-action-course-reopen",
    "course_cancelled": "audit-action-course-cancelled",
    "course.import": "audit-action-course-import",
    "course.export": "audit-action-course-export",
    "course.export_all": "audit-action-course-export-all",
    "privacy.erase": "audit-action-privacy-erase",
    "audit.export": "audit-action-audit-export",
    "backup": "audit-action-backup",
    "export.month": "audit-action-export-month",
    "freeze": "audit-action-freeze",
    "place": "audit-action-place",
    "unplace": "audit-action-unplace",
    "approve": "audit-action-approve",
    "mark_sent": "audit-action-mark-sent",
    "confirm": "audit-action-confirm",
    "return_to_list": "audit-action-return-to-list",
    "tvto_reject": "audit-action-tvto-reject",
    "member_cancelled": "audit-action-member-cancelled",
    "broadcast.create": "audit-action-broadcast-create",
    "broadcast.schedule": "audit-action-broadcast-schedule",
    "broadcast.start": "audit-action-broadcast-start",
    "broadcast.cancel": "audit-action-broadcast-cancel",
    "broadcast.stop": "audit-action-broadcast-stop",
}


async def audit(
    conn: AsyncConnection,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject: str,
    subject_id: int = 0,
    **details: Any,
) -> int:
    """Write one entry in the caller's transaction (with the change it records); `details`:
    reason, before, after (dicts of what changed). Returns its id."""
    return await AuditRepo(conn).add(
        at=at,
        actor_id=actor_id,
        action=action,
        subject=subject,
        subject_id=subject_id,
        **details,
    )


def describe_action(translate: Callable[[str], str], action: str) -> str:
    key = ACTION_KEYS.get(action)
    return translate(key) if key else action


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    per_page: int
    actors: dict[int, Member]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def actor_label(actor_id: int | None, actors: dict[int, Member], system: str) -> str:
    """A staff member's messenger name (they act for the office), else #id; None is the system."""
    if actor_id is None:
        return system
    member = actors.get(actor_id)
    name = " ".join(p for p in (member.first_name, member.last_name) if p) if member else ""
    return f"{name} (#{actor_id})" if name else f"#{actor_id}"


def compact(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def place_names(values: Any, places: Places, locale: str) -> Any:
    """`values` with every `province` and `county` (stored as ids, e.g. a broadcast's audience)
    named in `locale`'s words, at any depth; everything else as recorded."""
    if isinstance(values, list):
        return [place_names(v, places, locale) for v in values]
    if not isinstance(values, dict):
        return values
    out = {k: place_names(v, places, locale) for k, v in values.items()}
    province = values.get("province")
    if isinstance(province, str):
        out["province"] = places.province_name(province, locale)
        if isinstance(values.get("county"), str):
            out["county"] = places.county_name(province, values["county"], locale)
    return out


class AuditService:
    def __init__(self, db: Database, clock: Clock, places: Places | None = None) -> None:
        self.db = db
        self.clock = clock
        self.places = places or bundled_places()

    def named(self, values: dict[str, Any] | None, locale: str) -> dict[str, Any] | None:
        """An entry's before/after with places by name in `locale`."""
        # place_names keeps the shape: a dict stays a dict, None stays None
        return cast("dict[str, Any] | None", place_names(values, self.places, locale))

    def shown(self, values: dict[str, Any] | None, locale: str) -> str:
        """An entry's before/after as one line, places by name in `locale` (the export)."""
        return compact(self.named(values, locale))

    async def record(
        self, actor_id: int | None, action: str, subject: str, subject_id: int = 0, **details: Any
    ) -> int:
        """An entry for an action that changes nothing else (an export, a backup), in a
        transaction of its own; `details`: reason, before, after."""
        async with self.db.write() as conn:
            return await audit(
                conn, self.clock.now(), actor_id, action, subject, subject_id, **details
            )

    async def page(
        self,
        page: int = 0,
        per_page: int = 8,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        actor_id: int | None = None,
        action_prefix: str | None = None,
        search: str | None = None,
    ) -> AuditPage:
        """Newest first. `search`: words typed by staff (Persian letters and digits normalised),
        found in the action, subject, reason, values, or the actor's name (storage/audit.py)."""
        search = normalize_text(search)[:100] if search else None
        filters: dict[str, Any] = {
            "since": since,
            "until": until,
            "actor_id": actor_id,
            "action_prefix": action_prefix,
            "search": search or None,
        }
        async with self.db.read() as conn:
            repo = AuditRepo(conn)
            total = await repo.count(**filters)
            last_page = max(0, (total - 1) // per_page)
            page = min(max(page, 0), last_page)
            entries = await repo.page(limit=per_page, offset=page * per_page, **filters)
            actors = await self._actors(conn, {e.actor_id for e in entries})
        return AuditPage(entries, total, page, per_page, actors)

    async def for_subject(self, subject: str, subject_id: int) -> list[AuditEntry]:
        async with self.db.read() as conn:
            return await AuditRepo(conn).for_subject(subject, subject_id)

    @staticmethod
    async def _actors(
        conn: AsyncConnection, ids: set[int] | set[int | None]
    ) -> dict[int, Member]:
        repo = MembersRepo(conn)
        found = {}
        for member_id in sorted(i for i in ids if i is not None):
            member = await repo.get_by_id(member_id)
            if member is not None:
                found[member_id] = member
        return found

    def _readable(self, sheet: WriteOnlyWorksheet, r: Reader, entry: AuditEntry) -> list[object]:
        """Subject, id, reason and the changes of one entry, for people (export_xlsx)."""
        from bot.chat import audit_texts  # presentation shared with /audit (imports services)

        changes = audit_texts.change_lines(
            r,
            self.named(entry.before, r.locale),
            self.named(entry.after, r.locale),
            entry.subject,
        )
        cell = as_text(WriteOnlyCell(sheet, value=changes))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        return [
            audit_texts.subject_text(r, entry.subject, 0),
            entry.subject_id,
            audit_texts.reason_text(r, entry.reason) if entry.reason else "",
            cell,
        ]

    async def export_xlsx(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        locale: str = "fa",
        translate: Callable[[str], str] | None = None,
        reader: Reader | None = None,
    ) -> bytes:
        """The whole log of the period (oldest first) as an XLSX sheet; with `translate` (bound
        to the reader's language) actions are named in words, before/after as compact JSON.

        With `reader` (office staff: the chat's /audit, the web page, `coopbot export audit`)
        everything reads in the reader's language: actions and subjects in words, and one
        column of changes, a line per detail «field: old → new» with the fields' names, values
        in words and Jalali dates (bot/chat/audit_texts.py, as /audit shows them)."""
        if reader is not None:
            locale, translate = reader.locale, reader.t
        system = translate("audit-system") if translate else "—"
        locale = "en" if locale == "en" else "fa"
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title="audit")
        sheet.sheet_view.rightToLeft = locale == "fa"
        titles = HEADERS[locale] if reader is None else READABLE_HEADERS[locale]
        widths = WIDTHS if reader is None else READABLE_WIDTHS
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        header = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            header.append(cell)
        sheet.append(header)
        async with self.db.read() as conn:
            repo = AuditRepo(conn)
            actors = await self._actors(conn, set(await repo.actor_ids(since=since, until=until)))
            async for entry in repo.stream(since=since, until=until):
                first = [
                    entry.id,
                    format_date_numeric(entry.at, "en"),
                    format_time(entry.at, "en"),
                    actor_label(entry.actor_id, actors, system),
                    describe_action(translate, entry.action) if translate else entry.action,
                ]
                if reader is None:
                    rest: list[object] = [
                        entry.subject,
                        entry.subject_id,
                        entry.reason or "",
                        self.shown(entry.before, locale),
                        self.shown(entry.after, locale),
                    ]
                else:
                    rest = self._readable(sheet, reader, entry)
                # typed names, titles and reasons stay text (cells.py)
                sheet.append(xlsx_row(sheet, first + rest))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
