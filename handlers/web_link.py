"""/web: a staff member asks for a one-time sign-in link to the web console (web/).

Staff only, checked on the server (`@staff_only` reads the role from the database); the service
checks it again. The link works once and expires after WEB_LINK_MINUTES; only its hash is
stored. Without WEB_PORT/WEB_BASE_URL the console is off and the answer says so.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.chat.context import CoopContext
from bot.chat.menu import ROLES_STAFF, Command, Registry
from bot.chat.replies import reply
from handlers.authz import staff_only


@staff_only
async def command(update: Update, ctx: CoopContext) -> None:
    services = ctx.services
    if not services.settings.web_enabled:
        await reply(update, ctx, ctx.t("web-link-off"))
        return
    url = await services.web_access.issue_link(ctx.require_member().id)
    minutes = services.web_access.link_minutes
    await reply(update, ctx, ctx.t("web-link-sent", url=url, minutes=minutes))


def register(app: Application, registry: Registry) -> None:
    if app.bot_data["services"].settings.web_enabled:
        registry.add_command(Command("web", "cmd-web", ROLES_STAFF))
    app.add_handler(CommandHandler("web", command))
