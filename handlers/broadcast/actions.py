"""The /broadcast buttons (`bc:<action>:<broadcast id>[:<arg>]`): each names the broadcast it acts
on, whose status is re-checked on every press (a scheduled one can be edited until it starts; a
started one cannot), so a button of an older message works while its broadcast may still change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Message, Update

from bot.background.broadcast_progress import progress_markup, progress_text
from bot.chat import callbacks
from bot.chat.context import CoopContext
from bot.chat.replies import answer, show, stale
from bot.services.broadcast import (
    COURSE_GROUPS,
    TEMPLATES,
    Audience,
    Broadcast,
)
from bot.services.topics import TOPICS
from handlers.broadcast import dialog, screens
from handlers.broadcast.screens import ScreenOf, words

Data = callbacks.Callback
PLATFORM_CYCLE = (None, "telegram", "bale")


async def editable(update: Update, ctx: CoopContext, data: Data) -> Broadcast | None:
    """The broadcast a button names, if it can still be changed; otherwise say so."""
    b = await screens.editable(ctx, data.int_arg(0))
    if b is None:
        await answer(update.callback_query, ctx.t("broadcast-gone"), alert=True)
        return None
    return b


async def change(
    update: Update, ctx: CoopContext, b: Broadcast, **filters: Any
) -> Broadcast | None:
    updated = await ctx.services.broadcast.set_audience(
        ctx.require_member().id, b.id, b.audience.model_copy(update=filters)
    )
    if updated is None:
        await answer(update.callback_query, ctx.t("broadcast-gone"), alert=True)
    return updated


def toggled(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


async def refresh(update: Update, ctx: CoopContext, b: Broadcast | None, screen: ScreenOf) -> None:
    """After a change: answer the press and show the screen again (`change` already said
    when the broadcast could not be changed)."""
    if b is not None:
        await answer(update.callback_query)
        await screen(update, ctx, b)


# --- buttons of no broadcast yet, or of one in any status ----------------------------------------


async def on_new(update: Update, ctx: CoopContext, data: Data) -> None:
    await answer(update.callback_query)
    await dialog.begin(update, ctx)


async def on_template(update: Update, ctx: CoopContext, data: Data) -> None:
    template = data.arg(1)
    if template not in TEMPLATES:
        await stale(update, ctx)
        return
    await answer(update.callback_query)
    b = await ctx.services.broadcast.create(
        ctx.require_member().id, platform=ctx.platform.name, kind="template", template=template
    )
    await dialog.choose_audience(update, ctx, b)


async def on_quit(update: Update, ctx: CoopContext, data: Data) -> None:
    """The dialog's own button: of a dialog already left, it is no longer active."""
    await dialog.DIALOG.on_press(update, ctx, data)


async def on_stop(update: Update, ctx: CoopContext, data: Data) -> None:
    query = update.callback_query
    service = ctx.services.broadcast
    stopped, cancelled = await service.stop(ctx.require_member().id, data.int_arg(0) or 0)
    if stopped is None:
        await answer(query, ctx.t("broadcast-stop-late"), alert=True)
        return
    await answer(query, ctx.t("broadcast-stop-answer", count=cancelled))
    progress = await service.progress(stopped.id)
    if progress is not None:
        t = ctx.services.translator
        text = progress_text(t, ctx.locale, progress)
        await show(update, ctx, text, progress_markup(t, ctx.locale, progress))


# --- buttons of a broadcast that can still change ------------------------------------------------


