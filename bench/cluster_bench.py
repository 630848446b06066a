"""Several coopbot processes on PostgreSQL (issue 17): what the job queue costs per update, and
steps/s with 1, 2 and 3 workers.

1. engine - procrastinate alone, in this process, no bot: `--updates` jobs deferred in batches
   of 100 (as the ingress stores a getUpdates batch, one lock per chat over `--chats` chats), then
   consumed by a worker whose task does nothing (fetch + run + finish), with --concurrency: a
   backlog, as after an outage; and "live": deferred while the worker takes them (at most 200
   waiting), as in normal operation.
   Per update: wall µs and CPU µs of this process (defer; fetch+finish) and of the PostgreSQL
   backends serving it (/proc/<pid>/stat of the connections' server processes).
2. bot - the real processes: `coopbot run --role ingress` and 1, 2, 3 `--role worker`, and
   for comparison `--role all` (one process) on the same PostgreSQL; N people in closed loop
   through the sandbox (updates_bench's five steps, Bot API latency 100 ms, flood limits off,
   pacing off), after as many other people went through the same steps (warm-up: connections,
   translations and caches ready in every process). Steps/s, latency, CPU per step of the
   ingress, the workers (summed) and the database's backends, the database's transactions and
   procrastinate's fetches per step, every chat's replies checked in step order; then what the
   figures say about more workers on more cores (the expected scaling).
   --profile DIR: each worker's CPU profile of the measured time (bench/profiled.py).

    .venv/bin/python bench/cluster_bench.py --database-url postgresql+asyncpg://postgres@127.0.0.1/coopbench
    .venv/bin/python bench/cluster_bench.py --database-url ... --quick    # smoke: small and short

The database named is emptied (its public schema dropped) before each run: give it one of its
own. Figures depend on the machine and what else runs on it (the load average is printed);
nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from procrastinate import App  # noqa: E402
from procrastinate.jobs import Job  # noqa: E402

from bench._common import machine_setup  # noqa: E402
from bench.cluster_procs import Part, until  # noqa: E402
from bench.updates_bench import (  # noqa: E402
    FIRST_USER_ID,
    PERSON_NAME,
    TOKEN,
    Result,
    _converse,
    check_replies,
    flow,
    machine_busy_seconds,
    process_cpu_seconds,
)
from bot.cluster.queue import make_queue, psycopg_conninfo, ready_queue  # noqa: E402
from bot.cluster.waking import WakeableWorker  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from sandbox import Sandbox, SandboxConfig  # noqa: E402
from tests.conftest import reset_postgres  # noqa: E402

PACKAGES = ("procrastinate", "psycopg", "asyncpg", "python-telegram-bot", "SQLAlchemy")
NOOP = "bench.noop"


# --- the database's side ------------------------------------------------------------------------


async def backend_pids(conninfo: str) -> set[int]:
    """The server processes of this database's connections (PostgreSQL on this machine)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        cur = await conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
        return {row[0] for row in await cur.fetchall()}


