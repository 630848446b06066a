"""/web: a staff member asks for a one-time sign-in link to the web console (web/).

Staff only, checked on the server (registered with role="staff": the role is read from the
database at every call); the service checks it again. The link works once and expires after
WEB_LINK_MINUTES; only its hash is stored. Without WEB_PORT/WEB_BASE_URL the console is off
and the answer says so.
"""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CoopContext
from bot.chat.replies import reply
from handlers.registration import Registrar


async def command(update: Update, ctx: CoopContext) -> None:
    services = ctx.services
    if not services.settings.web_enabled:
        await reply(update, ctx, ctx.t("web-link-off"))
        return
    url = await services.web_access.issue_link(ctx.require_member().id)
    minutes = services.web_access.link_minutes
    await reply(update, ctx, ctx.t("web-link-sent", url=url, minutes=minutes))


def register(r: Registrar) -> None:
    # listed in the staff's command menu only when the console is on; answered either way
    listed = r.app.bot_data["services"].settings.web_enabled
    r.command("web", command, "cmd-web" if listed else None, role="staff")
