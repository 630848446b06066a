"""Showing the /broadcast screens: gather what a view needs (counts, courses, places) through the
broadcast service, render it with handlers/broadcast/views.py, and edit the pressed message (or
send a new one after typed input)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Update

from bot.chat.context import CoopContext
from bot.chat.dialog import Screen
from bot.chat.replies import chat_id_of, reply, show
from bot.core.i18n import as_written
from bot.persian.jalali import tehran_today
from bot.services.broadcast import EDITABLE, TEMPLATES, Broadcast
from bot.services.courses import Course
from handlers import authz
from handlers.broadcast import views
from handlers.broadcast.texts import REFUSAL_KEY, Words

ScreenOf = Callable[[Update, CoopContext, Broadcast], Awaitable[None]]


def words(ctx: CoopContext) -> Words:
    return Words(ctx, ctx.services.assessment.questionnaire)


async def refuse(update: Update, ctx: CoopContext, needed: str = "staff") -> None:
    """The broadcast's own refusal (the dialog kit's, as the registration's)."""
    await authz.refuse(update, ctx, needed, REFUSAL_KEY)


async def present(update: Update, ctx: CoopContext, screen: Screen) -> None:
    await show(update, ctx, screen.text, screen.markup)


async def editable(ctx: CoopContext, broadcast_id: int | None) -> Broadcast | None:
    """The broadcast while it can still change (a draft, or scheduled and not started)."""
    b = await ctx.services.broadcast.get(broadcast_id) if broadcast_id else None
    return b if b is not None and b.status in EDITABLE else None


async def course_of(ctx: CoopContext, b: Broadcast) -> Course | None:
    course_id = b.audience.course_id
    return await ctx.services.broadcast.course(course_id) if course_id is not None else None


def schedule_example(ctx: CoopContext) -> str:
    tomorrow = tehran_today(ctx.services.clock.now()) + timedelta(days=1)
    return views.schedule_example(words(ctx), tomorrow)


async def audience_screen(ctx: CoopContext, b: Broadcast) -> Screen:
    service = ctx.services.broadcast
    count = await service.count(b.audience, b.only_platform)
    by_platform = await service.count_by_platform(b.audience) if b.kind != "template" else {}
    return views.audience(words(ctx), b, await course_of(ctx, b), count, by_platform)


async def audience(update: Update, ctx: CoopContext, b: Broadcast, *, new: bool = False) -> None:
    """Edits the pressed message, or (`new`, or after typed input) sends a new one."""
    screen = await audience_screen(ctx, b)
    if new:
        await reply(update, ctx, screen.text, screen.markup)
    else:
        await present(update, ctx, screen)


async def kinds(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await present(update, ctx, views.kinds(words(ctx), b))


async def provinces(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    found = await ctx.services.broadcast.provinces()
    await present(update, ctx, views.provinces(words(ctx), b, found))


async def counties(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    province = b.audience.province
    assert province is not None
    found = await ctx.services.broadcast.counties(province)
    await present(update, ctx, views.counties(words(ctx), b, province, found))


async def courses(update: Update, ctx: CoopContext, b: Broadcast, page: int) -> None:
    found = await ctx.services.broadcast.courses()
    await present(update, ctx, views.courses(words(ctx), b, found, page))


async def groups(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    course = await ctx.services.broadcast.course(b.audience.course_id or 0)
    await present(update, ctx, views.groups(words(ctx), b, course))


async def topics(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await present(update, ctx, views.topics(words(ctx), b))


async def ranges(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    await present(update, ctx, views.ranges(words(ctx), b))


async def confirm(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    settings = ctx.services.settings
    count = await ctx.services.broadcast.count(b.audience, b.only_platform)
    quiet = (settings.quiet_hours_start, settings.quiet_hours_end)
    await present(update, ctx, views.confirm(words(ctx), b, await course_of(ctx, b), count, quiet))


async def preview(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    """The message as members will get it, then the audience screen below it."""
    if b.kind == "template" and b.template in TEMPLATES:
        _, key = TEMPLATES[b.template]
        await reply(update, ctx, ctx.t(key, day=ctx.services.settings.nomination_cutoff_day))
        note = ctx.t("broadcast-preview-template")
    elif b.platform == ctx.platform.name and b.source_chat_id and b.source_message_id:
        await ctx.bot.copy_message(
            chat_id=chat_id_of(update),
            from_chat_id=b.source_chat_id,
            message_id=b.source_message_id,
        )
        note = ctx.t("broadcast-preview-note")
    else:
        await reply(update, ctx, as_written(b.body or "", ctx.locale))
        note = ctx.t("broadcast-preview-note")
    await reply(update, ctx, note)
    await audience(update, ctx, b, new=True)  # below the preview, where the eyes are
