"""Shared fixtures: databases on both engines, a fixed clock, settings."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.core.clock import FixedClock
from bot.core.config import Settings
from storage.engine import Database, create_database
from storage.migrate import upgrade

PG_URL = os.environ.get("TEST_DATABASE_URL")
ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config, items):
    if PG_URL:
        return
    skip = pytest.mark.skip(reason="TEST_DATABASE_URL is not set (no PostgreSQL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs TEST_DATABASE_URL (PostgreSQL)")
    config.addinivalue_line("markers", "e2e: starts the real coopbot process against the sandbox")


async def reset_postgres(url: str) -> None:
    db = create_database(url)
    async with db.engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await db.dispose()


async def make_db(engine: str, tmp_path) -> Database:
    if engine == "postgresql":
        assert PG_URL
        await reset_postgres(PG_URL)
        db = create_database(PG_URL)
    else:
        db = create_database(f"sqlite+aiosqlite:///{tmp_path}/test.sqlite3")
    await upgrade(db)
    return db


@pytest.fixture(params=ENGINES)
async def db(request, tmp_path) -> AsyncIterator[Database]:
    database = await make_db(request.param, tmp_path)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def sqlite_db(tmp_path) -> AsyncIterator[Database]:
    database = await make_db("sqlite", tmp_path)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
def clock() -> FixedClock:
    # 1404-08-25 09:30 Tehran
    return FixedClock(datetime(2025, 11, 16, 6, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/bot.sqlite3",
        admins=[("telegram", 9001), ("bale", 9001)],
        rate_limit_per_second=0,
        chat_rate_per_second=0,
    )
