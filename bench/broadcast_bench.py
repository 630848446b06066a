"""A staff broadcast to many members through the real `coopbot run` process and the sandbox.

    .venv/bin/python bench/broadcast_bench.py                 # 10,000 recipients at 25/s
    .venv/bin/python bench/broadcast_bench.py --rate 100 --recipients 10000
    .venv/bin/python bench/broadcast_bench.py --recipients 2000 --rate 200 --probe 2

The members are written straight into a fresh SQLite file; an admin (ADMINS) drives /broadcast
over HTTP like a person: sends the text, «ادامه», «ارسال اکنون». The bot's ledger dispatcher sends
at DELIVERY_RATE_PER_SECOND = `--rate`, and the sandbox's global flood limit is set to the same
rate (Telegram's per-chat limit stays on). Reports:
- the sustained sending rate (copies delivered / time from the first to the last), as a share of
  the configured rate (target ≥ 95 %), and the rate over the middle 80 % of the run;
- duplicates (a person with more than one copy) and lost messages (a person with none): 0 each;
- the report counts of the bot's final report message, which must match;
- with `--probe S`: `--chatters` people who are not recipients each send /start every S seconds
  while the broadcast runs; the time to the welcome reply (p50 / p95 / max). Their replies share
  the sandbox's flood budget with the broadcast: with the limit equal to the delivery rate there
  is no budget left for them (so the default deployment keeps DELIVERY_RATE_PER_SECOND 25 under
  RATE_LIMIT_PER_SECOND 30, Telegram's ~30/s).

The helpers are shared with tests/e2e/test_broadcast_e2e.py.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import machine_setup
from bot.persian.normalize import to_ascii_digits
from sandbox import Person, Sandbox, SandboxConfig, StoredMessage
from storage.engine import create_database
from storage.migrate import upgrade
from storage.schema.members import members
from tests.e2e.botprocess import TOKENS, BotProcess

ADMIN = 9001
FIRST_USER = 100_000
PROBE_USER = 8001
TEXT = "تعاونگر گرامی، ثبت‌نام دوره‌های رایگان آذرماه آغاز شد."


def bot_env(
    rate: float, *, limiter: float = 0, batch: int | None = None, lease: int = 5
) -> dict[str, str]:
    """Settings of the bot process for a fast, deterministic broadcast run. `limiter`:
    RATE_LIMIT_PER_SECOND, python-telegram-bot's AIORateLimiter over every call (0: off)."""
    return {
        "ADMINS": f"telegram:{ADMIN}",
        "DELIVERY_RATE_PER_SECOND": str(rate),
        "RATE_LIMIT_PER_SECOND": str(limiter),
        "DELIVERY_TICK_SECONDS": "0.2",
        "DELIVERY_BATCH_SIZE": str(batch or max(10, min(1000, int(rate)))),
        "DELIVERY_RETRY_SECONDS": "0.2",
        "DELIVERY_RETRY_MAX_SECONDS": "1",
        "DELIVERY_LEASE_SECONDS": str(lease),
        # no quiet hours: the run must not depend on the time of day in Tehran
        "QUIET_HOURS_START": "00:00",
        "QUIET_HOURS_END": "00:00",
        "LOG_LEVEL": "WARNING",
    }


async def seed_members(db_path: Path, user_ids: Iterable[int]) -> None:
    """Members who talked to the bot before (chat known), written straight into the database."""
    db = create_database(f"sqlite+aiosqlite:///{db_path}")
    try:
        await upgrade(db)
        now = datetime.now(UTC)
        rows = [
            {
                "platform": "telegram",
                "user_id": user_id,
                "chat_id": user_id,
                "first_name": f"عضو{user_id}",
                "language_code": "fa",
                "role": "member",
                "is_blocked": False,
                "first_seen": now,
                "last_seen": now,
            }
            for user_id in user_ids
        ]
        async with db.write() as conn:
            for start in range(0, len(rows), 2000):
                await conn.execute(members.insert(), rows[start : start + 2000])
    finally:
        await db.dispose()


def make_sandbox(rate: float | None) -> Sandbox:
    """Flood control on; the global limit is `rate` per second (None: off)."""
    config = SandboxConfig(global_rate=rate, global_burst=max(1, int(rate or 1)))
    config.my_chat_member_on_block = False  # blocking happens before the bot starts
    return Sandbox(config)


def recipients(sandbox: Sandbox, n: int) -> list[Person]:
    token = TOKENS["telegram"]
    return [sandbox.person(FIRST_USER + i, f"عضو{i}", token=token) for i in range(n)]


def copies(person: Person) -> int:
    return sum(1 for m in person.messages(include_deleted=True) if m.copied_from is not None)


async def say(person: Person, action: str, *args, timeout: float = 30) -> StoredMessage:
    before = person.sent_count
    getattr(person, action)(*args)
    return await person.wait_for_reply(before, timeout=timeout)


