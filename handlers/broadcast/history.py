"""/broadcasts: past and scheduled broadcasts with their reports; export, edit, cancel.

Staff and admins only (declared at registration); every press re-checks the role and the
broadcast's status.
Callback data `bcs:<action>[:<arg>]`:
- `bcs:list:<offset>`                  the list (latest first, a page at a time)
- `bcs:open:<id>`                      one broadcast: status, audience, times, report, actions
- `bcs:xlsx:<id>` / `bcs:csv:<id>`     the per-recipient outcome as a file
- `bcs:cancel:<id>` / `bcs:cancelok:<id>`   cancel a scheduled one (with a confirmation step)
Editing a scheduled broadcast reuses /broadcast's screens (`bc:aud:<id>`, `bc:sch:<id>`), and a
broadcast being sent has its Stop button (`bc:stop:<id>`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.background.broadcast_progress import progress_text
from bot.chat import sender
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, pressed, reply
from bot.services.broadcast import (
    EXPORT_COLUMNS,
    outcome_cells,
    table_csv,
    table_xlsx,
)
from handlers.broadcast import list_views
from handlers.broadcast.screens import course_of, present, words
from handlers.broadcast.texts import COLUMN_KEYS, OUTCOME_KEYS, PLATFORM_KEYS


async def list_screen(update: Update, ctx: CoopContext, offset: int = 0) -> None:
    found = await ctx.services.broadcast.recent(list_views.PAGE + 1, max(offset, 0))
    await present(update, ctx, list_views.listing(words(ctx), found, offset))


async def detail_screen(update: Update, ctx: CoopContext, broadcast_id: int) -> None:
    progress = await ctx.services.broadcast.progress(broadcast_id)
    if progress is None or progress.broadcast.status == "draft":
        await list_screen(update, ctx)
        return
    course = await course_of(ctx, progress.broadcast)
    report = progress_text(ctx.services.translator, ctx.locale, progress)
    await present(update, ctx, list_views.detail(words(ctx), progress, course, report))


async def export(update: Update, ctx: CoopContext, broadcast_id: int, fmt: str) -> None:
    service = ctx.services.broadcast
    b = await service.get(broadcast_id)
    if b is None or b.status not in list_views.REPORTED:
        await reply(update, ctx, ctx.t("broadcast-export-empty"))
        return
    statuses = {status: ctx.t(key) for status, key in OUTCOME_KEYS.items()}
    platforms = {platform: ctx.t(key) for platform, key in PLATFORM_KEYS.items()}
    rows: list[list[object]] = []
    async for outcome in service.outcomes(b.id):
        rows.append(outcome_cells(len(rows) + 1, outcome, statuses, platforms))
    if not rows:
        await reply(update, ctx, ctx.t("broadcast-export-empty"))
        return
    headers = [ctx.t(COLUMN_KEYS[column]) for column in EXPORT_COLUMNS]
    if fmt == "csv":
        data, name = table_csv(headers, rows), f"broadcast-{b.id}.csv"
    else:
        data = table_xlsx(headers, rows, rtl=ctx.locale == "fa")
        name = f"broadcast-{b.id}.xlsx"
    caption = ctx.t("broadcast-export-caption", id=b.id)
    await sender.send_document(ctx.bot, chat_id_of(update), data, name, caption)


async def ask_cancel(update: Update, ctx: CoopContext, broadcast_id: int) -> None:
    b = await ctx.services.broadcast.get(broadcast_id)
    if b is None or b.status != "scheduled":
        await detail_screen(update, ctx, broadcast_id)
        return
    await present(update, ctx, list_views.cancel_question(words(ctx), b))


async def cancel(update: Update, ctx: CoopContext, broadcast_id: int) -> None:
    cancelled = await ctx.services.broadcast.cancel(ctx.require_member().id, broadcast_id)
    if cancelled is None:
        await detail_screen(update, ctx, broadcast_id)
        return
    await present(update, ctx, list_views.cancelled(words(ctx), broadcast_id))


async def on_export_xlsx(update: Update, ctx: CoopContext, broadcast_id: int) -> None:
    await export(update, ctx, broadcast_id, "xlsx")


async def on_export_csv(update: Update, ctx: CoopContext, broadcast_id: int) -> None:
    await export(update, ctx, broadcast_id, "csv")


ACTIONS: dict[str, Callable[[Update, CoopContext, int], Awaitable[None]]] = {
    "list": list_screen,
    "open": detail_screen,
    "xlsx": on_export_xlsx,
    "csv": on_export_csv,
    "cancel": ask_cancel,
    "cancelok": cancel,
}


async def on_button(update: Update, ctx: CoopContext) -> None:
    """Every `bcs:` press (the registration checked the role)."""
    data = await pressed(update, ctx, *ACTIONS)
    if data is None:
        return
    await answer(update.callback_query)
    await ACTIONS[data.action](update, ctx, data.int_arg(0) or 0)


async def command(update: Update, ctx: CoopContext) -> None:
    await list_screen(update, ctx)
