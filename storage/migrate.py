"""Apply Alembic migrations from code; refuse a database that is newer than this code."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from storage.engine import Database

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseTooNew(Exception):
    """The database was migrated by a newer version of coopbot (`revisions`: its unknown ones)."""

    def __init__(self, message: str, revisions: str = "") -> None:
        super().__init__(message)
        self.revisions = revisions


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _check_and_upgrade(connection: Connection, cfg: Config) -> tuple[set[str], set[str]]:
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    current = set(MigrationContext.configure(connection).get_current_heads())
    unknown = current - known
    if unknown:
        raise DatabaseTooNew(
            "The database was created by a newer version of coopbot "
            f"(revision {', '.join(sorted(unknown))}); upgrade coopbot or use another database.",
            ", ".join(sorted(unknown)),
        )
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "heads")
    after = set(MigrationContext.configure(connection).get_current_heads())
    return current, after


async def upgrade(db: Database) -> tuple[set[str], set[str]]:
    """Bring the schema to the newest revision. Returns (revisions before, revisions after)."""
    cfg = alembic_config()
    async with db.engine.connect() as conn:
        result = await conn.run_sync(_check_and_upgrade, cfg)
        await conn.commit()
    return result


async def current_revisions(db: Database) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda c: MigrationContext.configure(c).get_current_heads()))


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())
