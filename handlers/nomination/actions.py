"""/nominations and the list's buttons: every command and press checks the presser's role."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.chat import callbacks, sender
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, stale
from bot.persian.jalali import month_label
from bot.services.exports import nominees_csv, nominees_xlsx
from bot.services.nomination_texts import STEP_KEYS
from handlers.nomination import screens, views
from handlers.nomination.dialog import ask_reason, ask_rejection
from handlers.nomination.views import cb

# What the buttons may ask (each but `home` names a month or an entry); anything else is an old
# or forged button.
MONTH_ACTIONS = frozenset(
    {"m", "c", "mv", "mvc", "ap", "apok", "x", "csv", "snt", "sntok", "cf", "cf1", "cfa", "rj"}
)


async def export(update: Update, ctx: CoopContext, month_id: int, kind: str) -> None:
    service = ctx.services.nomination
    month = await service.month(month_id)
    if month is None:
        await screens.overview(update, ctx)
        return
    fmt = "xlsx" if kind == "x" else "csv"
    rows = await service.export_rows(
        month_id, locale="fa", exported_by=ctx.require_member().id, fmt=fmt
    )
    label = month_label(month.year, month.month, "fa")
    stem = f"nominees-{month.year}-{month.month:02d}"
    # A big month takes seconds to write: off the event loop, so the bot keeps answering.
    if kind == "x":
        data = await asyncio.to_thread(nominees_xlsx, rows, sheet_title=label)
        filename = f"{stem}.xlsx"
    else:
        data, filename = await asyncio.to_thread(nominees_csv, rows), f"{stem}.csv"
    caption = views.export_caption(ctx, month.year, month.month, len(rows))
    await sender.send_document(ctx.bot, chat_id_of(update), data, filename, caption)


async def command(update: Update, ctx: CoopContext) -> None:
    await screens.overview(update, ctx)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    action = data.action if data else ""
    first = data.int_arg(0) if data else None
    second = data.int_arg(1) if data else None
    if not (action in ("home", "pv") or (action in MONTH_ACTIONS and first is not None)):
        await stale(update, ctx)
        return
    member = ctx.require_member()
    service = ctx.services.nomination
    if action in ("x", "csv") and first is not None:
        await answer(query)
        await export(update, ctx, first, action)
        return
    await answer(query)
    if action == "pv":
        await screens.preview(update, ctx)
    elif first is None:
        await screens.overview(update, ctx)
    elif action == "m":
        await screens.month(update, ctx, first)
    elif action == "c" and second is not None:
        await screens.course(update, ctx, first, second)
    elif action == "mv" and second in (0, 1):
        await ask_reason(update, ctx, first, placed=second == 1)
    elif action == "mvc":
        await ask_reason(update, ctx, first, placed=True, over_cap=True)
    elif action == "ap":
        await screens.confirm_step(
            update, ctx, first, "nomination-approve-question", cb("apok", first)
        )
    elif action == "apok":
        result = await service.approve(first, actor_id=member.id)
        await screens.month(update, ctx, first, ctx.t(STEP_KEYS[result]))
    elif action == "snt":
        await screens.confirm_step(
            update, ctx, first, "nomination-sent-question", cb("sntok", first)
        )
    elif action == "sntok":
        result = await service.mark_sent(first, actor_id=member.id)
        await screens.month(update, ctx, first, ctx.t(STEP_KEYS[result]))
    elif action == "cf":
        await screens.confirm(update, ctx, first)
    elif action == "cf1" and second is not None:
        n = await service.confirm(first, actor_id=member.id, registration_ids=[second])
        await screens.confirm(update, ctx, first, ctx.t("nomination-confirmed", count=n))
    elif action == "rj" and second is not None:
        await ask_rejection(update, ctx, first, second)
    elif action == "cfa":
        n = await service.confirm(first, actor_id=member.id)
        await screens.confirm(update, ctx, first, ctx.t("nomination-confirmed", count=n))
    else:
        await screens.overview(update, ctx)