async def press(person: Person, label: str, expect: str, timeout: float = 30) -> StoredMessage:
    version = person.version
    person.press(label)
    await person.wait_for(
        lambda p: p.version > version and (p.last().text or "").startswith(expect), timeout
    )
    return person.last()


async def start_broadcast(admin: Person) -> StoredMessage:
    """/broadcast, the text, «ادامه», «ارسال اکنون»: returns the live status message."""
    prompt = await say(admin, "send_command", "/broadcast")
    assert prompt.text.startswith("لطفاً پیامی را"), prompt.text
    screen = await say(admin, "send_text", TEXT)
    assert screen.text.startswith("گیرندگان پیام"), screen.text
    await press(admin, "ادامه", "پیام شمارهٔ")
    return await press(admin, "ارسال اکنون", "در حال ارسال")


def report_of(admin: Person) -> StoredMessage | None:
    found = [m for m in admin.messages() if (m.text or "").startswith("گزارش پیام گروهی")]
    return found[-1] if found else None


async def wait_report(admin: Person, timeout: float) -> StoredMessage:
    await admin.wait_for(lambda p: report_of(p) is not None, timeout)
    report = report_of(admin)
    assert report is not None
    return report


def report_numbers(text: str) -> dict[str, int]:
    """The counts of the final report («رسید: ۱٬۹۰۰ از ۲٬۰۰۰» …)."""
    plain = to_ascii_digits(text).replace("٬", "").replace(",", "")

    def number(pattern: str) -> int:
        found = re.search(pattern, plain)
        return int(found.group(1)) if found else -1

    return {
        "sent": number(r"رسید: ([0-9]+)"),
        "total": number(r"رسید: [0-9]+ از ([0-9]+)"),
        "blocked": number(r"مسدودکرده[^:]*: ([0-9]+)"),
        "failed": number(r"ناموفق: ([0-9]+)"),
        "cancelled": number(r"لغوشده با توقف: ([0-9]+)"),
        "uncertain": number(r"وضعیت نامعلوم[^:]*: ([0-9]+)"),
    }


def ledger_counts(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT status, count(*) FROM deliveries WHERE cause = 'broadcast' GROUP BY status"
        ).fetchall()
    return dict(rows)


@dataclass
class Probe:
    """A member who is not a recipient says /start now and then; how long the welcome takes."""

    person: Person
    every: float
    latencies: list[float] = field(default_factory=list)
    missed: int = 0

    async def run(self, until: asyncio.Event) -> None:
        while not until.is_set():
            before = self.person.sent_count
            started = time.monotonic()
            self.person.send_command("/start")
            try:
                await self.person.wait_for(
                    lambda p, since=before: any(
                        (m.text or "").startswith("منوی اصلی")  # after the greeting
                        for m in p.messages(include_deleted=True)[since:]
                    ),
                    timeout=30,
                )
                self.latencies.append(time.monotonic() - started)
            except TimeoutError:
                self.missed += 1
            try:
                await asyncio.wait_for(until.wait(), self.every)
            except TimeoutError:
                pass

    def summary(self) -> str:
        if not self.latencies:
            return f"no /start answered (missed {self.missed})"
        values = sorted(self.latencies)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return (
            f"/start reply latency during the broadcast: n={len(values)}, "
            f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {values[-1] * 1000:.0f} ms, missed {self.missed}"
        )


@asynccontextmanager
async def probing(
    sandbox: Sandbox, every: float | None, chatters: int = 3
) -> AsyncIterator[list[Probe]]:
    """`chatters` people (not recipients), each saying /start every `every` seconds, staggered
    (people chat at human pace: Telegram allows about one message per second per chat)."""
    if not every:
        yield []
        return
    token = TOKENS["telegram"]
    probes = [
        Probe(sandbox.person(PROBE_USER + i, f"پرسنده{i}", token=token), every)
        for i in range(chatters)
    ]
    done = asyncio.Event()

    async def staggered(index: int, probe: Probe) -> None:
        await asyncio.sleep(every * index / chatters)
        await probe.run(done)

    tasks = [asyncio.create_task(staggered(i, p)) for i, p in enumerate(probes)]
    try:
        yield probes
    finally:
        done.set()
        await asyncio.gather(*tasks)


def probe_summary(probes: list[Probe]) -> str | None:
    if not probes:
        return None
    merged = Probe(probes[0].person, probes[0].every)
    for probe in probes:
        merged.latencies += probe.latencies
        merged.missed += probe.missed
    return f"{len(probes)} people chatting: " + merged.summary()


def delivery_times(sandbox: Sandbox) -> list[float]:
    calls = sandbox.calls("copyMessage", ok=True)
    return sorted(c.started for c in calls if c.params.get("chat_id") not in (ADMIN, str(ADMIN)))


