"""What the console's aiohttp application keeps: the bot's services (built once, shared with the
chat) and the page templates."""

from __future__ import annotations

from aiohttp import web

from bot.services.container import Services

SERVICES: web.AppKey[Services] = web.AppKey("services", Services)


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]
