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
from bot.services.broadcast import export_outcomes
from handlers.broadcast import list_views
from handlers.broadcast.screens import course_of, present, words


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
    found = await export_outcomes(
        ctx.services.broadcast, broadcast_id, fmt, ctx.t, rtl=ctx.locale == "fa"
    )
    if found is None:
        await reply(update, ctx, ctx.t("broadcast-export-empty"))
        return
    name, data = found
    caption = ctx.t("broadcast-export-caption", id=broadcast_id)
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
