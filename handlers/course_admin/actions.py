"""What staff do to courses outside the dialog: the lists and screens, closing, reopening, the
cancel question, the people's export, the XLSX template and the catalogue export. Each reads
what a service returns and shows the screen views.py makes of it."""

from __future__ import annotations

from telegram import Update

from bot.chat import sender
from bot.chat.context import CoopContext
from bot.chat.dialog import Screen
from bot.chat.replies import chat_id_of, reply, show
from handlers.course_admin import views
from handlers.course_admin.texts import (
    EDIT_RESULT_KEYS,
    EXPORT_HEADER_KEYS,
    LIST_KEYS,
    STATUS_RESULT_KEYS,
)
from handlers.courses import MY_STATUS_KEYS, card_text


async def put(update: Update, ctx: CoopContext, screen: Screen) -> None:
    """Show a screen: the pressed message edited, or a new one for typed input."""
    await show(update, ctx, screen.text, screen.markup)


async def list_screen(update: Update, ctx: CoopContext, page: int, everything: bool) -> None:
    found = await ctx.services.admin.courses.courses(include_past=everything)
    now = ctx.services.clock.now()
    await put(update, ctx, views.list_view(ctx, found, page, everything, now))


async def course_screen(
    update: Update, ctx: CoopContext, course_id: int | None, note: str = ""
) -> None:
    tools = ctx.services.admin.courses
    overview = await tools.overview(course_id) if course_id is not None else None
    card = await ctx.services.courses.card(course_id, None) if overview is not None else None
    if overview is None or card is None:
        await list_screen(update, ctx, 0, False)
        return
    await put(update, ctx, views.course_view(ctx, overview, card_text(ctx, card), note))


async def people_screen(
    update: Update, ctx: CoopContext, course_id: int | None, listing: str | None
) -> None:
    if course_id is None or listing not in LIST_KEYS:
        await list_screen(update, ctx, 0, False)
        return
    people = await ctx.services.admin.courses.people(course_id, listing)  # type: ignore[arg-type]
    await put(update, ctx, views.people_view(ctx, course_id, listing, people))


async def attendance_screen(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    if course_id is None:
        await list_screen(update, ctx, 0, False)
        return
    found = await ctx.services.admin.courses.attendance(course_id)
    await put(update, ctx, views.attendance_view(ctx, course_id, found))


async def export_people(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    if course_id is None:
        return
    headers = {name: ctx.t(key) for name, key in EXPORT_HEADER_KEYS.items()}
    headers["rtl"] = "yes" if ctx.locale == "fa" else "no"
    made = await ctx.services.admin.courses.export_people(
        ctx.require_member(),
        course_id,
        headers=headers,
        status_label=lambda status: ctx.t(MY_STATUS_KEYS[status]),
    )
    if made is None:
        await list_screen(update, ctx, 0, False)
        return
    name, data = made
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("course-admin-export-caption")
    )


async def edit_menu(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None:
        await list_screen(update, ctx, 0, False)
        return
    await put(update, ctx, views.edit_menu_view(ctx, course))


async def change_status(
    update: Update, ctx: CoopContext, course_id: int | None, action: str
) -> None:
    """`cls` closes registration, `opn` reopens it."""
    if course_id is None:
        return
    tools = ctx.services.admin.courses
    member = ctx.require_member()
    closing = action == "cls"
    outcome = await (tools.close(member, course_id) if closing else tools.reopen(member, course_id))
    if outcome.result == "changed":
        note = ctx.t(STATUS_RESULT_KEYS["close" if closing else "reopen"])
    else:
        note = ctx.t(EDIT_RESULT_KEYS[outcome.result], taken=0)
    await course_screen(update, ctx, course_id, note)


async def ask_cancel(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None or course.status == "cancelled":
        await course_screen(update, ctx, course_id)
        return
    active = await ctx.services.admin.courses.active_registrations(course.id)
    await put(update, ctx, views.cancel_ask_view(ctx, course, active))


async def send_template(update: Update, ctx: CoopContext) -> None:
    name, data = ctx.services.admin.imports.template(lambda key: ctx.t(key), rtl=ctx.locale == "fa")
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("course-import-template-caption")
    )
    screen = views.template_help_view(ctx)
    await reply(update, ctx, screen.text, screen.markup)


async def send_catalogue(update: Update, ctx: CoopContext) -> None:
    name, data = await ctx.services.admin.imports.export(
        ctx.require_member(), lambda key: ctx.t(key), rtl=ctx.locale == "fa"
    )
    await sender.send_document(
        ctx.bot, chat_id_of(update), data, name, ctx.t("course-import-export-caption")
    )
