"""`coopbot run --role web`: the staff web console as a process of its own on PostgreSQL.

The real process against the sandbox over HTTP: it migrates, answers /healthz and /readyz on
the console's port, serves a page to a signed-in staff member and refuses a visitor without a
session and someone whose staff role was taken away. A broadcast written and sent on the web
is sent by the worker leading "broadcasts:<messenger>" and "ledger:<messenger>" (two processes
contend here, bot/cluster/dispatch.py), once to each person, with one report to its author: the
web process itself sends nothing. A worker answers `/web` with a link to WEB_BASE_URL. On
SQLite, or without WEB_BASE_URL, the role is refused in one sentence."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from bot.__main__ import main
from bot.cluster.worker import ClusterWorker
from bot.core.clock import SystemClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import Services, build_services
from bot.services.roles import NotAllowed
from sandbox import Sandbox, SandboxConfig
from storage.engine import create_database
from storage.members import MembersRepo
from tests.cluster.test_cli_roles import office  # noqa: F401 (a fixture)
from tests.cluster.test_cluster_e2e import Part, query, until
from tests.cluster.test_dispatch import TOKEN, Process
from tests.services.admin_support import person

PORT = 18401
BASE = f"http://127.0.0.1:{PORT}"
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
QUIET_OFF = {"quiet_hours_start": "00:00", "quiet_hours_end": "00:00"}  # equal: none


@dataclass
class Desk:
    """The web process, the sandbox it asked who the bot is, and the test's own services on
    the same database (to add people and make `/web` links as a worker would)."""

    part: Part
    sandbox: Sandbox
    services: Services
    clock: SystemClock

    async def person(self, user_id: int, role: str = "member"):
        self.sandbox.person(user_id, platform="telegram")
        return await person(self.services.db, self.clock, user_id, role)  # type: ignore[arg-type]


def settings_for(pg_url: str, **extra) -> Settings:
    return Settings(
        _env_file=None,
        database_url=pg_url,
        web_port=PORT,
        web_base_url=BASE,
        rate_limit_per_second=0,
        chat_rate_per_second=0,
        **{**QUIET_OFF, **extra},
    )


@asynccontextmanager
async def desk(tmp_path: Path, pg_url: str) -> AsyncIterator[Desk]:
    async with Sandbox() as sandbox:
        sandbox.config.rate_limit_enabled = False
        sandbox.add_bot(TOKEN, platform="telegram", username="coop_desk_bot")
        env = {k: v for k, v in os.environ.items() if not k.endswith("_TOKEN")}
        for name in ("HEALTH_PORT", "WEB_HOST", "ROLE"):
            env.pop(name, None)
        env.update(
            DATABASE_URL=pg_url,
            TELEGRAM_TOKEN=TOKEN,
            TELEGRAM_API_URL=sandbox.base_url,
            WEB_PORT=str(PORT),
            WEB_BASE_URL=BASE,
            QUIET_HOURS_START="00:00",
            QUIET_HOURS_END="00:00",
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        part = Part("web", tmp_path / "web.log", env)
        services = None
        try:
            await part.start()  # migrates under the cluster's start-up lock
            await until(lambda: readyz_ready(), 60, "the web process is ready", [part])
            db = create_database(pg_url)
            services = build_services(settings_for(pg_url), db, SystemClock(), Translator())
            yield Desk(part, sandbox, services, SystemClock())
        finally:
            await part.stop()
            if services is not None:
                await services.db.dispose()


async def readyz_ready() -> bool:
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{BASE}/readyz") as response:
            return response.status == 200
    except aiohttp.ClientError:
        return False


@asynccontextmanager
async def leading_workers(d: Desk, pg_url: str, conninfo: str) -> AsyncIterator[list[Process]]:
    """Two workers beside the web process, one of which leads the ledger and the broadcasts."""
    lead_settings = settings_for(pg_url, delivery_rate_per_second=1000, delivery_tick_seconds=0.05)
    workers = [Process(lead_settings, d.clock, d.sandbox, conninfo) for _ in range(2)]
    try:
        for worker in workers:
            await worker.start()
        yield workers
    finally:
        for worker in workers:
            await worker.stop()


def browser() -> aiohttp.ClientSession:
    """Cookies kept like a browser's (the console is at an IP address here)."""
    return aiohttp.ClientSession(BASE, cookie_jar=aiohttp.CookieJar(unsafe=True))


