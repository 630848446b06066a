"""One visible schedule (bot/background/schedule.py): on the JobQueue of one process, and as
procrastinate periodic tasks deferred once per slot across workers (bot/cluster/schedule.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from procrastinate import App
from procrastinate.periodic import PeriodicDeferrer

from bot.app import build_application
from bot.background import schedule
from bot.background.schedule import MESSENGER_JOBS, SLOT_JOBS, slot_job
from bot.cluster.queue import make_queue
from bot.cluster.schedule import QUEUE, cron_for, install, task_name
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import build_services
from storage.engine import create_database
from storage.migrate import upgrade
from tests.services.courses_support import add_members


def job_names(app) -> dict[str, float]:
    return {job.name: job.job.trigger.interval.total_seconds() for job in app.job_queue.jobs()}


async def test_one_process_runs_every_job_on_the_job_queue(tmp_path, clock, settings):
    settings = settings.model_copy(update={"reminder_plan_interval_seconds": 120})
    services = build_services(settings, create_database(settings.database_url), clock,
                              Translator(default="fa"))
    telegram = build_application("telegram", "1:T", services, base_url="http://127.0.0.1:9/bot")
    bale = build_application("bale", "2:B", services, base_url="http://127.0.0.1:9/bot")
    try:
        # the slot jobs once per process (on the first Application), the messenger jobs each
        assert job_names(telegram) == {
            "ledger:telegram": settings.delivery_tick_seconds,
            "broadcasts:telegram": 1.0,
            "reminders:courses": 120.0,
            "reminders:monthly": 60.0,
            "offers": 300.0,
            "nominations": 300.0,
            "prune": 3600.0,
        }
        assert job_names(bale) == {"ledger:bale": 1.0, "broadcasts:bale": 1.0}
        assert telegram.bot_data["dispatcher"].platform == "telegram"
        assert bale.bot_data["broadcast_progress"].platform == "bale"
    finally:
        await services.db.dispose()


def test_every_job_has_one_name_and_says_what_it_does():
    names = [j.name for j in SLOT_JOBS] + [j.name for j in MESSENGER_JOBS]
    assert len(names) == len(set(names))
    assert all(j.what for j in (*SLOT_JOBS, *MESSENGER_JOBS))
    with pytest.raises(KeyError):
        slot_job("nothing")


@pytest.mark.parametrize(
    ("seconds", "cron"),
    [
        (1, "* * * * * */1"),
        (7, "* * * * * */6"),  # never less often than asked: the longest step within 7 s
        (59, "* * * * * */30"),
        (60, "*/1 * * * *"),
        (90, "*/1 * * * *"),
        (300, "*/5 * * * *"),
        (600, "*/10 * * * *"),
        (3599, "*/30 * * * *"),
        (3600, "0 */1 * * *"),
        (7 * 3600, "0 */6 * * *"),
        (86_400, "0 0 * * *"),
    ],
)
def test_a_period_becomes_the_longest_cron_step_within_it(seconds, cron):
    assert cron_for(seconds) == cron


def test_the_blueprint_holds_every_slot_job_once_with_its_lock(clock, sqlite_db):
    settings = Settings(_env_file=None, reminder_plan_interval_seconds=600)
    services = build_services(settings, sqlite_db, clock, Translator(default="fa"))
    app = make_queue("postgresql:///unused")
    install(app, services)
    periodic = app.periodic_registry.periodic_tasks
    assert {(name, pid) for name, pid in periodic} == {
        (task_name(j), j.name) for j in SLOT_JOBS
    }
    for job in SLOT_JOBS:
        task = app.tasks[task_name(job)]
        assert (task.lock, task.queueing_lock, task.queue) == (job.name, job.name, QUEUE)
        assert periodic[(task_name(job), job.name)].cron == cron_for(job.period(settings))
    assert periodic[(task_name(slot_job("reminders:courses")), "reminders:courses")].cron == (
        "*/10 * * * *"
    )


# --- several workers on PostgreSQL ------------------------------------------------------------


@pytest.fixture
async def cluster(pg_url, conninfo, clock) -> AsyncIterator[tuple[str, object]]:
    settings = Settings(_env_file=None, database_url=pg_url)
    db = create_database(pg_url)
    await upgrade(db)
    services = build_services(settings, db, clock, Translator(default="fa"))
    try:
        yield conninfo, services
    finally:
        await db.dispose()


def worker_app(conninfo: str, services) -> App:
    app = make_queue(conninfo)
    install(app, services)
    return app


async def test_each_slot_is_deferred_once_across_workers_and_run_once(cluster, clock):
    conninfo, services = cluster
    await add_members(services.db, datetime(2025, 11, 10, tzinfo=UTC), 1)  # before the cut-off
    clock.set(datetime(2025, 11, 20, 7, 0, tzinfo=UTC))  # 29 Aban 1404: past Aban's cut-off
    workers = [worker_app(conninfo, services) for _ in range(3)]
    slot = int(datetime(2025, 11, 20, 7, 0, tzinfo=UTC).timestamp())
    for app in workers:
        await app.open_async()
    try:
        await workers[0].schema_manager.apply_schema_async()
        for app in workers:  # each worker's deferrer sees the same slot come due
            deferrer = PeriodicDeferrer(app.periodic_registry)
            tasks = app.periodic_registry.periodic_tasks.values()
            await deferrer.defer_jobs((task, slot) for task in tasks)
        async with workers[1].connector.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT task_name, count(*) FROM procrastinate_jobs GROUP BY task_name"
            )
            deferred = dict(await cur.fetchall())
        assert deferred == {task_name(j): 1 for j in SLOT_JOBS}
        # the next slot of one job while its run still waits: skipped (queueing lock)
        again = PeriodicDeferrer(workers[2].periodic_registry)
        periodic = workers[2].periodic_registry.periodic_tasks
        offers = periodic[(task_name(slot_job("offers")), "offers")]
        await again.defer_jobs([(offers, slot + 300)])
        async with workers[1].connector.pool.connection() as conn:
            cur = await conn.execute("SELECT count(*) FROM procrastinate_jobs")
            assert (await cur.fetchone())[0] == len(SLOT_JOBS)

        await workers[1].run_worker_async(wait=False, install_signal_handlers=False)
        async with workers[1].connector.pool.connection() as conn:
            cur = await conn.execute("SELECT task_name, status FROM procrastinate_jobs")
            statuses = dict(await cur.fetchall())
        assert statuses == {task_name(j): "succeeded" for j in SLOT_JOBS}
        # the nominations slot froze Aban's list (once: a second run finds nothing due)
        months = (await services.nomination.overview()).months
        assert [(m.year, m.month, m.status) for m in months] == [(1404, 8, "frozen")]
        assert await services.nomination.freeze_due() is None
    finally:
        for app in workers:
            await app.close_async()


async def test_the_job_queue_callback_runs_the_slot_job(tmp_path, clock, settings, sqlite_db):
    services = build_services(settings, sqlite_db, clock, Translator(default="fa"))
    await add_members(sqlite_db, datetime(2025, 11, 10, tzinfo=UTC), 1)
    clock.set(datetime(2025, 11, 20, 7, 0, tzinfo=UTC))
    await slot_job("nominations").callback(services)()
    months = (await services.nomination.overview()).months
    assert [(m.year, m.month) for m in months] == [(1404, 8)]
    assert schedule.JOB_KWARGS["coalesce"] is True
