"""Alembic environment: run with the connection `storage.migrate` hands over (async engines too).

From a shell, `alembic upgrade heads` (alembic.ini at the project root) uses DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import Connection

from storage.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_from_url() -> None:
    from storage.engine import create_database

    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")

    async def go() -> None:
        db = create_database(url)  # type: ignore[arg-type]  # alembic.ini names a default
        async with db.engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
        await db.dispose()

    asyncio.run(go())


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    _run_from_url()