def rates(times: list[float]) -> tuple[float, float]:
    """(first-to-last rate, rate over the middle 80 % of the deliveries)."""
    if len(times) < 2:
        return 0.0, 0.0
    overall = (len(times) - 1) / max(times[-1] - times[0], 1e-9)
    lo, hi = int(len(times) * 0.1), int(len(times) * 0.9)
    middle = (hi - lo) / max(times[hi] - times[lo], 1e-9) if hi > lo else overall
    return overall, middle


async def run(
    recipients_n: int,
    rate: float,
    probe_every: float | None,
    workdir: Path,
    *,
    limiter: float | None = None,
    sandbox_rate: float | None = None,
    chatters: int = 3,
) -> dict:
    """One broadcast; `limiter` and `sandbox_rate` default to `rate`."""
    limiter = rate if limiter is None else limiter
    sandbox_rate = rate if sandbox_rate is None else sandbox_rate
    db_path = workdir / "bench.sqlite3"
    people_ids = [FIRST_USER + i for i in range(recipients_n)]
    t0 = time.monotonic()
    await seed_members(db_path, people_ids)
    seeded = time.monotonic() - t0
    async with make_sandbox(sandbox_rate) as sandbox:
        sandbox.add_bot(TOKENS["telegram"], platform="telegram")
        people = recipients(sandbox, recipients_n)
        admin = sandbox.person(ADMIN, "کارشناس", token=TOKENS["telegram"])
        env = bot_env(rate, limiter=limiter)
        process = BotProcess(sandbox, db_path, ("telegram",), **env)
        await process.start()
        try:
            await start_broadcast(admin)
            clicked = time.monotonic()
            async with probing(sandbox, probe_every, chatters) as probes:
                report = await wait_report(admin, timeout=recipients_n / rate * 3 + 60)
            finished = time.monotonic()
        finally:
            exit_code = await process.stop()
        counts = [copies(p) for p in people]
        times = delivery_times(sandbox)
        overall, middle = rates(times)
        floods = len([c for c in sandbox.calls("copyMessage", ok=False) if c.status == 429])
        return {
            "recipients": recipients_n,
            "rate": rate,
            "limiter": limiter,
            "sandbox_rate": sandbox_rate,
            "seeded_s": seeded,
            "duration_s": finished - clicked,
            "first_to_last_s": (times[-1] - times[0]) if len(times) > 1 else 0.0,
            "overall_rate": overall,
            "middle_rate": middle,
            "duplicates": sum(1 for c in counts if c > 1),
            "lost": sum(1 for c in counts if c == 0),
            "floods": floods,
            "report": report_numbers(report.text or ""),
            "ledger": ledger_counts(db_path),
            "probe": probe_summary(probes),
            "exit_code": exit_code,
            "errors_in_log": process.log().count("Traceback"),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=25.0, help="DELIVERY_RATE_PER_SECOND")
    parser.add_argument(
        "--probe", type=float, default=None, help="each chatter says /start every S seconds"
    )
    parser.add_argument("--chatters", type=int, default=3)
    parser.add_argument(
        "--limiter", type=float, default=None, help="RATE_LIMIT_PER_SECOND (default: --rate)"
    )
    parser.add_argument(
        "--sandbox-rate", type=float, default=None, help="the sandbox's limit (default: --rate)"
    )
    args = parser.parse_args()
    for line in machine_setup(("python-telegram-bot", "aiohttp", "SQLAlchemy", "aiosqlite")):
        print(line)
    print(f"command: {' '.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as tmp:
        result = await run(
            args.recipients,
            args.rate,
            args.probe,
            Path(tmp),
            limiter=args.limiter,
            sandbox_rate=args.sandbox_rate,
            chatters=args.chatters,
        )
    share = result["overall_rate"] / args.rate * 100
    print(
        f"{result['recipients']:,} recipients; DELIVERY_RATE_PER_SECOND {args.rate:g}, "
        f"RATE_LIMIT_PER_SECOND {result['limiter']:g}, sandbox global limit "
        f"{result['sandbox_rate']:g}/s"
    )
    print(
        f"sustained rate {result['overall_rate']:.2f}/s = {share:.1f} % of configured "
        f"(first to last copy {result['first_to_last_s']:.1f} s); middle 80 %: "
        f"{result['middle_rate']:.2f}/s; «ارسال اکنون» to report {result['duration_s']:.1f} s"
    )
    print(
        f"duplicates {result['duplicates']}, lost {result['lost']}, "
        f"429 answers {result['floods']}, report {result['report']}, ledger {result['ledger']}"
    )
    if result["probe"]:
        print(result["probe"])
    print(
        f"seeding {result['seeded_s']:.1f} s; exit code {result['exit_code']}; "
        f"tracebacks in the bot log {result['errors_in_log']}"
    )
    ok = share >= 95 and result["duplicates"] == 0 and result["lost"] == 0
    print("target met" if ok else "TARGET NOT MET")


if __name__ == "__main__":
    asyncio.run(main())
