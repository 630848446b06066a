"""/audit: the log of every staff and admin action (who, what, when, before/after), newest first,
and its XLSX export.

Callback data (`aud:...`, staff only): `aud:page:<n>`, `aud:xp` (export the whole log).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from telegram import Update

from bot.chat import callbacks, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.course_texts import FIELD_KEYS
from bot.chat.replies import answer, chat_id_of, pressed, show
from bot.persian.jalali import format_datetime
from bot.services.audit import describe_action
from handlers.course_admin import value_display as course_value
from handlers.features import Feature
from handlers.registration import Registrar

PER_PAGE = 8
MAX_VALUES = 160


def action_label(ctx: CoopContext, action: str) -> str:
    return describe_action(ctx.t, action)


def shorten(text: str) -> str:
    return text if len(text) <= MAX_VALUES else text[: MAX_VALUES - 1] + "…"


_ISO_TIME = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}")
_SESSION = re.compile("([A-Za-z]+) ([0-9]{1,2}:[0-9]{2})-([0-9]{1,2}:[0-9]{2})")
_FIGURES = re.compile("[0-9][0-9.,:/-]*")


def _label(ctx: CoopContext, key: str) -> str:
    """What a recorded detail is called: a course field's name, or `audit-field-<key>`."""
    if key in FIELD_KEYS:
        return ctx.t(FIELD_KEYS[key])
    text_key = "audit-field-" + key.replace("_", "-")
    return ctx.t(text_key) if ctx.services.translator.has(text_key, ctx.locale) else key


# Recorded codes shown in words, by the detail that holds them: `audit-status-<subject>-<code>`
# (a registration's, a month's, a course's, a broadcast's status), `audit-kind-<code>`, ...;
# worded for the office, not the member's own status texts. An unknown code shows as recorded.
_CODED = {
    "status": "audit-status-{subject}-{code}",
    "kind": "audit-kind-{code}",
    "platform": "audit-platform-{code}",
    "course_groups": "audit-group-{code}",
}


def code_text(ctx: CoopContext, subject: str, key: str, code: str) -> str | None:
    """A recorded code (a status, a kind) in the reader's words, or None for an unknown one."""
    if key == "reason" and subject == "entry":  # why a monthly-list row is (not) placed
        pattern = "audit-entry-reason-{code}"
    elif key in _CODED:
        pattern = _CODED[key]
    else:
        return None
    text_key = pattern.format(subject=subject, code=code).replace("_", "-")
    return ctx.t(text_key) if ctx.services.translator.has(text_key, ctx.locale) else None


def value_text(ctx: CoopContext, key: str, value: Any, subject: str = "") -> str:
    """One recorded value as a person reads it: times in Jalali Tehran time, yes/no, roles,
    statuses and other codes by name (of `subject`'s kind), figures in the reader's digits;
    texts people typed (titles, reasons) as they are."""
    if value is None or value == "":
        return "—"
    if key == "sessions" and isinstance(value, str):  # kept as «Saturday 09:00-12:00; …»
        parts = ("day", "start", "end")
        value = [dict(zip(parts, found, strict=True)) for found in _SESSION.findall(value)]
    if key in FIELD_KEYS:
        return course_value(ctx, key, value)  # a course field, as the course dialog shows it
    if isinstance(value, bool):
        return ctx.t("audit-yes" if value else "audit-no")
    if isinstance(value, int | float):  # ungrouped: years, months and ids read as written
        return ctx.digits(value if isinstance(value, int) else f"{value:g}")
    if isinstance(value, list):
        return "، ".join(value_text(ctx, key, v, subject) for v in value) if value else "—"
    if isinstance(value, dict):
        return changes_text(ctx, value, subject)
    text = str(value)
    if _ISO_TIME.match(text):
        try:
            return format_datetime(datetime.fromisoformat(text), ctx.locale)
        except ValueError:
            pass
    role_key = f"staff-role-{text}"
    if key == "role" and ctx.services.translator.has(role_key, ctx.locale):
        return ctx.t(role_key)
    named = code_text(ctx, subject, key, text)
    if named is not None:
        return named
    if _FIGURES.fullmatch(text):  # a date, a time, a code: figures only
        return ctx.digits(text)
    return text