async def on_clear(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    await refresh(
        update, ctx, await change(update, ctx, b, **Audience().model_dump()), screens.audience
    )


async def on_platform(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    following = PLATFORM_CYCLE[(PLATFORM_CYCLE.index(b.audience.platform) + 1) % 3]
    await refresh(update, ctx, await change(update, ctx, b, platform=following), screens.audience)


async def on_unfinished(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    flipped = not b.audience.unfinished_assessment
    updated = await change(update, ctx, b, unfinished_assessment=flipped)
    await refresh(update, ctx, updated, screens.audience)


async def on_kind(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    kind = data.arg(1) or ""
    updated: Broadcast | None = b
    if kind in dict(words(ctx).coop_kinds()):
        updated = await change(update, ctx, b, coop_kinds=toggled(b.audience.coop_kinds, kind))
    await refresh(update, ctx, updated, screens.kinds)


async def on_province(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    province = data.arg(1)
    if province == "-":
        updated = await change(update, ctx, b, province=None, county=None)
        await refresh(update, ctx, updated, screens.audience)
    elif province not in {p for p, _ in await ctx.services.broadcast.provinces()}:
        await refresh(update, ctx, b, screens.provinces)
    else:
        updated = await change(update, ctx, b, province=province, county=None)
        await refresh(update, ctx, updated, screens.counties)


async def on_county(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    county = data.arg(1)
    province = b.audience.province
    updated: Broadcast | None = b
    if province is not None:
        if county == "-":
            updated = await change(update, ctx, b, county=None)
        elif county in {c for c, _ in await ctx.services.broadcast.counties(province)}:
            updated = await change(update, ctx, b, county=county)
    await refresh(update, ctx, updated, screens.audience)


async def on_courses(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    await answer(update.callback_query)
    await screens.courses(update, ctx, b, data.int_arg(1) or 0)


async def on_course(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    if data.arg(1) == "-":
        updated = await change(update, ctx, b, course_id=None, course_groups=())
        await refresh(update, ctx, updated, screens.audience)
        return
    course_id = data.int_arg(1)
    if course_id is None or await ctx.services.broadcast.course(course_id) is None:
        await refresh(update, ctx, b, screens.audience)
        return
    updated = await change(update, ctx, b, course_id=course_id, course_groups=())
    await refresh(update, ctx, updated, screens.groups)


async def on_group(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    group = data.arg(1)
    if group not in COURSE_GROUPS or b.audience.course_id is None:
        await refresh(update, ctx, b, screens.audience)
        return
    updated = await change(update, ctx, b, course_groups=toggled(b.audience.course_groups, group))
    await refresh(update, ctx, updated, screens.groups)


async def on_topic(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    topic = data.arg(1)
    updated: Broadcast | None = b
    if topic in TOPICS:
        updated = await change(update, ctx, b, topics=toggled(b.audience.topics, topic))
    await refresh(update, ctx, updated, screens.topics)


async def on_range(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    choice = data.arg(1)
    updated: Broadcast | None = b
    if choice == "type":
        await answer(update.callback_query)
        await dialog.ask_from(update, ctx, b)
        return
    if choice in ("7", "30"):
        since = ctx.services.broadcast.joined_since(int(choice))
        updated = await change(update, ctx, b, registered_since=since, registered_before=None)
    elif choice == "clear":
        updated = await change(update, ctx, b, registered_since=None, registered_before=None)
    await refresh(update, ctx, updated, screens.audience)


async def on_preview(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    await answer(update.callback_query)
    await screens.preview(update, ctx, b)


async def on_urgent(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    member = ctx.require_member()
    updated = await ctx.services.broadcast.set_urgent(member.id, b.id, not b.urgent)
    if updated is None:
        await answer(update.callback_query, ctx.t("broadcast-gone"), alert=True)
        return
    await refresh(update, ctx, updated, screens.confirm)


async def on_schedule(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    await answer(update.callback_query)
    await dialog.ask_when(update, ctx, b)


async def on_send_now(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
    query = update.callback_query
    service = ctx.services.broadcast
    started = await service.send_now(ctx.require_member().id, b.id)
    if started is None:
        await answer(query, ctx.t("broadcast-gone"), alert=True)
        return
    await answer(query)
    await dialog.DIALOG.leave(update, ctx)
    progress = await service.progress(b.id)
    assert progress is not None
    t = ctx.services.translator
    text, markup = progress_text(t, ctx.locale, progress), progress_markup(t, ctx.locale, progress)
    shown = await show(update, ctx, text, markup)
    if isinstance(shown, Message):
        await service.set_status_message(b.id, shown.chat_id, shown.message_id)


def showing(screen: ScreenOf) -> Callable[..., Awaitable[None]]:
    """A button that only shows a screen of the broadcast."""

    async def on_press(update: Update, ctx: CoopContext, b: Broadcast, data: Data) -> None:
        await refresh(update, ctx, b, screen)

    return on_press


FREE = {"new": on_new, "tpl": on_template, "quit": on_quit, "stop": on_stop}
ACTIONS: dict[str, Callable[[Update, CoopContext, Broadcast, Data], Awaitable[None]]] = {
    "aud": showing(screens.audience),
    "clr": on_clear,
    "plat": on_platform,
    "unf": on_unfinished,
    "kinds": showing(screens.kinds),
    "kind": on_kind,
    "prov": showing(screens.provinces),
    "pv": on_province,
    "ct": on_county,
    "crs": on_courses,
    "cs": on_course,
    "grp": on_group,
    "tops": showing(screens.topics),
    "tp": on_topic,
    "rng": showing(screens.ranges),
    "rg": on_range,
    "prev": on_preview,
    "next": showing(screens.confirm),
    "urg": on_urgent,
    "sch": on_schedule,
    "now": on_send_now,
}


async def on_button(update: Update, ctx: CoopContext) -> None:
    """Every `bc:` press (the registration checked the role)."""
    data = callbacks.parse(update.callback_query.data)
    if data is not None and data.action in FREE:
        await FREE[data.action](update, ctx, data)
        return
    action = ACTIONS.get(data.action) if data is not None else None
    if data is None or action is None:
        await stale(update, ctx)
        return
    b = await editable(update, ctx, data)
    if b is not None:
        await action(update, ctx, b, data)
