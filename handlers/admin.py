"""/admin: the staff and admin tools in one menu, in the person's language.

Callback data: `adm:menu`. Every entry leads to a feature that checks the role again.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.menu import ROLES_STAFF, Command, MenuEntry, Registry
from bot.chat.replies import answer, chat_id_of, pressed, show
from handlers import audit, course_admin, privacy, staff, stats
from handlers.authz import refresh_commands, staff_only
from handlers.features import Feature


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


@staff_only
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


def register(app: Application, registry: Registry) -> None:
    """The staff and admin tools (one line in handlers/__init__.py registers them all)."""
    registry.add_command(Command("admin", "admin-cmd", ROLES_STAFF))
    registry.add_menu(MenuEntry("admin-menu-button", cb("menu"), ROLES_STAFF))
    app.add_handler(CommandHandler("admin", menu))
    app.add_handler(CallbackQueryHandler(menu, pattern=callbacks.pattern(Feature.ADMIN)))
    staff.register(app, registry)
    course_admin.register(app, registry)
    stats.register(app, registry)
    audit.register(app, registry)
    privacy.register(app, registry)