def changes_text(ctx: CoopContext, values: dict[str, Any] | None, subject: str = "") -> str:
    """«ظرفیت: ۲۰، جای گرفته: ۱۸» instead of the stored JSON; `subject` (an entry's, e.g.
    "registration") says whose statuses they are."""
    if not values:
        return "—"
    separator = "، " if ctx.locale == "fa" else ", "
    return separator.join(
        f"{_label(ctx, key)}: {value_text(ctx, key, value, subject)}"
        for key, value in values.items()
    )


_IMPORT_ROW = re.compile("row ([0-9]+)")


def reason_text(ctx: CoopContext, reason: str) -> str:
    """A reason staff typed, as typed; the importer's «row N» in the reader's words."""
    row = _IMPORT_ROW.fullmatch(reason)
    return ctx.t("audit-reason-row", row=int(row.group(1))) if row else reason


def subject_text(ctx: CoopContext, subject: str, subject_id: int) -> str:
    """«دوره ۱۲», «فهرست ماهانه ۳»; an entry about the whole thing (id 0) shows no number."""
    key = "audit-subject-" + subject.replace("_", "-")
    name = ctx.t(key) if ctx.services.translator.has(key, ctx.locale) else subject
    return f"{name} {ctx.digits(subject_id)}" if subject_id else name


def actor_text(ctx: CoopContext, actor_id: int | None, actors: dict) -> str:
    """A staff member's messenger name and their number here; no actor is the system."""
    if actor_id is None:
        return ctx.t("audit-system")
    member = actors.get(actor_id)
    name = " ".join(p for p in (member.first_name, member.last_name) if p) if member else ""
    number = f"#{ctx.digits(actor_id)}"
    return f"{name} ({number})" if name else number


async def page_screen(update: Update, ctx: CoopContext, page: int) -> None:
    found = await ctx.services.admin.audit.page(page, PER_PAGE)
    lines = [ctx.t("audit-title", page=found.page + 1, pages=found.pages, total=found.total)]
    named = ctx.services.admin.audit.named
    for entry in found.entries:
        lines.append("")
        lines.append(
            ctx.t(
                "audit-entry",
                id=ctx.digits(entry.id),
                when=format_datetime(entry.at, ctx.locale),
                who=actor_text(ctx, entry.actor_id, found.actors),
                what=action_label(ctx, entry.action),
                subject=subject_text(ctx, entry.subject, entry.subject_id),
            )
        )
        if entry.reason:
            lines.append(ctx.t("audit-reason", reason=shorten(reason_text(ctx, entry.reason))))
        if entry.before or entry.after:
            before, after = (
                shorten(changes_text(ctx, named(values, ctx.locale), entry.subject))
                for values in (entry.before, entry.after)
            )
            lines.append(ctx.t("audit-change", before=before, after=after))
    if not found.entries:
        lines.append(ctx.t("audit-empty"))
    nav = []
    if found.page > 0:
        nav.append((ctx.t("audit-newer"), callbacks.encode(Feature.AUDIT, "page", found.page - 1)))
    if found.page + 1 < found.pages:
        nav.append((ctx.t("audit-older"), callbacks.encode(Feature.AUDIT, "page", found.page + 1)))
    rows = [nav] if nav else []
    rows.append([(ctx.t("audit-export"), callbacks.encode(Feature.AUDIT, "xp"))])
    rows.append([(ctx.t("admin-back"), callbacks.encode(Feature.ADMIN, "menu"))])
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def export(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    audit = ctx.services.admin.audit
    data = await audit.export_xlsx(locale=ctx.locale, translate=ctx.t)
    await audit.record(member.id, "audit.export", "audit")
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, "audit-log.xlsx", ctx.t("audit-export-caption")
    )


async def command(update: Update, ctx: CoopContext) -> None:
    await page_screen(update, ctx, 0)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = await pressed(update, ctx, "page", "xp")
    if data is None:
        return
    await answer(query)
    if data.action == "xp":
        await export(update, ctx)
        return
    await page_screen(update, ctx, data.int_arg(0) or 0)


def register(r: Registrar) -> None:
    r.command("audit", command, "audit-cmd", role="staff")
    r.buttons(Feature.AUDIT, on_callback, role="staff")