async def sign_in(http: aiohttp.ClientSession, services: Services, member_id: int) -> str:
    """Open a fresh `/web` link and press «ورود»: the CSRF token of the session."""
    link = await services.web_access.issue_link(member_id)
    assert link.startswith(f"{BASE}/signin/")
    token = link.rsplit("/", 1)[1]
    async with http.post("/signin", data={"token": token}, allow_redirects=False) as response:
        assert response.status == 303, await response.text()
    async with http.get("/broadcasts/new") as page:
        assert page.status == 200
        found = CSRF.search(await page.text())
    assert found
    return found.group(1)


@pytest.mark.e2e
async def test_the_web_role_serves_staff_and_refuses_others(tmp_path, pg_url):
    async with desk(tmp_path, pg_url) as d:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{BASE}/healthz") as alive:
                body = await alive.json()
                assert alive.status == 200 and body["role"] == "web" and body["alive"]
            async with http.get(f"{BASE}/readyz") as ready:
                body = await ready.json()
            assert body == {
                "ready": True,
                "role": "web",
                "database": "ok",
                "parts": {"console": "running"},
            }
        assert d.sandbox.calls("getMe", token=TOKEN)  # the bot's name, for invitation links

        staff = await d.person(9101, "staff")
        async with browser() as stranger, stranger.get("/nominations") as page:
            assert page.status == 401  # signed out: the page says how to sign in
            assert "/web" in await page.text()
        async with browser() as http:
            await sign_in(http, d.services, staff.id)
            async with http.get("/nominations") as page:
                assert page.status == 200
                assert 'lang="fa"' in (await page.text())[:300]
            async with http.get("/staff") as admins_only:
                assert admins_only.status == 403  # staff, not admin
            async with d.services.db.write() as conn:  # the role taken away in the chat
                await MembersRepo(conn).set_role(staff.id, "member")
            async with http.get("/nominations") as page:
                assert page.status == 403  # at the next click
            async with http.get("/healthz") as alive:
                assert alive.status == 200  # the probes need no session
        member = await d.person(9102)
        with pytest.raises(NotAllowed):
            await d.services.web_access.issue_link(member.id)  # a member gets no link
        await d.part.stop()  # SIGTERM: the console closes and the process ends cleanly
        assert d.part.proc is not None and d.part.proc.returncode == 0, d.part.log()
        assert "Traceback" not in d.part.log()


@pytest.mark.e2e
async def test_a_broadcast_sent_on_the_web_is_sent_once_by_the_leader(tmp_path, pg_url, conninfo):
    people = range(9201, 9206)
    async with desk(tmp_path, pg_url) as d:
        staff = await d.person(9200, "staff")
        for user in people:
            await d.person(user)
        async with leading_workers(d, pg_url, conninfo) as workers:
            async with browser() as http:
                csrf = await sign_in(http, d.services, staff.id)
                async with http.post(
                    "/broadcasts/new",
                    data={"csrf": csrf, "body": "کلاس فردا ساعت ۱۰ برگزار می‌شود"},
                    allow_redirects=False,
                ) as made:
                    assert made.status == 303
                    path = made.headers["Location"]
                async with http.post(
                    f"{path}/send", data={"csrf": csrf}, allow_redirects=False
                ) as sent:
                    assert sent.headers["Location"] == f"{path}?note=sending"
            b_id = int(path.rsplit("/", 1)[1])

            def texts(user: int) -> list[str]:
                try:
                    return [m.text or "" for m in d.sandbox.messages(user, token=TOKEN)]
                except KeyError:
                    return []

            def reported() -> bool:
                return any("گزارش پیام گروهی" in t for t in texts(staff.user_id))

            await until(lambda: asyncio.sleep(0, reported()), 60, "the report", [d.part])
            finished = await d.services.broadcast.get(b_id)
            assert finished is not None and finished.status == "done"
            for user in (*people, staff.user_id):
                got = [t for t in texts(user) if "کلاس فردا" in t]
                assert len(got) == 1, (user, texts(user))
            report = [t for t in texts(staff.user_id) if "گزارش پیام گروهی" in t]
            assert len(report) == 1, texts(staff.user_id)
            leaders = [w for w in workers if w.leading("broadcasts:telegram")]
            assert len(leaders) == 1  # one process wrote the recipients and the report
            sends = d.sandbox.calls(("sendMessage", "copyMessage"), token=TOKEN, ok=True)
            # a copy each (the author's too), the author's status message, one report
            assert len(sends) == len(people) + 3, [c.params.get("text") for c in sends]


