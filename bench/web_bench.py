"""The staff web console's monthly list page with 5,000 people: how long the page takes, from
the request to the last byte, as staff open it (session looked up, role re-read, the month's
rows, filter choices and courses read, the table rendered with a move form per person).

    .venv/bin/python bench/web_bench.py [--rows 5000] [--runs 20] [--database-url URL]

The month is the export bench's (bench/export_bench.py `seed`: members with profiles, 60
courses, a cooperative per 40 people, one frozen month, every entry placed), written into a
fresh database (a temporary SQLite file, or --database-url, which is wiped). The console runs
in this process on 127.0.0.1 (aiohttp's test server) and is asked over HTTP: first the whole
list on one page (`per=5000`), then the default page of 500, then one course's rows. Prints the
median and p95 over --runs requests of each, after one warm-up: wall time, and this process's
CPU time (client and server together, less disturbed by a busy machine). As `coopbot run` does
after start-up, what was built before the requests is frozen out of the garbage collector's
passes (gc.freeze). Target (issue 18): the page with 5,000 rows in at most 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import machine_setup

PACKAGES = ("aiohttp", "Jinja2", "SQLAlchemy", "aiosqlite", "asyncpg")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def measure(client, url: str, runs: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of each request (CPU: this process's, client and server
    together, so less disturbed by other processes on a shared machine)."""
    response = await client.get(url)  # warm-up: templates compiled, caches filled
    size = len(await response.read())
    assert response.status == 200, response.status
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = await client.get(url)
        await response.read()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status == 200
    return walls, cpus, size


async def main(rows: int, runs: int, url: str | None) -> None:
    from aiohttp.test_utils import TestClient, TestServer
    from sqlalchemy import text, update

    from bench.export_bench import rows as made_rows
    from bench.export_bench import seed
    from bot.core.clock import FixedClock
    from bot.core.config import Settings
    from bot.core.i18n import Translator
    from bot.services.container import build_services
    from storage.engine import create_database
    from storage.members import MembersRepo
    from storage.migrate import upgrade
    from storage.schema.courses import nomination_entries
    from web.app import make_app

    for line in machine_setup(PACKAGES):
        print(line)
    with tempfile.TemporaryDirectory() as folder:
        if url:
            from tests.conftest import reset_postgres

            await reset_postgres(url)
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'web.sqlite3'}"
        settings = Settings(_env_file=None, database_url=url, web_port=18799)
        db = create_database(url)
        from bench.export_bench import START

        clock = FixedClock(START)
        services = build_services(settings, db, clock, Translator())
        client = TestClient(TestServer(make_app(services)))
        try:
            await upgrade(db)
            started = time.perf_counter()
            month_id = await seed(db, made_rows(rows))
            async with db.write() as conn:  # as a freeze writes them: each with its cooperative
                if not db.is_sqlite:  # the seed wrote ids itself: move PostgreSQL's counter on
                    await conn.execute(
                        text(
                            "SELECT setval(pg_get_serial_sequence('members', 'id'),"
                            " (SELECT max(id) FROM members))"
                        )
                    )
                entries = nomination_entries.c
                await conn.execute(
                    update(nomination_entries).values(
                        cooperative_id=(entries.member_id - 1) // 40 + 1
                    )
                )
                staff = await MembersRepo(conn).seen(
                    platform="telegram",
                    user_id=1,
                    chat_id=1,
                    first_name="staff",
                    last_name=None,
                    username=None,
                    language_code="fa",
                    now=clock.now(),
                )
                await MembersRepo(conn).set_role(staff.id, "staff")
            print(f"seeded {rows:,} people in one frozen month in "
                  f"{time.perf_counter() - started:.1f} s ({url.split('://')[0]})")
            await client.start_server()
            gc.collect()  # as coopbot run does once started (bot/app.py Runtime.start)
            gc.freeze()
            link = await services.web_access.issue_link(staff.id)
            token = link.rsplit("/", 1)[1]
            signed = await client.post("/signin", data={"token": token}, allow_redirects=False)
            assert signed.status == 303
            base = f"/nominations/{month_id}"
            for label, target in (
                (f"all {rows:,} rows on one page", f"{base}?per=5000"),
                ("default page (500 rows)", base),
                ("one course's rows", f"{base}?course=1&per=5000"),
            ):
                walls, cpus, size = await measure(client, target, runs)
                print(
                    f"{label}: median {statistics.median(walls):.0f} ms, p95 {p95(walls):.0f} ms"
                    f" (CPU median {statistics.median(cpus):.0f} ms; {runs} runs; "
                    f"{size / 2**20:.2f} MiB of HTML)"
                )
            print(f"load average during the run: {os.getloadavg()[0]:.1f}")
        finally:
            await client.close()
            await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.runs, args.database_url))
