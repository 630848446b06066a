"""/admin: the staff and admin tools in one menu, in the person's language.

Callback data: `adm:menu`. Every entry leads to a feature that checks the role again.
"""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, chat_id_of, pressed, show
from handlers.authz import refresh_commands
from handlers.features import Feature
from handlers.registration import Registrar


def cb(action: str, *args: object) -> str:
    return callbacks.encode(Feature.ADMIN, action, *args)


def menu_markup(ctx: CoopContext) -> keyboards.InlineKeyboardMarkup:
    member = ctx.require_member()
    rows = [
        [(ctx.t("admin-menu-courses"), callbacks.encode(Feature.COURSE_ADMIN, "list", 0))],
        [(ctx.t("admin-menu-add-course"), callbacks.encode(Feature.COURSE_ADMIN, "new"))],
        [
            (ctx.t("admin-menu-template"), callbacks.encode(Feature.COURSE_ADMIN, "tpl")),
            (ctx.t("admin-menu-import"), callbacks.encode(Feature.COURSE_ADMIN, "imp")),
        ],
        [(ctx.t("admin-menu-export"), callbacks.encode(Feature.COURSE_ADMIN, "exp"))],
        [
            (ctx.t("admin-menu-stats"), callbacks.encode(Feature.STATS, "show", "all")),
            (ctx.t("admin-menu-audit"), callbacks.encode(Feature.AUDIT, "page", 0)),
        ],
    ]
    if member.role == "admin":
        rows.append([(ctx.t("admin-menu-staff"), callbacks.encode(Feature.STAFF, "menu"))])
    rows.append([(ctx.t("admin-menu-main"), callbacks.encode(Feature.MAIN_MENU, "main"))])
    return keyboards.inline(rows)


async def menu(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    if update.callback_query is not None:
        if await pressed(update, ctx, "menu") is None:
            return
        await answer(update.callback_query)
    else:
        await refresh_commands(ctx, chat_id_of(update), member.role, ctx.locale)
    key = "admin-menu-title-admin" if member.role == "admin" else "admin-menu-title-staff"
    await show(update, ctx, ctx.t(key), menu_markup(ctx))


def register(r: Registrar) -> None:
    """/admin and its menu entry; the tools it leads to register themselves."""
    r.command("admin", menu, "admin-cmd", role="staff")
    r.menu("admin-menu-button", cb("menu"), role="staff")
    r.buttons(Feature.ADMIN, menu, role="staff")
