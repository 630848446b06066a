"""What a hostile course spreadsheet costs everyone else (issue 14): a staff member uploads it in
the chat while other people keep asking for /help.

The bot is the real Application (handlers, services, SQLite file) talking to the sandbox Bot API
in this process (no latency, flood control off: this measures the bot, not Telegram). For each
file: the staff member opens the import (/admin → «upload»), then sends the file; meanwhile
`--people` other members send /help one after another (each waits for its answer) until the
upload is answered. Reported per file: the upload's answer time, /help answers during it
(count, p50, p99, max — from process_update's start to its end, which includes sending the
answer to the sandbox), the answer's first line, and this process's peak RSS before and after
(ru_maxrss: it only grows, so the files run from the mildest to the heaviest; each file is made
in a child process, so making it does not count), and the longest hold of the write lock (one
write transaction, from its start to its commit: what a chat that writes may wait for).

    .venv/bin/python bench/hostile_import_bench.py              # every hostile file, 20 people
    .venv/bin/python bench/hostile_import_bench.py --people 50 --files bomb,laughs
    .venv/bin/python bench/hostile_import_bench.py --files none,courses   # legitimate, at the limit
    .venv/bin/python bench/hostile_import_bench.py --profile    # 2,000 courses alone, cProfile

Figures depend on the machine; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from bench._common import machine_setup  # noqa: E402
from bot.app import build_application, build_services, set_commands  # noqa: E402
from bot.core.clock import SystemClock  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.services.catalogue import FIELDS  # noqa: E402
from sandbox import Sandbox, SandboxConfig  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from tests.services import hostile_files as hostile  # noqa: E402

TOKEN = "666666:bench-hostile"
STAFF = 9001
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PACKAGES = ("openpyxl", "defusedxml", "lxml", "python-telegram-bot", "SQLAlchemy", "aiosqlite")


def courses(count: int = 2000) -> bytes:
    """A legitimate file at the limit: 2,000 valid courses (the largest import allowed)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(FIELDS))
    for number in range(count):
        row = {
            "ref": f"bench-{number}",
            "standard_code": f"00{number:08d}",
            "title_fa": f"دورهٔ آزمایشی {number}",
            "title_en": f"Bench course {number}",
            "topic": "accounting",
            "provider_kind": "tvto_centre",
            "provider_name": "مرکز شماره ۱",
            "province": "تهران",
            "county": "تهران",
            "delivery_mode": "in_person",
            "start": "1410/10/01",
            "end": "1410/11/30",
            "sessions": "شنبه 09:00-12:00",
            "total_hours": 48,
            "capacity": 20,
            "deadline": "1410/09/25",
        }
        sheet.append([row.get(name, "") for name in FIELDS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BASELINE_S = 3.0
FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "none": (f"no upload ({BASELINE_S:.0f} s of /help alone)", lambda: b""),
    "pdf": ("a renamed PDF", lambda: hostile.RENAMED_PDF),
    "laughs": ("billion laughs in the sheet", hostile.billion_laughs),
    "empty": ("a million empty rows (the issue's)", hostile.million_empty_rows),
    "last": ("one cell in row 1,048,576", hostile.last_row_only),
    "bomb": ("a zip bomb (64 MB of spaces)", hostile.zip_bomb),
    "rows": ("300,000 numbered rows (packed 7:1)", hostile.many_rows),
    "courses": ("2,000 valid courses (legitimate, at the limit)", courses),
}


def make(name: str) -> bytes:
    return FILES[name][1]()


def time_writes(db) -> list[float]:
    """Every write transaction of `db` from then on, timed from its start (the lock held) to
    its commit."""
    holds: list[float] = []
    write = db.write

    @asynccontextmanager
    async def timed() -> AsyncIterator:
        async with write() as conn:
            start = time.perf_counter()
            yield conn
        holds.append(time.perf_counter() - start)

    db.write = timed
    return holds


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


async def measure(name: str, data: bytes, people: int, folder: Path) -> str:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{folder}/{name}.sqlite3",
        admins=[("telegram", STAFF)],
        rate_limit_per_second=0,
    )
    config = SandboxConfig(rate_limit_enabled=False)
    async with Sandbox(config) as sandbox:
        sandbox.add_bot(TOKEN)
        services = build_services(settings, SystemClock())
        await upgrade(services.db)
        app = build_application("telegram", TOKEN, services, base_url=sandbox.base_url)
        try:
            async with app:
                await set_commands(app)
                staff = sandbox.person(STAFF, "کارشناس", "fa", token=TOKEN)
                await staff.process(app, "send_command", "/admin")
                await staff.process(app, "press", "بارگذاری فایل اکسل دوره‌ها")
                ids = range(people)
                others = [sandbox.person(20_000 + i, "عضو", "fa", token=TOKEN) for i in ids]
                for person in others:
                    await person.process(app, "send_command", "/start")
                holds = time_writes(services.db)
                return await _race(app, staff, others, name, data, holds)
        finally:
            await services.db.dispose()