@pytest.mark.e2e
async def test_a_course_cancelled_on_the_web_is_told_once_by_the_ledger_leader(
    tmp_path, pg_url, conninfo, clock
):
    """The people registered are told through the ledger, sent by the worker leading
    "ledger:telegram", not by the web process."""
    from tests.services.courses_support import FakeNeeds
    from tests.services.test_course_admin import RAW

    async with desk(tmp_path, pg_url) as d:
        staff = await d.person(9400, "staff")
        people = [await d.person(user) for user in (9401, 9402)]
        needs = FakeNeeds()
        # the course and its registrations as they were in Aban 1404 (the course's dates)
        then = build_services(settings_for(pg_url), d.services.db, clock, Translator(), needs=needs)
        course = await then.admin.courses.create(staff, {**RAW, "capacity": 5})
        for n, member in enumerate(people):
            needs.submit(member.id, 10 - n)
            await then.registration.register(member.id, course.id)
        async with leading_workers(d, pg_url, conninfo) as workers:
            async with browser() as http:
                csrf = await sign_in(http, d.services, staff.id)
                async with http.post(
                    f"/courses/{course.id}/cancel",
                    data={"csrf": csrf, "reason": "مربی نداریم"},
                    allow_redirects=False,
                ) as done:
                    assert done.headers["Location"].endswith("note=cancelled_now&n=2")

            def told(user: int) -> list[str]:
                texts = [m.text or "" for m in d.sandbox.messages(user, token=TOKEN)]
                return [t for t in texts if "لغو شد" in t and "حسابداری ۱" in t]

            async def everyone_told() -> bool:
                return all(told(p.user_id) for p in people)

            await until(everyone_told, 60, "the people are told", [d.part])
            await until(lambda: delivered(conninfo), 30, "every notice has its outcome", [d.part])
            for member in people:
                assert len(told(member.user_id)) == 1, d.sandbox.messages(
                    member.user_id, token=TOKEN
                )
            assert sum(w.leading("ledger:telegram") for w in workers) == 1


async def delivered(conninfo: str) -> bool:
    """Every ledger row has its outcome (none pending or being sent)."""
    rows = await query(
        conninfo, "SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')"
    )
    return rows[0][0] == 0


@pytest.mark.parametrize(("lang", "start"), [
    ("en", "coopbot: The web role of `coopbot run` needs PostgreSQL"),
    ("fa", "coopbot: نقش web برای `coopbot run` به PostgreSQL نیاز دارد"),
])  # fmt: skip
def test_the_web_role_on_sqlite_is_one_sentence(office, capsys, monkeypatch, lang, start):  # noqa: F811
    monkeypatch.setenv("WEB_BASE_URL", "https://desk.example.org")
    assert main(["run", "--role", "web", "--lang", lang]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(start) and "WEB_PORT" in err
    assert "\n" not in err and "Traceback" not in err
    assert not (office / "data" / "coopbot.sqlite3").exists()  # nothing was started


def test_the_web_role_needs_the_address_staff_open(office, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://coopbot@127.0.0.1:1/nowhere")
    monkeypatch.delenv("WEB_BASE_URL", raising=False)
    monkeypatch.setenv("WEB_PORT", "18402")
    assert main(["run", "--role", "web", "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coopbot: The web role of `coopbot run` needs WEB_BASE_URL")
    assert "\n" not in err


async def test_a_worker_answers_web_with_a_link_to_the_console(pg_url, conninfo):
    from tests.cluster.test_worker import TOKEN as WORKER_TOKEN
    from tests.cluster.test_worker import drained, running, settings_for, store

    desk_url = "https://desk.example.org"
    async with Sandbox(SandboxConfig(rate_limit_enabled=False)) as sandbox:
        sandbox.add_bot(WORKER_TOKEN, platform="telegram")
        worker = ClusterWorker(
            settings_for(pg_url, web_base_url=desk_url), base_urls={"telegram": sandbox.base_url}
        )
        async with running(worker):
            assert worker.services is not None
            await person(worker.services.db, SystemClock(), 9301, "staff")  # type: ignore[arg-type]
            await person(worker.services.db, SystemClock(), 9302)  # type: ignore[arg-type]
            staff = sandbox.person(9301, token=WORKER_TOKEN)
            member = sandbox.person(9302, token=WORKER_TOKEN)
            await store(
                worker,
                staff.send_command("/web", queue=False),
                member.send_command("/web", queue=False),
            )
            await drained(conninfo)
        link = staff.last()
        assert link is not None and f"{desk_url}/signin/" in (link.text or "")
        refused = member.last()
        assert refused is not None and "/signin/" not in (refused.text or "")


def test_a_worker_with_web_port_but_no_address_is_warned(caplog):
    from bot.cluster.roles import check_role

    settings = Settings(
        _env_file=None, database_url="postgresql+asyncpg://c@127.0.0.1/x", web_port=18403
    )
    with caplog.at_level("WARNING"):
        check_role(settings, "worker")
    assert "only `--role web` serves the web console" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING"):
        check_role(settings.model_copy(update={"web_base_url": BASE}), "worker")
    assert not caplog.text
