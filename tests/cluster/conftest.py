"""Cluster tests run on PostgreSQL only (TEST_DATABASE_URL): every test takes `pg_url` or
`conninfo`, which skip the test with the reason when TEST_DATABASE_URL is not PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from bot.cluster.queue import psycopg_conninfo

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
NEEDS_PG = "cluster tests need PostgreSQL: TEST_DATABASE_URL is not a postgresql+asyncpg URL"


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """TEST_DATABASE_URL, its public schema emptied (the tests' own database)."""
    if not PG_URL.startswith("postgresql"):
        pytest.skip(NEEDS_PG)
    from tests.conftest import reset_postgres

    await reset_postgres(PG_URL)
    yield PG_URL


@pytest.fixture
def conninfo(pg_url: str) -> str:
    return psycopg_conninfo(pg_url)
