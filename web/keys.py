"""What the console's aiohttp application keeps: the bot's services (built once, shared with the
chat) and the page templates."""

from __future__ import annotations

from aiohttp import web

from bot.services.container import Services

SERVICES: web.AppKey[Services] = web.AppKey("services", Services)


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]
# The bots' usernames by messenger, when the console runs beside them (bot/app.py Runtime):
# pages that make a link into the chat (a staff invitation) use them.
BOT_NAMES: web.AppKey[dict[str, str]] = web.AppKey("bot_names", dict)


def bot_names_of(request: web.Request) -> dict[str, str]:
    return request.app.get(BOT_NAMES, {})