class BackendCpu:
    """CPU seconds of the database's backends between start() and stop(); a backend that comes
    or goes meanwhile counts from 0 or up to its last reading."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self._task: asyncio.Task[None] | None = None

    def _read(self, pids: set[int]) -> None:
        for pid in pids:
            with contextlib.suppress(OSError):
                cpu = process_cpu_seconds(pid)
                self.first.setdefault(pid, cpu if not self._task else 0.0)
                self.last[pid] = cpu

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(0.5)
            self._read(await backend_pids(self.conninfo))

    async def start(self) -> None:
        self._read(await backend_pids(self.conninfo))
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> float:
        self._read(await backend_pids(self.conninfo))
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        return sum(self.last[p] - self.first.get(p, 0.0) for p in self.last)


class Queries:
    """Statements the database ran between two readings: its committed and rolled-back
    transactions (procrastinate's statements are one transaction each) and the calls of
    procrastinate's fetch function (track_functions, turned on for this database by the bench).
    Backends report their counts when idle, at most once a second, and all when they end:
    read the second time after the processes stopped."""

    FETCH = "procrastinate_fetch_job_v2"

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo

    async def read(self) -> tuple[int, int]:
        async with await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True) as conn:
            cur = await conn.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database"
                " WHERE datname = current_database()"
            )
            row = await cur.fetchone()
            cur = await conn.execute(
                "SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions WHERE funcname = %s",
                (self.FETCH,),
            )
            fetches = await cur.fetchone()
        return (int(row[0]) if row else 0, int(fetches[0]) if fetches else 0)


async def count_functions(conninfo: str) -> None:
    """Count function calls in this database from the next connection on (a superuser's
    setting: without the right, fetches show as 0)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
        name = conn.info.dbname
        try:
            await conn.execute(f"ALTER DATABASE \"{name}\" SET track_functions = 'pl'")
        except psycopg.Error as exc:
            print(f"fetches not counted: {exc}".strip())


# --- 1. the engine alone ------------------------------------------------------------------------


@dataclass
class EngineResult:
    updates: int
    defer_wall_s: float = 0.0
    defer_cpu_s: float = 0.0
    defer_db_cpu_s: float = 0.0
    run_wall_s: float = 0.0
    run_cpu_s: float = 0.0
    run_db_cpu_s: float = 0.0
    live_wall_s: float = 0.0
    live_cpu_s: float = 0.0
    live_db_cpu_s: float = 0.0


async def fresh_queue(database_url: str, pool: int) -> tuple[App, str]:
    await reset_postgres(database_url)
    conninfo = psycopg_conninfo(database_url)
    app = make_queue(conninfo, pool_size=pool)
    await app.open_async()
    await ready_queue(app, conninfo)
    return app, conninfo


async def engine_run(database_url: str, updates: int, chats: int, concurrency: int) -> EngineResult:
    app, conninfo = await fresh_queue(database_url, concurrency + 4)
    done = 0

    @app.task(name=NOOP, queue="updates")
    async def noop(messenger: str, update: dict) -> None:
        nonlocal done
        done += 1

    result = EngineResult(updates)
    try:
        jobs = [
            Job(
                id=None,
                queue="updates",
                lock=f"telegram:{i % chats}",
                queueing_lock=None,
                task_name=NOOP,
                task_kwargs={"messenger": "telegram", "update": {"update_id": i, "text": "x" * 40}},
            )
            for i in range(updates)
        ]
        db = BackendCpu(conninfo)
        await db.start()
        cpu, started = time.process_time(), time.monotonic()
        for i in range(0, updates, 100):
            await app.job_manager.batch_defer_jobs_async(jobs[i : i + 100])
        result.defer_wall_s = time.monotonic() - started
        result.defer_cpu_s = time.process_time() - cpu
        result.defer_db_cpu_s = await db.stop()

        db = BackendCpu(conninfo)
        await db.start()
        cpu, started = time.process_time(), time.monotonic()
        await app.run_worker_async(
            queues=["updates"],
            concurrency=concurrency,
            wait=False,
            install_signal_handlers=False,
            listen_notify=False,
            delete_jobs="successful",
        )
        result.run_wall_s = time.monotonic() - started
        result.run_cpu_s = time.process_time() - cpu
        result.run_db_cpu_s = await db.stop()
        assert done == updates, f"{done} of {updates} jobs ran"
    finally:
        await app.close_async()
    return result


async def engine_live(
    database_url: str, updates: int, chats: int, concurrency: int, window: int, r: EngineResult
) -> None:
    """Deferred in batches of 100 while a worker takes them, at most `window` waiting: the
    ingress and the workers in step (defer + fetch + run + finish, one process)."""
    app, conninfo = await fresh_queue(database_url, concurrency + 4)
    done = 0
    progressed = asyncio.Event()

    @app.task(name=NOOP, queue="updates")
    async def noop(messenger: str, update: dict) -> None:
        nonlocal done
        done += 1
        progressed.set()

    worker = asyncio.create_task(
        WakeableWorker(  # woken as coopbot's workers are (bot/cluster/waking.py)
            app=app,
            queues=["updates"],
            concurrency=concurrency,
            wait=True,
            install_signal_handlers=False,
            listen_notify=False,
            fetch_job_polling_interval=0.5,
            delete_jobs="successful",
        ).run()
    )
    try:
        db = BackendCpu(conninfo)
        await db.start()
        cpu, started = time.process_time(), time.monotonic()
        for i in range(0, updates, 100):
            while i - done >= window:
                progressed.clear()
                await progressed.wait()
            batch = [
                Job(
                    id=None,
                    queue="updates",
                    lock=f"telegram:{n % chats}",
                    queueing_lock=None,
                    task_name=NOOP,
                    task_kwargs={"messenger": "telegram", "update": {"update_id": n}},
                )
                for n in range(i, min(i + 100, updates))
            ]
            await app.job_manager.batch_defer_jobs_async(batch)
        while done < updates:
            progressed.clear()
            await progressed.wait()
        r.live_wall_s = time.monotonic() - started
        r.live_cpu_s = time.process_time() - cpu
        r.live_db_cpu_s = await db.stop()
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        await app.close_async()


def engine_lines(r: EngineResult, concurrency: int) -> list[str]:
    per = 1e6 / r.updates
    return [
        "| phase | updates/s | wall µs/update | bench CPU µs/update | PostgreSQL CPU µs/update |",
        "|---|---:|---:|---:|---:|",
        f"| defer (batches of 100) | {r.updates / r.defer_wall_s:,.0f} | "
        f"{r.defer_wall_s * per:,.0f} | {r.defer_cpu_s * per:,.0f} | "
        f"{r.defer_db_cpu_s * per:,.0f} |",
        f"| fetch + run + finish (concurrency {concurrency}) | {r.updates / r.run_wall_s:,.0f} | "
        f"{r.run_wall_s * per:,.0f} | {r.run_cpu_s * per:,.0f} | {r.run_db_cpu_s * per:,.0f} |",
        f"| live: defer + fetch + run + finish, ≤200 waiting | {r.updates / r.live_wall_s:,.0f} | "
        f"{r.live_wall_s * per:,.0f} | {r.live_cpu_s * per:,.0f} | {r.live_db_cpu_s * per:,.0f} |",
    ]


# --- 1b. waking: every worker (procrastinate's LISTEN) or one (bot/cluster/waking.py) ---------


@dataclass
class WakeResult:
    workers: int
    wake_one: bool
    jobs: int
    wall_s: float = 0.0
    cpu_s: float = 0.0  # this process: the deferring and every worker
    db_cpu_s: float = 0.0
    fetches: int = 0


async def wake_run(
    database_url: str, workers: int, jobs: int, wake_one: bool, in_flight: int = 8
) -> WakeResult:
    """`workers` workers in this process, each on its own pool as in its own process; jobs
    deferred one per transaction (as a webhook stores an update, or a getUpdates batch of one),
    each of its own chat, at most `in_flight` waiting or running. procrastinate's LISTEN wakes
    every worker for each job; wake-one wakes one."""
    await reset_postgres(database_url)
    conninfo = psycopg_conninfo(database_url)
    apps = [make_queue(conninfo, pool_size=2) for _ in range(workers)]
    result = WakeResult(workers, wake_one, jobs)
    done = 0
    progressed = asyncio.Event()

    def counting(app: App) -> None:
        fetch = app.job_manager.fetch_job

        async def counted(*args: Any, **kwargs: Any) -> Job | None:
            result.fetches += 1
            return await fetch(*args, **kwargs)

        app.job_manager.fetch_job = counted  # type: ignore[method-assign]

    async def noop(n: int) -> None:
        nonlocal done
        done += 1
        progressed.set()

    options: dict[str, Any] = dict(
        queues=["updates"], concurrency=8, wait=True, install_signal_handlers=False,
        fetch_job_polling_interval=5.0, update_heartbeat_interval=5.0,
        delete_jobs="successful",
    )  # fmt: skip
    tasks = []
    try:
        for app in apps:
            await app.open_async()
            app.task(name=NOOP, queue="updates")(noop)
            counting(app)
        await ready_queue(apps[0], conninfo)
        for app in apps:
            if wake_one:
                worker = WakeableWorker(app=app, listen_notify=False, **options)
                tasks.append(asyncio.create_task(worker.run()))
            else:
                tasks.append(
                    asyncio.create_task(app.run_worker_async(listen_notify=True, **options))
                )
        await asyncio.sleep(1.0)  # every worker registered and listening
        result.fetches = 0
        db = BackendCpu(conninfo)
        await db.start()
        cpu, started = time.process_time(), time.monotonic()
        for i in range(jobs):
            while i - done >= in_flight:
                progressed.clear()
                await progressed.wait()
            job = Job(
                id=None, queue="updates", lock=f"telegram:{i}", queueing_lock=None,
                task_name=NOOP, task_kwargs={"n": i},
            )  # fmt: skip
            await apps[i % workers].job_manager.batch_defer_jobs_async([job])
        while done < jobs:
            progressed.clear()
            await progressed.wait()
        result.wall_s = time.monotonic() - started
        result.cpu_s = time.process_time() - cpu
        result.db_cpu_s = await db.stop()
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for app in apps:
            await app.close_async()
    return result


def wake_lines(results: list[WakeResult]) -> list[str]:
    lines = [
        "| workers | woken per job | jobs/s | fetches/job | process CPU µs/job "
        "| PostgreSQL CPU µs/job |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.workers} | {'one' if r.wake_one else 'every worker (LISTEN)'} | "
            f"{r.jobs / r.wall_s:,.0f} | {r.fetches / r.jobs:.2f} | "
            f"{r.cpu_s / r.jobs * 1e6:,.0f} | {r.db_cpu_s / r.jobs * 1e6:,.0f} |"
        )
    return lines


# --- 2. with the bot ----------------------------------------------------------------------------


def cpu(part: Part) -> float:
    assert part.proc is not None
    return process_cpu_seconds(part.proc.pid)


@dataclass
class BotRun:
    name: str
    result: Result
    ingress_cpu_s: float = 0.0
    workers_cpu_s: float = 0.0
    db_cpu_s: float = 0.0
    other_cpu_s: float = 0.0
    transactions: int = 0  # in the database, while the people talked
    fetches: int = 0  # procrastinate_fetch_job_v2 calls (all but one per job find nothing)


async def bot_run(
    database_url: str,
    workers: int,
    people: int,
    time_box: float,
    workdir: Path,
    profile: Path | None = None,
    warm_up: bool = True,
) -> BotRun:
    """workers = 0: one `--role all` process."""
    await reset_postgres(database_url)
    conninfo = psycopg_conninfo(database_url)
    await count_functions(conninfo)
    script = flow()
    name = "all (one process)" if workers == 0 else f"ingress + {workers} worker(s)"
    run = BotRun(name, Result(name, people, people * len(script)))
    settings = set(Settings.model_fields)
    async with Sandbox(SandboxConfig(latency_s=0.1, rate_limit_enabled=False)) as sandbox:
        sandbox.add_bot(TOKEN)
        env = {k: v for k, v in os.environ.items() if k.lower() not in settings}
        env.update(
            PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", TELEGRAM_TOKEN=TOKEN,
            TELEGRAM_API_URL=sandbox.base_url, DATABASE_URL=database_url,
            RATE_LIMIT_PER_SECOND="0", CHAT_RATE_PER_SECOND="0", LOG_LEVEL="WARNING",
        )  # fmt: skip
        procs = (
            [Part("all", workdir / "all-0.log", env)]
            if workers == 0
            else [Part("ingress", workdir / "ingress-0.log", env)]
            + [
                Part(
                    "worker",
                    workdir / f"worker-{i}.log",
                    env,
                    profile=profile and profile / f"worker-{workers}-{i}.prof",
                )
                for i in range(workers)
            ]
        )
        state = sandbox.bot(TOKEN)
        try:
            for p in procs:  # one at a time: the first migrates
                await p.start()
                if p is procs[0]:
                    polls = state.poll_generation

                    async def polling(polls=polls) -> bool:
                        return state.poll_generation > polls

                    await until(polling, 120, "the first process polls", procs)
            if workers:

                async def registered() -> bool:
                    async with await psycopg.AsyncConnection.connect(conninfo) as conn:
                        cur = await conn.execute("SELECT count(*) FROM procrastinate_workers")
                        row = await cur.fetchone()
                    return bool(row and row[0] >= workers)

                await until(registered, 120, "the workers register", procs)
            # warm-up: as many other people first, so that every process has its connections,
            # translations and caches before the clock starts (a short run measures steady
            # state, not each worker's first minutes)
            warm = [
                sandbox.person(FIRST_USER_ID + people + i, PERSON_NAME, "fa", TOKEN)
                for i in range(people if warm_up else 0)
            ]
            warmed = Result("warm-up", len(warm), len(warm) * len(script))
            ends = time.monotonic() + time_box
            await asyncio.gather(*(_converse(p, script, ends, warmed) for p in warm))
            crowd = [
                sandbox.person(FIRST_USER_ID + i, PERSON_NAME, "fa", TOKEN) for i in range(people)
            ]
            for p in procs:
                p.profiling(signal.SIGUSR1)  # profiling starts, when asked for
            before = [cpu(p) for p in procs]
            queries = Queries(conninfo)
            counted = await queries.read()
            db = BackendCpu(conninfo)
            await db.start()
            busy, bench_cpu = machine_busy_seconds(), time.process_time()
            started = time.monotonic()
            deadline = started + time_box
            await asyncio.gather(*(_converse(p, script, deadline, run.result) for p in crowd))
            r = run.result
            r.cut_off = r.answered < r.steps_planned
            r.wall_s = (deadline if r.cut_off else time.monotonic()) - started
            spent = [cpu(p) - b for p, b in zip(procs, before, strict=True)]
            for p in procs:
                p.profiling(signal.SIGUSR2)
            run.db_cpu_s = await db.stop()
            r.bench_cpu_s = time.process_time() - bench_cpu
            if workers:
                run.ingress_cpu_s, run.workers_cpu_s = spent[0], sum(spent[1:])
            else:
                run.workers_cpu_s = spent[0]
            r.bot_cpu_s = sum(spent)
            run.other_cpu_s = max(
                0.0, machine_busy_seconds() - busy - r.bot_cpu_s - r.bench_cpu_s - run.db_cpu_s
            )
            r.order_violations = check_replies(sandbox, crowd, script)
        finally:
            for p in procs:
                await p.stop()
    transactions, fetches = await queries.read()
    run.transactions, run.fetches = transactions - counted[0], fetches - counted[1]
    return run


def bot_lines(runs: list[BotRun]) -> list[str]:
    lines = [
        "| configuration | people | steps/s | p50 ms | p99 ms | answered | order ok "
        "| ingress CPU ms/step | workers CPU ms/step | PostgreSQL CPU ms/step "
        "| transactions/step | fetches/step | other CPU s |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        r = run.result
        n = max(r.answered, 1)
        mark = "≥" if r.censored else ""
        lines.append(
            f"| {run.name} | {r.people} | {r.rate:.1f} | {mark}{r.percentile(0.5) * 1000:.0f} | "
            f"{mark}{r.percentile(0.99) * 1000:.0f} | {r.answered}/{r.steps_planned} | "
            f"{'yes' if r.order_ok else f'NO ({r.order_violations} chats)'} | "
            f"{run.ingress_cpu_s / n * 1000:.1f} | {run.workers_cpu_s / n * 1000:.1f} | "
            f"{run.db_cpu_s / n * 1000:.1f} | {run.transactions / n:.1f} | "
            f"{run.fetches / n:.2f} | {run.other_cpu_s:.1f} |"
        )
    return lines


def scaling_lines(runs: list[BotRun]) -> list[str]:
    """What the runs say about more workers on more cores: the CPU one step costs in each kind
    of process. A worker's share per step should stay about the same as workers are added
    (summed over the workers); the ingress and PostgreSQL are the central parts: their share
    per step bounds the whole, whatever the number of workers."""
    cluster = [r for r in runs if r.name.startswith("ingress") and r.result.answered]
    if not cluster:
        return []

    def ms(seconds: float, run: BotRun) -> float:
        return seconds / run.result.answered * 1000

    lines = ["", "expected scaling (CPU ms per step, workers summed):"]
    for run in cluster:
        lines.append(
            f"  {run.name}: workers {ms(run.workers_cpu_s, run):.1f}, ingress "
            f"{ms(run.ingress_cpu_s, run):.1f}, PostgreSQL {ms(run.db_cpu_s, run):.1f}"
        )
    worker = max(ms(r.workers_cpu_s, r) for r in cluster)
    ingress = max(ms(r.ingress_cpu_s, r) for r in cluster)
    database = max(ms(r.db_cpu_s, r) for r in cluster)
    first, last = cluster[0], cluster[-1]
    growth = ms(last.workers_cpu_s, last) / max(ms(first.workers_cpu_s, first), 1e-9)
    reading = (
        "about constant: a worker added adds capacity, not cost per step"
        if growth < 1.25
        else "grows: each worker's own work (heartbeats, polls, leader checks), smaller batches"
        " per process, or contention for this machine's cores (compare the load)"
    )
    lines += [
        f"  workers' CPU per step, {last.name} against {first.name}: x{growth:.2f} ({reading})",
        f"  each core given to workers: about {1000 / worker:,.0f} steps/s; the ingress "
        f"(one process per messenger): about {1000 / max(ingress, 1e-9):,.0f} steps/s per core; "
        f"PostgreSQL: about {1000 / max(database, 1e-9):,.0f} steps/s per core",
        "  so steps/s grow with the workers' cores until PostgreSQL's cores are busy "
        f"(steps/s x {database:.1f} ms = its CPU); on this machine every process shares the "
        "same cores, so steps/s cannot grow here",
    ]
    return lines


# --- main ---------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"), required=False)
    p.add_argument("--quick", action="store_true", help="a smoke run: small and short")
    p.add_argument("--updates", type=int, default=20_000)
    p.add_argument("--chats", type=int, default=1_000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--people", type=int, default=100)
    p.add_argument("--workers", default="0,1,2,3", help="0 = one --role all process")
    p.add_argument("--time-box", type=float, default=60.0)
    p.add_argument("--skip-engine", action="store_true")
    p.add_argument("--skip-bot", action="store_true")
    p.add_argument("--skip-wake", action="store_true")
    p.add_argument("--wake-jobs", type=int, default=3_000)
    p.add_argument("--no-warm-up", action="store_true", help="measure from the first update on")
    p.add_argument(
        "--profile", type=Path, help="a directory: each worker's cProfile statistics go there"
    )
    return p


async def _main(args: argparse.Namespace) -> int:
    if not (args.database_url or "").startswith("postgresql"):
        print("cluster_bench: give --database-url postgresql+asyncpg://... (a database of its own)")
        return 2
    if args.quick:
        args.updates, args.chats, args.people, args.time_box = 2_000, 200, 20, 20.0
        args.wake_jobs = 500
        args.workers = "0,1,2,3"
    for line in machine_setup(PACKAGES):
        print(line)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    if not args.skip_engine:
        r = await engine_run(args.database_url, args.updates, args.chats, args.concurrency)
        await engine_live(args.database_url, args.updates, args.chats, args.concurrency, 200, r)
        print(f"\nengine: procrastinate, {args.updates} updates over {args.chats} chats, no bot")
        print("\n".join(engine_lines(r, args.concurrency)))
    if not args.skip_wake:
        wakes = [
            await wake_run(args.database_url, workers, args.wake_jobs, wake_one)
            for workers in (1, 2, 3)
            for wake_one in (False, True)
        ]
        print(
            f"\nwaking: {args.wake_jobs} jobs, one per transaction and per chat, at most 8 "
            "waiting or running; the workers in this process, each on its own pool; no bot"
        )
        print("\n".join(wake_lines(wakes)))
    if not args.skip_bot:
        runs = []
        for workers in [int(w) for w in args.workers.split(",")]:
            with tempfile.TemporaryDirectory(prefix="coopcluster-") as workdir:
                runs.append(
                    await bot_run(
                        args.database_url,
                        workers,
                        args.people,
                        args.time_box,
                        Path(workdir),
                        args.profile,
                        not args.no_warm_up,
                    )
                )
        print(
            f"\nbot: {args.people} people in closed loop, 5 steps each, Bot API latency 100 ms, "
            f"time box {args.time_box:.0f} s, flood limits and pacing off"
        )
        print("\n".join(bot_lines(runs) + scaling_lines(runs)))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(_main(_parser().parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
