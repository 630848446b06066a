"""The list's screens as shown: read what the service holds now, render a view, show it."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CoopContext
from bot.chat.dialog import Screen
from bot.chat.replies import show
from handlers.nomination import views


async def _show(update: Update, ctx: CoopContext, screen: Screen) -> None:
    await show(update, ctx, screen.text, screen.markup)


async def overview(update: Update, ctx: CoopContext) -> None:
    service = ctx.services.nomination
    await service.freeze_due()
    await _show(update, ctx, views.overview_screen(ctx, await service.overview()))


async def preview(update: Update, ctx: CoopContext) -> None:
    service = ctx.services.nomination
    lines = await service.preview()
    info = await service.overview()
    names = await service.names(views.preview_people(lines))
    await _show(update, ctx, views.preview_screen(ctx, info, lines, names))


async def month(update: Update, ctx: CoopContext, month_id: int, note: str = "") -> None:
    view = await ctx.services.nomination.view(month_id)
    if view is None:
        await overview(update, ctx)
        return
    await _show(update, ctx, views.month_screen(ctx, view, note))


async def course(update: Update, ctx: CoopContext, month_id: int, course_id: int) -> None:
    service = ctx.services.nomination
    view = await service.view(month_id)
    allocation = next((a for a in view.courses if a.course.id == course_id), None) if view else None
    if view is None or allocation is None:
        await month(update, ctx, month_id)
        return
    names = await service.names([e.member_id for e in views.course_entries(allocation)])
    await _show(update, ctx, views.course_screen(ctx, view, allocation, names))


async def confirm(update: Update, ctx: CoopContext, month_id: int, note: str = "") -> None:
    sent = await ctx.services.nomination.sent_registrations(month_id)
    names = await ctx.services.nomination.names([r.member_id for r, _ in sent])
    people = [(r.id, names[r.member_id], course) for r, course in sent]
    await _show(update, ctx, views.confirm_screen(ctx, month_id, people, note))


async def confirm_step(
    update: Update, ctx: CoopContext, month_id: int, question_key: str, yes: str
) -> None:
    await _show(update, ctx, views.confirm_step_screen(ctx, month_id, question_key, yes))
