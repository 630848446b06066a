"""/broadcasts: past and scheduled broadcasts with their reports; export, edit, cancel.

Staff and admins only; every press re-checks the role and the broadcast's status.
Callback data `bcs:<action>[:<arg>]`:
- `bcs:list:<offset>`                  the list (latest first, a page at a time)
- `bcs:open:<id>`                      one broadcast: status, audience, times, report, actions
- `bcs:xlsx:<id>` / `bcs:csv:<id>`     the per-recipient outcome as a file
- `bcs:cancel:<id>` / `bcs:cancelok:<id>`   cancel a scheduled one (with a confirmation step)
Editing a scheduled broadcast reuses /broadcast's screens (`bc:aud:<id>`, `bc:sch:<id>`), and a
broadcast being sent has its Stop button (`bc:stop:<id>`).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.background.broadcast_progress import progress_text
from bot.chat import callbacks, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.menu import ROLES_STAFF, Command, MenuEntry, Registry
from bot.chat.replies import answer, chat_id_of, pressed, reply, show
from bot.persian.jalali import format_datetime
from bot.services.broadcast import Broadcast, NotAllowed, export_outcomes
from handlers import broadcast
from handlers.authz import staff_now
from handlers.broadcast import audience_lines, refuse

FEATURE = "bcs"
PAGE = 8

STATUS_KEYS = {
    "draft": "broadcast-status-draft",  # i18n
    "scheduled": "broadcast-status-scheduled",  # i18n
    "sending": "broadcast-status-sending",  # i18n
    "stopped": "broadcast-status-stopped",  # i18n
    "done": "broadcast-status-done",  # i18n
    "cancelled": "broadcast-status-cancelled",  # i18n
}
KIND_KEYS = {
    "text": "broadcast-kind-text",  # i18n
    "photo": "broadcast-kind-photo",  # i18n
    "document": "broadcast-kind-document",  # i18n
    "video": "broadcast-kind-video",  # i18n
    "template": "broadcast-kind-template",  # i18n
}
SNIPPET = 40


def cb(action: str, *args: object) -> str:
    return callbacks.encode(FEATURE, action, *args)


def what(ctx: CoopContext, b: Broadcast) -> str:
    """A short description: the kind and the start of the text."""
    kind = ctx.t(KIND_KEYS[b.kind])
    text = (b.body or "").replace("\n", " ").strip()
    if b.kind == "template" or not text:
        return kind
    snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
    return f"{kind}: {snippet}"


async def list_screen(update: Update, ctx: CoopContext, offset: int = 0) -> None:
    found = await ctx.services.broadcast.recent(PAGE + 1, max(offset, 0))
    if not found and offset == 0:
        await show(update, ctx, ctx.t("broadcast-list-empty"))
        return
    rows = [
        [
            (
                ctx.t(
                    "broadcast-list-item",
                    id=b.id,
                    status=ctx.t(STATUS_KEYS[b.status]),
                    what=what(ctx, b),
                ),
                cb("open", b.id),
            )
        ]
        for b in found[:PAGE]
    ]
    if len(found) > PAGE:
        rows.append([(ctx.t("broadcast-list-more"), cb("list", offset + PAGE))])
    await show(update, ctx, ctx.t("broadcast-list-title"), keyboards.inline(rows))


async def detail_screen(update: Update, ctx: CoopContext, broadcast_id: int) -> None:
    service = ctx.services.broadcast
    progress = await service.progress(broadcast_id)
    if progress is None or progress.broadcast.status == "draft":
        await list_screen(update, ctx)
        return
    b = progress.broadcast
    t = ctx.t
    lines = [
        t("broadcast-detail-title", id=b.id, what=what(ctx, b)),
        t("broadcast-detail-status", status=t(STATUS_KEYS[b.status])),
    ]
    lines += [
        t("broadcast-detail-audience", value=line) for line in await audience_lines(ctx, b.audience)
    ]
    if b.urgent:
        lines.append(t("broadcast-detail-urgent"))
    if b.status == "scheduled" and b.scheduled_at is not None:
        lines.append(
            t("broadcast-detail-scheduled", when=format_datetime(b.scheduled_at, ctx.locale))
        )
    if b.started_at is not None:
        lines.append(t("broadcast-detail-started", when=format_datetime(b.started_at, ctx.locale)))
    if b.finished_at is not None:
        lines.append(
            t("broadcast-detail-finished", when=format_datetime(b.finished_at, ctx.locale))
        )
    rows = []
    if b.status in ("sending", "stopped", "done"):
        # the live view (or the final summary) of the report
        lines.append("")
        lines.append(progress_text(ctx.services.translator, ctx.locale, progress))
        rows.append(
            [
                (t("broadcast-btn-export-xlsx"), cb("xlsx", b.id)),
                (t("broadcast-btn-export-csv"), cb("csv", b.id)),
            ]
        )
    if b.status == "sending":
        rows.append([(t("broadcast-btn-stop"), callbacks.encode("bc", "stop", b.id))])
    if b.status == "scheduled":
        rows.append(
            [
                (t("broadcast-btn-edit-time"), callbacks.encode("bc", "sch", b.id)),
                (t("broadcast-btn-edit-audience"), callbacks.encode("bc", "aud", b.id)),
            ]
        )
        rows.append([(t("broadcast-btn-cancel"), cb("cancel", b.id))])
    rows.append([(t("broadcast-btn-back"), cb("list", 0))])
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def export(update: Update, ctx: CoopContext, broadcast_id: int, fmt: str) -> None:
    found = await export_outcomes(
        ctx.services.broadcast, broadcast_id, fmt, ctx.t, rtl=ctx.locale == "fa"
    )
    if found is None:
        await reply(update, ctx, ctx.t("broadcast-export-empty"))
        return
    name, data = found
    caption = ctx.t("broadcast-export-caption", id=broadcast_id)
    await sender.send_document(ctx.bot, chat_id_of(update), data, name, caption)


async def on_button(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    data = await pressed(update, ctx, "list", "open", "xlsx", "csv", "cancel", "cancelok")
    if data is None:
        return
    action, arg = data.action, data.int_arg(0) or 0
    await answer(query)
    if action == "list":
        await list_screen(update, ctx, arg)
    elif action == "open":
        await detail_screen(update, ctx, arg)
    elif action in ("xlsx", "csv"):
        await export(update, ctx, arg, action)
    elif action == "cancel":
        b = await ctx.services.broadcast.get(arg)
        if b is None or b.status != "scheduled":
            await detail_screen(update, ctx, arg)
            return
        rows = [
            [(ctx.t("broadcast-btn-cancel-yes"), cb("cancelok", b.id))],
            [(ctx.t("broadcast-btn-back"), cb("open", b.id))],
        ]
        await show(update, ctx, ctx.t("broadcast-cancel-confirm", id=b.id), keyboards.inline(rows))
    elif action == "cancelok":
        try:
            cancelled = await ctx.services.broadcast.cancel(ctx.require_member().id, arg)
        except NotAllowed:
            await refuse(update, ctx)
            return
        if cancelled is None:
            await detail_screen(update, ctx, arg)
            return
        rows = [[(ctx.t("broadcast-btn-back"), cb("list", 0))]]
        await show(update, ctx, ctx.t("broadcast-cancelled", id=arg), keyboards.inline(rows))
    else:
        await list_screen(update, ctx)


async def command(update: Update, ctx: CoopContext) -> None:
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    await list_screen(update, ctx)


def register(app: Application, registry: Registry) -> None:
    """Both staff broadcast features: /broadcast (handlers/broadcast.py) and /broadcasts."""
    broadcast.register(app, registry)
    registry.add_command(Command("broadcasts", "broadcast-list-cmd", ROLES_STAFF))
    registry.add_menu(MenuEntry("broadcast-list-menu", cb("list", 0), ROLES_STAFF))
    app.add_handler(CommandHandler("broadcasts", command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=callbacks.pattern(FEATURE)))
