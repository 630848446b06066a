"""Start-up checks shared by `coopbot run`, `demo` and the office commands. The database named by
DATABASE_URL is opened, tried with a write and migrated; each messenger's token is tried against
its server. Each failure becomes one ConfigError naming the setting (bot/__main__.py prints it
and exits with status 2) instead of a traceback, or a bot that answers every message with
"something went wrong"."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application

from bot.core.config import ConfigError
from storage.engine import Database, DatabaseUnusable, check_database
from storage.migrate import DatabaseTooNew, upgrade

# Why DATABASE_URL cannot be used (storage.engine.DatabaseUnusable.reason) -> the sentence.
DATABASE_KEYS = {
    "url": "cli-database-url",
    "scheme": "cli-database-scheme",
    "folder": "cli-database-folder",
    "readonly": "cli-database-readonly",
    "missing": "cli-database-missing",
    "unreachable": "cli-database-unreachable",
    "refused": "cli-database-refused",
    "other": "cli-database-other",
}


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn the storage layer's DatabaseUnusable and DatabaseTooNew into ConfigError."""
    try:
        yield
    except DatabaseUnusable as exc:
        key = DATABASE_KEYS.get(exc.reason, DATABASE_KEYS["other"])
        raise ConfigError(key=key, where=exc.where, detail=exc.detail) from None
    except DatabaseTooNew as exc:
        raise ConfigError(key="cli-database-too-new", revisions=exc.revisions) from None


async def ready_database(db: Database) -> tuple[set[str], set[str]]:
    """Check that the database can be written, then migrate it: (revisions before, after).
    The database is disposed of when it cannot be used."""
    try:
        with database_errors():
            await check_database(db)
            return await upgrade(db)
    except ConfigError:
        await db.dispose()
        raise


async def initialize_bot(app: Application, platform: str, api_url: str) -> None:
    """`app.initialize()`, which asks the server who the bot is: a rejected token or a server
    that cannot be reached stops start-up with the setting to correct."""
    try:
        await app.initialize()
    except InvalidToken:  # its own message repeats the token: never shown
        await app.bot.shutdown()
        raise ConfigError(
            key="cli-token-rejected", platform=platform, setting=f"{platform.upper()}_TOKEN"
        ) from None
    except NetworkError:
        await app.bot.shutdown()
        raise ConfigError(
            key="cli-api-unreachable",
            platform=platform,
            url=api_url,
            setting=f"{platform.upper()}_API_URL",
        ) from None
