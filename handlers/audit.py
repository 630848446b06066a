"""/audit: the log of every staff and admin action (who, what, when, before/after), newest first,
and its XLSX export.

Callback data (`aud:...`, staff only): `aud:page:<n>`, `aud:xp` (export the whole log).
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.chat import audit_texts, callbacks, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, pressed, show
from bot.persian.jalali import format_datetime
from bot.services.audit import describe_action
from handlers.features import Feature
from handlers.registration import Registrar

PER_PAGE = 8
MAX_VALUES = 160


def action_label(ctx: CoopContext, action: str) -> str:
    return describe_action(ctx.t, action)


def shorten(text: str) -> str:
    return text if len(text) <= MAX_VALUES else text[: MAX_VALUES - 1] + "…"


def value_text(ctx: CoopContext, key: str, value: Any, subject: str = "") -> str:
    return audit_texts.value_text(ctx, key, value, subject)


def changes_text(ctx: CoopContext, values: dict[str, Any] | None, subject: str = "") -> str:
    return audit_texts.changes_text(ctx, values, subject)


def reason_text(ctx: CoopContext, reason: str) -> str:
    return audit_texts.reason_text(ctx, reason)


def subject_text(ctx: CoopContext, subject: str, subject_id: int) -> str:
    return audit_texts.subject_text(ctx, subject, subject_id)


def actor_text(ctx: CoopContext, actor_id: int | None, actors: dict) -> str:
    return audit_texts.actor_text(ctx, actor_id, actors)


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
    data = await audit.export_xlsx(reader=ctx)  # in the reader's words
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
