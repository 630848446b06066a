"""/mycourses: my registrations with their status; each opens its course card (cancel is there).

Callback data: `my:list`.
"""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, pressed, show
from handlers.courses import FROM_MY, MY_STATUS_KEYS, cb
from handlers.features import Feature
from handlers.registration import Registrar


async def my_courses(update: Update, ctx: CoopContext) -> None:
    if update.callback_query is not None:
        if await pressed(update, ctx, "list") is None:
            return
        await answer(update.callback_query)
    member = ctx.require_member()
    mine = await ctx.services.registration.my_courses(member.id)
    rows: list[list[keyboards.Button]] = []
    lines = [ctx.t("courses-my-title") if mine else ctx.t("courses-my-empty")]
    for item in mine:
        title = item.course.title(ctx.locale)
        status = ctx.t(MY_STATUS_KEYS[item.registration.status])
        if item.position is not None:
            status = f"{status} ({ctx.t('courses-card-position', position=item.position)})"
        lines.append(ctx.t("courses-my-item", title=title, status=status))
        rows.append([(title, cb("view", item.course.id, FROM_MY))])
    if not mine:  # somewhere to go from here: the courses, and what suits me
        rows.append([(ctx.t("courses-button-recommended"), cb("rec"))])
        rows.append([(ctx.t("courses-menu"), cb("menu"))])
    else:
        rows.append([(ctx.t("courses-button-back"), cb("menu"))])
    rows.append([(ctx.t("courses-button-main-menu"), callbacks.encode(Feature.MAIN_MENU, "main"))])
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


def register(r: Registrar) -> None:
    r.command("mycourses", my_courses, "cmd-mycourses")
    r.buttons(Feature.MY_COURSES, my_courses)