async def _race(app, staff, others, name: str, data: bytes, holds: list[float]) -> str:
    latencies: list[float] = []
    done = asyncio.Event()
    before_rss = peak_mib()

    async def upload() -> float:
        start = time.perf_counter()
        if name == "none":  # the baseline: the same people, no upload, for BASELINE_S
            await asyncio.sleep(BASELINE_S)
        else:
            await staff.process(app, "send_document", f"{name}.xlsx", data, XLSX)
        done.set()
        return time.perf_counter() - start

    async def ask_for_help(person) -> None:
        while not done.is_set():
            start = time.perf_counter()
            await person.process(app, "send_command", "/help")
            latencies.append(time.perf_counter() - start)

    results = await asyncio.gather(upload(), *(ask_for_help(p) for p in others))
    answer = "—" if name == "none" else (staff.last().text or "").replace("\n", " ")[:90]
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else float("nan")
    p50 = statistics.median(ordered) if ordered else float("nan")
    return (
        f"| {FILES[name][0]} | {len(data) / 1024:,.0f} KB | {results[0]:.2f} s | {len(ordered)} | "
        f"{p50 * 1000:.0f} | {p99 * 1000:.0f} | {max(ordered, default=0) * 1000:.0f} | "
        f"{before_rss:.0f} → {peak_mib():.0f} | {max(holds, default=0) * 1000:,.0f} | {answer} |"
    )


async def profile(folder: Path) -> None:
    """The 2,000-course import alone (no other chats), through the service, under cProfile."""
    settings = Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{folder}/profile.sqlite3"
    )
    services = build_services(settings, SystemClock())
    await upgrade(services.db)
    data = courses()
    holds = time_writes(services.db)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    report = await services.admin.imports.import_xlsx(None, data)
    profiler.disable()
    took = time.perf_counter() - start
    await services.db.dispose()
    print(f"2,000 courses imported: {report.imported}, added {report.added}; {took:.2f} s, "
          f"longest write transaction {max(holds, default=0) * 1000:,.0f} ms")
    print("(cProfile sees the event loop's thread: the file read and checked in a worker "
          "thread and the database's own thread show as waiting)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=20, help="other members asking for /help")
    hostile_ones = ",".join(name for name in FILES if name != "courses")
    parser.add_argument("--files", default=hostile_ones, help=f"of {', '.join(FILES)}")
    parser.add_argument("--profile", action="store_true", help="2,000 courses alone, cProfile")
    args = parser.parse_args(argv)
    for line in machine_setup(PACKAGES):
        print(line)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"other members: {args.people}; sandbox latency 0, flood control off; load {load}")
    print()
    if args.profile:
        with tempfile.TemporaryDirectory() as folder:
            await profile(Path(folder))
        return 0
    print("| file | size | answered in | /help during | p50 ms | p99 ms | max ms | peak RSS MiB |"
          " longest write ms | the answer |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as folder, ProcessPoolExecutor(1) as maker:
        for name in args.files.split(","):
            data = maker.submit(make, name).result()
            print(await measure(name, data, args.people, Path(folder)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
