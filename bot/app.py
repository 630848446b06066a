"""Composition root: builds the services once and one Application per messenger."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

import handlers
from bot.background import schedule
from bot.chat.context import CoopContext
from bot.chat.menu import Registry
from bot.cli.startup import database_errors, initialize_bot, ready_database
from bot.cluster.health import HealthServer, app_part, database_check
from bot.cluster.health import start_server as start_health
from bot.core.clock import Clock, SystemClock
from bot.core.config import ConfigError, Settings
from bot.core.i18n import LOCALES, Translator
from bot.messenger import slowdown
from bot.messenger.pacing import PacingRateLimiter
from bot.messenger.platforms import PROFILES, RepairingRequest
from bot.messenger.presses import CoopApplication
from bot.messenger.updates import ChatOrderedUpdateProcessor
from bot.services import container
from bot.services.container import Services
from storage.engine import create_database

log = logging.getLogger("coopbot")


def make_transport(settings: Settings, *, for_updates: bool) -> BaseRequest:
    from bot.messenger.transport import make_request

    return make_request(
        settings.http_transport,
        # getUpdates is one long poll at a time: one connection (the transport's default)
        connection_pool_size=None if for_updates else settings.connection_pool_size,
        for_updates=for_updates,
    )


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    return container.build_services(
        settings,
        create_database(settings.database_url),
        clock or SystemClock(),
        Translator(default=settings.default_locale),
    )


def build_application(
    platform: str,
    token: str,
    services: Services,
    *,
    base_url: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    concurrent: bool = True,
    demo: bool = False,
    polling: bool = True,
) -> Application:
    settings = services.settings
    profile = PROFILES[platform]
    api_url = base_url or settings.api_url(platform)
    builder: ApplicationBuilder = (
        ApplicationBuilder()
        .application_class(CoopApplication)
        .token(token)
        .base_url(api_url)
        .base_file_url(profile.file_url(api_url))
        .context_types(ContextTypes(context=CoopContext))
        .request(RepairingRequest(request or make_transport(settings, for_updates=False)))
        .get_updates_request(
            RepairingRequest(updates_request or make_transport(settings, for_updates=True))
        )
    )
    processor: ChatOrderedUpdateProcessor | None = None
    if concurrent and settings.max_concurrent_updates > 1:
        # 1 keeps python-telegram-bot's default: one update at a time for the whole bot
        processor = ChatOrderedUpdateProcessor(
            settings.max_concurrent_updates, queue_limit=settings.chat_queue_limit
        )
        builder = builder.concurrent_updates(processor)
    # replies paced per chat, the bot-wide budget only for the ledger's sends, 429s per chat
    builder = builder.rate_limiter(PacingRateLimiter.for_settings(settings))
    if not polling:  # a cluster worker: its updates come from the job queue (bot/cluster/)
        builder = builder.updater(None)
    app = builder.build()
    if processor is not None:
        processor.on_dropped = slowdown.notifier(app)  # a flood in one chat: told once
    registry = Registry()
    app.bot_data.update(
        services=services,
        platform=profile,
        registry=registry,
        default_locale=settings.default_locale,
        demo=demo,  # `coopbot demo --staff`: the demo-only commands (handlers/demo.py)
    )
    handlers.register(app, registry)
    schedule.on_job_queue(app)  # every periodic job: bot/background/schedule.py
    return app


async def set_commands(app: Application) -> None:
    """The command menu, per language; the default scope gets the default language."""
    services: Services = app.bot_data["services"]
    registry: Registry = app.bot_data["registry"]
    translate = services.translator
    try:
        for locale in LOCALES:
            commands = [
                BotCommand(c.name, translate(locale, c.description_key))
                for c in registry.commands_for("member")
            ]
            await app.bot.set_my_commands(commands, language_code=locale)
            if locale == services.settings.default_locale:
                await app.bot.set_my_commands(commands, scope=BotCommandScopeDefault())
    except TelegramError as exc:  # Bale may not support command menus: not fatal
        log.warning("could not set the command menu on %s: %s", app.bot_data["platform"].name, exc)


async def load_catalogue_file(services: Services, path: Path) -> tuple[int, int]:
    """Load COURSES_FILE at start-up (idempotent: courses are keyed by their ref).

    A file that cannot be read, or any invalid row, stops start-up with one sentence.
    """
    from bot.services.catalogue import CatalogueError, load_catalogue

    try:
        catalogue = load_catalogue(path)
    except CatalogueError as exc:
        raise ConfigError(
            key="cli-catalogue-unreadable", path=str(path), problem=str(exc)
        ) from None
    if catalogue.errors:
        raise ConfigError(
            key="cli-catalogue-invalid",
            path=str(path),
            count=len(catalogue.errors),
            first=str(catalogue.errors[0]),
        )
    created, updated = await services.courses.import_courses(catalogue.courses)
    log.info("course catalogue %s: %d added, %d updated", path.name, created, updated)
    return created, updated


async def ready_services(services: Services) -> None:
    """Start-up's work on the database: migrate, follow ADMINS, wipe the log, load
    COURSES_FILE (each idempotent)."""
    before, after = await ready_database(services.db)
    if before != after:
        log.info("database migrated from %s to %s", sorted(before), sorted(after))
    for ended in await services.admin.roles.follow_admins_setting():
        log.info("admin role of member #%d ended: no longer in ADMINS", ended.id)
    await services.db.wipe_log()  # erased pages left in the WAL by a crash (privacy)
    if services.settings.courses_file is not None:
        await load_catalogue_file(services, services.settings.courses_file)


@dataclass
class Runtime:
    """Every configured messenger served from one process and one database."""

    settings: Settings
    clock: Clock | None = None
    base_urls: dict[str, str] = field(default_factory=dict)
    demo: bool = False
    services: Services | None = None
    apps: dict[str, Application] = field(default_factory=dict)
    health: HealthServer | None = None
    web: Any = None  # web/app.py WebServer, when WEB_PORT or WEB_BASE_URL turns the console on

    async def start(self, tokens: dict[str, str] | None = None) -> None:
        tokens = tokens if tokens is not None else self.settings.tokens()
        with database_errors():  # DATABASE_URL not a URL, not supported, no folder
            self.services = build_services(self.settings, self.clock)
        await ready_services(self.services)
        if self.settings.web_enabled:
            from web.app import WebServer  # the staff web console: on when set, up before the chats

            self.web = WebServer(self.services)
            await self.web.start()
        for platform, token in tokens.items():
            app = build_application(
                platform,
                token,
                self.services,
                base_url=self.base_urls.get(platform),
                demo=self.demo,
            )
            self.apps[platform] = app
            await initialize_bot(
                app, platform, self.base_urls.get(platform) or self.settings.api_url(platform)
            )
            await set_commands(app)
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=0.0,
                timeout=10,
                bootstrap_retries=-1,
                allowed_updates=Update.ALL_TYPES,
            )
            log.info("serving %s as @%s", platform, app.bot.username)
            if self.web is not None:  # its pages link into the chat (staff invitations)
                self.web.bot_names[platform] = app.bot.username
        self.health = await start_health(  # only when HEALTH_PORT is set
            self.settings,
            "all",
            database_check(self.services.db),
            lambda: {platform: app_part(app) for platform, app in self.apps.items()},
        )
        # What start-up built (handlers, texts, the questionnaire, SQLAlchemy's caches) lives as
        # long as the process: keep it out of the garbage collector's full passes, which
        # otherwise walk all of it and stall every chat for ~50-150 ms (bench/README.md).
        gc.collect()
        gc.freeze()

    async def stop(self) -> None:
        if self.web is not None:
            await self.web.stop()
            self.web = None
        if self.health is not None:
            await self.health.stop()
        for app in self.apps.values():
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
        self.apps.clear()
        if self.services is not None:
            await self.services.db.dispose()
