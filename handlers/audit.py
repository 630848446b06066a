"""/audit: the log of every staff and admin action (who, what, when, before/after), newest first,
and its XLSX export.

Callback data (`aud:...`, staff only): `aud:page:<n>`, `aud:xp` (export the whole log).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot import callbacks, keyboards, sender
from bot.context import CoopContext
from bot.menu import ROLES_STAFF, Command, Registry
from bot.persian.jalali import format_datetime
from bot.replies import answer, chat_id_of, show
from bot.services.audit import actor_label, compact
from handlers.authz import staff_only

FEATURE = "aud"
PER_PAGE = 8
MAX_VALUES = 160
ACTION_KEYS = {
    "role.invite": "audit-action-role-invite",  # i18n
    "role.join": "audit-action-role-join",  # i18n
    "role.change": "audit-action-role-change",  # i18n
    "role.revoke": "audit-action-role-revoke",  # i18n
    "course.add": "audit-action-course-add",  # i18n
    "course.edit": "audit-action-course-edit",  # i18n
    "course.capacity": "audit-action-course-capacity",  # i18n
    "course.close": "audit-action-course-close",  # i18n
    "course.reopen": "audit-action-course-reopen",  # i18n
    "course_cancelled": "audit-action-course-cancelled",  # i18n
    "course.import": "audit-action-course-import",  # i18n
    "course.export": "audit-action-course-export",  # i18n
    "course.export_all": "audit-action-course-export-all",  # i18n
    "privacy.erase": "audit-action-privacy-erase",  # i18n
    "audit.export": "audit-action-audit-export",  # i18n
    "backup": "audit-action-backup",  # i18n
    "export.month": "audit-action-export-month",  # i18n
    "freeze": "audit-action-freeze",  # i18n
    "place": "audit-action-place",  # i18n
    "unplace": "audit-action-unplace",  # i18n
    "approve": "audit-action-approve",  # i18n
    "mark_sent": "audit-action-mark-sent",  # i18n
    "confirm": "audit-action-confirm",  # i18n
    "return_to_list": "audit-action-return-to-list",  # i18n
    "member_cancelled": "audit-action-member-cancelled",  # i18n
}


def action_label(ctx: CoopContext, action: str) -> str:
    key = ACTION_KEYS.get(action)
    return ctx.t(key) if key else action


def shorten(text: str) -> str:
    return text if len(text) <= MAX_VALUES else text[: MAX_VALUES - 1] + "…"


async def page_screen(update: Update, ctx: CoopContext, page: int) -> None:
    found = await ctx.services.admin.audit.page(page, PER_PAGE)
    lines = [ctx.t("audit-title", page=found.page + 1, pages=found.pages, total=found.total)]
    system = ctx.t("audit-system")
    for entry in found.entries:
        lines.append("")
        lines.append(
            ctx.t(
                "audit-entry",
                id=str(entry.id),
                when=format_datetime(entry.at, ctx.locale),
                who=actor_label(entry.actor_id, found.actors, system),
                what=action_label(ctx, entry.action),
                subject=entry.subject,
                subject_id=str(entry.subject_id),
            )
        )
        if entry.reason:
            lines.append(ctx.t("audit-reason", reason=shorten(entry.reason)))
        if entry.before or entry.after:
            lines.append(
                ctx.t(
                    "audit-change",
                    before=shorten(compact(entry.before)) or "—",
                    after=shorten(compact(entry.after)) or "—",
                )
            )
    if not found.entries:
        lines.append(ctx.t("audit-empty"))
    nav = []
    if found.page > 0:
        nav.append((ctx.t("audit-newer"), callbacks.encode(FEATURE, "page", found.page - 1)))
    if found.page + 1 < found.pages:
        nav.append((ctx.t("audit-older"), callbacks.encode(FEATURE, "page", found.page + 1)))
    rows = [nav] if nav else []
    rows.append([(ctx.t("audit-export"), callbacks.encode(FEATURE, "xp"))])
    rows.append([(ctx.t("admin-back"), callbacks.encode("adm", "menu"))])
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def export(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    audit = ctx.services.admin.audit
    data = await audit.export_xlsx(
        locale=ctx.locale,
        system=ctx.t("audit-system"),
        action_label=lambda action: action_label(ctx, action),
    )
    await audit.record(member.id, "audit.export", "audit")
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, "audit-log.xlsx", ctx.t("audit-export-caption")
    )


@staff_only
async def command(update: Update, ctx: CoopContext) -> None:
    await page_screen(update, ctx, 0)


@staff_only
async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    await answer(query)
    if data is not None and data.action == "xp":
        await export(update, ctx)
        return
    page = data.int_arg(0) if data is not None else None
    await page_screen(update, ctx, page or 0)


def register(app: Application, registry: Registry) -> None:
    registry.add_command(Command("audit", "audit-cmd", ROLES_STAFF))
    app.add_handler(CommandHandler("audit", command))
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(FEATURE)))
