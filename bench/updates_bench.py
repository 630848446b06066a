"""Closed-loop benchmark of the whole bot (issues #2 and #8): the real `coopbot run` process.

N simulated people talk to the bot through the sandbox Bot API (sandbox/, in this process,
HTTP on 127.0.0.1) which answers every call after a fixed latency (100 ms by default). Each
person sends a step, waits until the bot's answer is stored in the sandbox, then sends the next
one: `/start`, press «راهنما» (help, an edit), `/language`, press «English», `/help`. The bot
is `python -m bot run` in a subprocess with a fresh SQLite file per run, in three configurations:

* ptb-default   - python-telegram-bot's default one-update-at-a-time processing
                  (MAX_CONCURRENT_UPDATES=1), httpx transport
* coopbot-httpx - coopbot's per-chat ordered concurrency, httpx transport
* coopbot       - coopbot's default: per-chat ordered concurrency, aiohttp transport

and, under Telegram's limits (issue 13: the sandbox's flood limits on, the bot's default settings):

* echo          - the floor: bench/echo_bot.py makes the same Bot API calls per step with nothing
                  else (no database, no pacing), same transport, python-telegram-bot's concurrency
* production    - coopbot with its default settings (pacing on: replies per chat, the bot-wide
                  RATE_LIMIT_PER_SECOND for its own sends)
* production-broadcast - the same while a staff broadcast to `--broadcast` members (2,000) at
                  `--broadcast-rate` (25/s, DELIVERY_RATE_PER_SECOND) is sending: the crowd starts
                  once copies flow, and the run ends when the broadcast's report arrives

Per configuration and N it reports steps answered per second, p50/p99/max latency from sending a
step to the bot's last reply to it being stored, the CPU seconds of the bot process (from
/proc/<pid>/stat) and of this process (sandbox + people), errors, and an order check (in every
chat the bot's replies are exactly the expected ones, in the order of the steps). For the first
three, Telegram's flood control is off in the sandbox and pacing off in the bot
(RATE_LIMIT_PER_SECOND=0, CHAT_RATE_PER_SECOND=0): they measure processing, not Telegram's
limits. The last three run with the sandbox's flood limits on and count its 429 answers; the
broadcast's sustained rate (first to last copy) is printed against its target. Each run is
bounded by --time-box; a run that does not finish in it is cut off: its rate counts the steps
answered within the box, and its latency percentiles include the unanswered steps' waiting time
so far, so they are lower bounds (marked ≥).

    .venv/bin/python bench/updates_bench.py                 # 50/100/200 people, 5 configurations
    .venv/bin/python bench/updates_bench.py --quick         # 20 and 50 people, shorter time box
    .venv/bin/python bench/updates_bench.py --people 100 --configs coopbot,coopbot-httpx
    .venv/bin/python bench/updates_bench.py --issue13     # 100 people: echo, production, +broadcast

Figures depend on the machine; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import logging
import math
import os
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._common import TRANSPORT_PACKAGES, busiest_second, machine_setup  # noqa: E402
from bench.broadcast_bench import (  # noqa: E402
    ADMIN,
    FIRST_USER,
    copies,
    delivery_times,
    rates,
    report_numbers,
    seed_members,
    start_broadcast,
    wait_report,
)
from bot.core.config import Settings  # noqa: E402
from bot.core.i18n import Translator  # noqa: E402
from handlers.language import LABELS  # noqa: E402
from sandbox import CallbackQueryRecord, Person, Sandbox, SandboxConfig  # noqa: E402

TOKEN = "555555:bench-updates-telegram"
PERSON_NAME = "مریم"
FIRST_USER_ID = 10_000
START_TIMEOUT_S = 30.0  # the bot process must be polling within this
STOP_GRACE_S = 10.0  # SIGTERM, then SIGKILL after this


# --- what is measured ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BotConfig:
    name: str
    title: str
    env: dict[str, str]
    #: Telegram's limits: the sandbox's flood control on, the bot's own pacing as configured
    limits: bool = False
    #: a staff broadcast sends while the crowd talks
    broadcast: bool = False
    argv: tuple[str, ...] = ("-m", "bot", "run")


CONFIGS: dict[str, BotConfig] = {
    c.name: c
    for c in (
        BotConfig(
            "ptb-default",
            "python-telegram-bot default: one update at a time (MAX_CONCURRENT_UPDATES=1), httpx",
            {"MAX_CONCURRENT_UPDATES": "1", "HTTP_TRANSPORT": "httpx"},
        ),
        BotConfig(
            "coopbot-httpx",
            "coopbot per-chat ordered concurrency (MAX_CONCURRENT_UPDATES default), httpx",
            {"HTTP_TRANSPORT": "httpx"},
        ),
        BotConfig(
            "coopbot",
            "coopbot default: per-chat ordered concurrency, aiohttp transport",
            {"HTTP_TRANSPORT": "aiohttp"},
        ),
        BotConfig(
            "echo",
            "echo bot: the same calls per step and nothing else (bench/echo_bot.py), aiohttp, "
            "sandbox flood limits on",
            {},
            limits=True,
            argv=(str(ROOT / "bench" / "echo_bot.py"),),
        ),
        BotConfig(
            "production",
            "coopbot, default settings (pacing on), sandbox flood limits on",
            {},
            limits=True,
        ),
        BotConfig(
            "production-broadcast",
            "production while a staff broadcast is sending",
            {},
            limits=True,
            broadcast=True,
        ),
    )
}
DEFAULT_CONFIGS = ["ptb-default", "coopbot-httpx", "coopbot", "echo", "production"]
ISSUE13_CONFIGS = ["echo", "production", "production-broadcast"]


@dataclass(frozen=True)
class Step:
    name: str
    action: str  # a sandbox.Person action
    arg: str
    #: The bot's replies to this step, in order: (Bot API method, first line of the text).
    replies: tuple[tuple[str, str], ...]


def flow(translator: Translator | None = None) -> list[Step]:
    """The five steps of a person, with the replies the bot must give (texts from locales/)."""
    t = translator or Translator()

    def first_line(locale: str, key: str, **args: object) -> str:
        return t(locale, key, **args).split("\n", 1)[0]

    return [
        Step(
            "/start",
            "send_command",
            "/start",
            (
                ("sendMessage", first_line("fa", "start-welcome-named", name=PERSON_NAME)),
                ("sendMessage", first_line("fa", "menu-title")),
            ),
        ),
        Step(
            "press help",
            "press",
            t("fa", "menu-help"),
            (("editMessageText", first_line("fa", "help-intro")),),
        ),
        Step(
            "/language",
            "send_command",
            "/language",
            (("sendMessage", first_line("fa", "language-choose")),),
        ),
        Step(
            "press English",
            "press",
            LABELS["en"],
            (("editMessageText", first_line("en", "language-set")),),
        ),
        Step("/help", "send_command", "/help", (("sendMessage", first_line("en", "help-intro")),)),
    ]


@dataclass
class Result:
    config: str
    people: int
    steps_planned: int
    answered: int = 0
    wall_s: float = 0.0
    cut_off: bool = False
    latencies: list[float] = field(default_factory=list)  # answered steps, seconds
    by_step: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    waiting: list[float] = field(default_factory=list)  # unanswered at the cut-off, seconds
    bot_cpu_s: float = 0.0
    bench_cpu_s: float = 0.0
    other_cpu_s: float = 0.0  # the rest of the machine: other people's work distorts figures
    api_errors: Counter[str] = field(default_factory=Counter)  # "method: status description"
    log_errors: int = 0  # ERROR lines and tracebacks in the bot's log
    pressed: list[CallbackQueryRecord] = field(default_factory=list)  # of answered steps
    unanswered_callbacks: int = 0  # of those, without a successful answerCallbackQuery
    order_violations: int = 0  # chats whose replies differ from the expected sequence
    exit_code: int | None = None
    notes: list[str] = field(default_factory=list)
    floods: int = 0  # 429 answers of the sandbox during the whole run (flood limits on)
    broadcast_target: float = 0.0  # DELIVERY_RATE_PER_SECOND of the broadcast, 0: none
    broadcast_rate: float = 0.0  # first to last copy
    broadcast_during: float = 0.0  # copies per second while the crowd talked
    broadcast_copies: int = 0
    broadcast_duplicates: int = 0
    broadcast_lost: int = 0

    @property
    def rate(self) -> float:
        return self.answered / self.wall_s if self.wall_s > 0 else 0.0

    @property
    def errors(self) -> int:
        return sum(self.api_errors.values()) + self.log_errors

    @property
    def order_ok(self) -> bool:
        return self.order_violations == 0

    def percentile(self, q: float) -> float:
        """Latency percentile in seconds; a lower bound when the run was cut off."""
        samples = sorted(self.latencies + self.waiting)
        if not samples:
            return math.nan
        return samples[min(len(samples) - 1, math.ceil(q * len(samples)) - 1)]

    @property
    def censored(self) -> bool:
        return bool(self.waiting)


# --- the bot process ------------------------------------------------------------------------------


def _parent_death_signal() -> Callable[[], None] | None:
    """Linux: a pre-exec hook that makes the kernel SIGKILL the bot when this process dies, even
    by SIGKILL, so no bot outlives the benchmark. prctl is looked up here, not in the child."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


_DIE_WITH_PARENT = _parent_death_signal() if sys.platform == "linux" else None


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat (fields 14 and 15)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU seconds all processes of the machine have used (user, nice, system, irq, softirq;
    not idle, iowait or steal), from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def bot_env(
    config: BotConfig, base_url: str, database_url: str, broadcast_rate: float = 25.0
) -> dict[str, str]:
    # No coopbot setting leaks in from this shell (or a .env: the bot runs in the temp dir).
    settings = set(Settings.model_fields)
    env = {k: v for k, v in os.environ.items() if k.lower() not in settings}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_URL=base_url,
        DATABASE_URL=database_url,
    )
    if not config.limits:  # processing measured, not Telegram's limits
        env.update(RATE_LIMIT_PER_SECOND="0", CHAT_RATE_PER_SECOND="0")
    if config.broadcast:
        env.update(
            ADMINS=f"telegram:{ADMIN}",
            DELIVERY_RATE_PER_SECOND=str(broadcast_rate),
            # the run must not depend on the time of day in Tehran
            QUIET_HOURS_START="00:00",
            QUIET_HOURS_END="00:00",
        )
    env.update(config.env)
    return env


class BotProcess:
    """`python -m bot run` against the sandbox; killed when this process dies, whatever happens."""

    def __init__(
        self, sandbox: Sandbox, config: BotConfig, workdir: Path, broadcast_rate: float = 25.0
    ) -> None:
        self.sandbox = sandbox
        self.broadcast_rate = broadcast_rate
        self.config = config
        self.workdir = workdir
        self.database_url = f"sqlite+aiosqlite:///{workdir / 'bot.sqlite3'}"
        self.log_path = workdir / "bot.log"
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        state = self.sandbox.bot(TOKEN)
        polls = state.poll_generation
        with self.log_path.open("ab") as log:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                *self.config.argv,
                cwd=str(self.workdir),
                env=bot_env(
                    self.config, self.sandbox.base_url, self.database_url, self.broadcast_rate
                ),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=_DIE_WITH_PARENT,
            )
        proc = self.proc

        def polling_or_dead() -> bool:
            # a getUpdates call is recorded only when it returns: count long polls begun
            return state.poll_generation > polls or proc.returncode is not None

        try:  # ready once it long-polls
            await self.sandbox.wait_for(polling_or_dead, timeout=START_TIMEOUT_S)
        except TimeoutError:
            raise RuntimeError(f"coopbot run did not poll within {START_TIMEOUT_S:.0f} s") from None
        if proc.returncode is not None:
            raise RuntimeError(f"coopbot run exited with {proc.returncode}:\n{self.log()[-2000:]}")

    def cpu_seconds(self) -> float:
        assert self.proc is not None
        return process_cpu_seconds(self.proc.pid)

    def log(self, size: int | None = None) -> str:
        """The bot's log (stdout and stderr), its first ``size`` bytes if given."""
        data = self.log_path.read_bytes()
        return data[:size].decode("utf-8", errors="replace")

    async def stop(self, grace: float = STOP_GRACE_S) -> int | None:
        proc = self.proc
        if proc is None:
            return None
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(proc.wait(), grace)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
        return proc.returncode


# --- one run ------------------------------------------------------------------------------------


async def _converse(person: Person, steps: Sequence[Step], deadline: float, result: Result) -> None:
    """Closed loop: send a step, wait for all its replies, then the next step."""
    chat = person.chat
    for step in steps:
        if time.monotonic() >= deadline:
            return
        target = chat.version + len(step.replies)  # every reply is one send or edit
        sent = time.monotonic()
        update = getattr(person, step.action)(step.arg)
        try:
            await chat.signal.wait_for(
                lambda target=target: chat.version >= target,
                max(deadline - time.monotonic(), 0.001),
            )
        except TimeoutError:
            result.waiting.append(deadline - sent)
            return
        result.latencies.append(time.monotonic() - sent)
        result.by_step[step.name].append(result.latencies[-1])
        result.answered += 1
        if "callback_query" in update:  # the press was answered too (checked after the run)
            result.pressed.append(person.bot.callback_queries[update["callback_query"]["id"]])


class LoopLag:
    """How late this process's event loop (the sandbox's) wakes up: (when, seconds late)."""

    TICK = 0.05

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            before = time.monotonic()
            await asyncio.sleep(self.TICK)
            now = time.monotonic()
            self.samples.append((now, now - before - self.TICK))

    def before(self, moment: float, window: float = 2.0) -> float:
        """The longest stall that ended within `window` seconds before `moment` (or at it)."""
        return max(
            (late for at, late in self.samples if moment - window <= at <= moment + self.TICK),
            default=0.0,
        )

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._watch())
        return self

    async def __aexit__(self, *_exc: object) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


def _recipient(call: object) -> bool:
    """A call to one of the broadcast's recipients (members seeded from FIRST_USER on)."""
    try:
        return int(call.params.get("chat_id", 0)) >= FIRST_USER  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return False


def check_replies(sandbox: Sandbox, people: Sequence[Person], steps: Sequence[Step]) -> int:
    """Chats whose bot replies are not exactly the expected ones in step order (a prefix of
    them when the run was cut off), checked on the sandbox's record of successful calls."""
    expected = [reply for step in steps for reply in step.replies]
    got: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for call in sandbox.calls(("sendMessage", "editMessageText"), token=TOKEN, ok=True):
        text = call.result.get("text", "") if isinstance(call.result, dict) else ""
        got[int(call.params.get("chat_id", 0))].append((call.method, text or ""))
    bad = 0
    for person in people:
        replies = got.get(person.chat_id, [])
        if len(replies) > len(expected) or not all(
            method == want_method and text.startswith(want_text)
            for (method, text), (want_method, want_text) in zip(replies, expected, strict=False)
        ):
            bad += 1
    return bad


async def run_once(
    config: BotConfig,
    people: int,
    *,
    latency: float = 0.1,
    steps: int = 5,
    time_box: float = 20.0,
    workdir: Path | None = None,
    broadcast: int = 2000,
    broadcast_rate: float = 25.0,
) -> Result:
    """Start a sandbox and a fresh `coopbot run`, let ``people`` people talk to it in a closed
    loop for at most ``time_box`` seconds, stop everything and return the figures. A config with
    `broadcast` first starts a staff broadcast to ``broadcast`` members at ``broadcast_rate``."""
    script = flow()[:steps]
    result = Result(config.name, people, people * len(script))
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coopbench-")))
        if config.broadcast:
            await seed_members(workdir / "bot.sqlite3", range(FIRST_USER, FIRST_USER + broadcast))
        # flood limits as the sandbox's defaults (Telegram's): 1/s per chat with bursts of 3,
        # 20/min per group, 30/s for bulk messages (to chats whose person has not just written)
        sandbox_config = SandboxConfig(latency_s=latency, rate_limit_enabled=config.limits)
        async with Sandbox(sandbox_config) as sandbox, LoopLag() as lag:
            sandbox.add_bot(TOKEN)
            bot = BotProcess(sandbox, config, workdir, broadcast_rate)
            finished = False  # measured to the end: stop the bot gracefully, else kill it soon
            try:
                await bot.start()
                if config.broadcast:
                    result.broadcast_target = broadcast_rate
                    recipients = [
                        sandbox.person(FIRST_USER + i, f"عضو{i}", "fa", TOKEN)
                        for i in range(broadcast)
                    ]
                    admin = sandbox.person(ADMIN, "کارشناس", "fa", TOKEN)
                    await start_broadcast(admin)
                    # the crowd comes once the broadcast is in full flow
                    await sandbox.wait_for(
                        lambda: len(delivery_times(sandbox)) >= 2 * broadcast_rate, timeout=30
                    )
                crowd = [
                    sandbox.person(FIRST_USER_ID + i, PERSON_NAME, "fa", TOKEN)
                    for i in range(people)
                ]
                bot_cpu, bench_cpu = bot.cpu_seconds(), time.process_time()
                busy = machine_busy_seconds()
                started = time.monotonic()
                deadline = started + time_box
                await asyncio.gather(*(_converse(p, script, deadline, result) for p in crowd))
                result.cut_off = result.answered < result.steps_planned
                ended = deadline if result.cut_off else time.monotonic()
                result.wall_s = ended - started
                if config.broadcast:
                    during = [t for t in delivery_times(sandbox) if started <= t <= ended]
                    result.broadcast_during = len(during) / max(ended - started, 1e-9)
                # errors are counted up to here: stopping a cut-off bot breaks calls and logs
                calls_in_window = len(sandbox.state.calls)
                log_in_window = bot.log_path.stat().st_size
                result.bot_cpu_s = bot.cpu_seconds() - bot_cpu
                result.bench_cpu_s = time.process_time() - bench_cpu
                result.other_cpu_s = max(
                    0.0,
                    machine_busy_seconds() - busy - result.bot_cpu_s - result.bench_cpu_s,
                )
                finished = not result.cut_off
                if config.broadcast:
                    report = await wait_report(admin, timeout=broadcast / broadcast_rate * 3 + 60)
                    times = delivery_times(sandbox)
                    result.broadcast_copies = len(times)
                    result.broadcast_rate = rates(times)[0]
                    counts = [copies(p) for p in recipients]
                    result.broadcast_duplicates = sum(1 for c in counts if c > 1)
                    result.broadcast_lost = sum(1 for c in counts if c == 0)
                    result.notes.append(f"broadcast report {report_numbers(report.text or '')}")
                    result.notes.append(f"busiest 1-second window {busiest_second(times)} copies")
            finally:
                # A cut-off one-at-a-time bot would first work through its queue: kill it soon
                # (the sandbox's complaints about the connections this breaks are expected).
                quiet = logging.getLogger("sandbox")
                level = quiet.level
                if not finished:
                    quiet.setLevel(logging.CRITICAL)
                try:
                    result.exit_code = await bot.stop(STOP_GRACE_S if finished else 1.0)
                finally:
                    quiet.setLevel(level)
            result.api_errors.update(
                f"{c.method}: {c.status} {c.description}"
                for c in sandbox.state.calls[:calls_in_window]
                if not c.ok and c.token == TOKEN and c.method != "getUpdates"
            )
            refused = [c for c in sandbox.state.calls if c.status == 429 and c.token == TOKEN]
            result.floods = len(refused)
            if refused:
                kinds = Counter(
                    f"{c.method} to {'a recipient' if _recipient(c) else c.params.get('chat_id')}"
                    for c in refused
                )
                stalls = ", ".join(
                    f"{lag.before(c.started + c.duration):.2f}" for c in refused[:10]
                )
                result.notes.append(
                    "429 answers: "
                    + ", ".join(f"{n}× {k}" for k, n in kinds.most_common())
                    + f"; the sandbox's event loop had stalled up to {stalls} s in the 2 s before "
                    f"each (its flood check counts a request when it gets to it: a stall of more "
                    f"than ~1.2 s bunches 25/s of copies beyond its 30-message burst)"
                )
            result.unanswered_callbacks = sum(1 for q in result.pressed if not q.answered)
            result.order_violations = check_replies(sandbox, crowd, script)
        log = bot.log(log_in_window)
        result.log_errors = sum(
            1 for line in log.splitlines() if " ERROR " in line or "Traceback" in line
        )
        if result.api_errors:
            kinds = ", ".join(f"{n}× {kind}" for kind, n in result.api_errors.most_common())
            result.notes.append(f"Bot API errors: {kinds}")
        if result.unanswered_callbacks:
            result.notes.append(
                f"{result.unanswered_callbacks} button presses got their screen but no "
                "successful answerCallbackQuery"
            )
        if result.log_errors:
            result.notes.append(f"bot log, last lines: {log[-1500:]}")
        if not result.cut_off and result.exit_code != 0:
            result.notes.append(f"coopbot run exited with {result.exit_code}")
    return result


# --- report ---------------------------------------------------------------------------------------


HEADER = (
    "| configuration | people | steps/s | p50 ms | p99 ms | max ms | answered | errors | order "
    "| bot CPU s | bench CPU s | other CPU s | wall s | 429s | broadcast/s (during the crowd) |"
)


def row(r: Result) -> str:
    mark = "≥" if r.censored else ""

    def ms(q: float) -> str:
        return f"{mark}{r.percentile(q) * 1000:.0f}"

    longest = max(r.latencies + r.waiting, default=math.nan) * 1000
    answered = f"{r.answered}/{r.steps_planned}" + (" (cut off)" if r.cut_off else "")
    rate = f"{r.rate:.{1 if r.rate < 10 else 0}f}"
    return (
        f"| {r.config} | {r.people} | {rate} | {ms(0.5)} | {ms(0.99)} | {mark}{longest:.0f} "
        f"| {answered} | {r.errors} | {'ok' if r.order_ok else f'{r.order_violations} bad'} "
        f"| {r.bot_cpu_s:.1f} | {r.bench_cpu_s:.1f} | {r.other_cpu_s:.1f} | {r.wall_s:.1f} "
        f"| {r.floods if r.config in LIMITED else '-'} | {broadcast_cell(r)} |"
    )


LIMITED = {name for name, c in CONFIGS.items() if c.limits}


def broadcast_cell(r: Result) -> str:
    if not r.broadcast_target:
        return "-"
    share = r.broadcast_rate / r.broadcast_target * 100
    return (
        f"{r.broadcast_rate:.2f} = {share:.1f} % of {r.broadcast_target:g} "
        f"({r.broadcast_during:.1f}); {r.broadcast_copies} copies, "
        f"{r.broadcast_duplicates} dup, {r.broadcast_lost} lost"
    )


def step_lines(r: Result) -> list[str]:
    """p50/p99/max per step of the flow (answered steps only)."""
    lines = []
    for name, samples in r.by_step.items():
        samples = sorted(samples)

        def at(q: float, samples: list[float] = samples) -> float:
            return samples[min(len(samples) - 1, math.ceil(q * len(samples)) - 1)] * 1000

        lines.append(
            f"    {name:<14} n={len(samples):<4} p50 {at(0.5):.0f} ms, p99 {at(0.99):.0f} ms, "
            f"max {samples[-1] * 1000:.0f} ms"
        )
    return lines


def verdicts(results: Sequence[Result], people: int = 100) -> list[str]:
    """The issues' targets at ``people`` people, as measured (met or not; never asserted)."""
    at = {r.config: r for r in results if r.people == people}
    lines = []

    def judge(issue: str, fast: str, slow: str, factor: float, p99_limit: float, rel: str) -> None:
        if fast not in at or slow not in at:
            lines.append(f"{issue}: not measured (needs {fast} and {slow} at {people} people)")
            return
        a, b = at[fast], at[slow]
        ratio = a.rate / b.rate if b.rate else math.inf
        p99 = a.percentile(0.99)
        met = (
            ratio >= factor
            and (p99 < p99_limit if rel == "<" else p99 <= p99_limit)
            and a.order_ok
            and a.errors == 0
            and not a.cut_off
        )
        lines.append(
            f"{issue}: {fast} {a.rate:.0f} steps/s = {ratio:.1f}× {slow} (target ≥ {factor:g}×), "
            f"p99 {p99 * 1000:.0f} ms (target {rel} {p99_limit * 1000:.0f} ms), order "
            f"{'kept' if a.order_ok else 'BROKEN'}, {a.errors} errors -> "
            f"{'met' if met else 'NOT met'}"
        )

    judge("issue 2", "coopbot", "ptb-default", 10, 1.0, "<")
    judge("issue 8", "coopbot", "coopbot-httpx", 5, 0.5, "≤")
    echo = at.get("echo")
    for name in ("production", "production-broadcast"):
        r = at.get(name)
        if r is None or echo is None:
            lines.append(f"issue 13, {name}: not measured (needs it and echo at {people} people)")
            continue
        ratio = r.rate / echo.rate if echo.rate else math.inf
        p99 = r.percentile(0.99)
        met = (
            r.rate >= 250
            and p99 <= 0.5
            and ratio >= 0.5
            and r.floods == 0
            and r.order_ok
            and r.errors == 0
            and not r.cut_off
        )
        text = (
            f"issue 13, {name}: {r.rate:.0f} steps/s (target ≥ 250) = {ratio:.2f}× echo "
            f"{echo.rate:.0f} (target ≥ 0.5×), p99 {p99 * 1000:.0f} ms (target ≤ 500 ms), "
            f"{r.floods} × 429, order {'kept' if r.order_ok else 'BROKEN'}, {r.errors} errors"
        )
        if r.broadcast_target:
            share = r.broadcast_rate / r.broadcast_target
            met = met and share >= 0.95 and not r.broadcast_duplicates and not r.broadcast_lost
            text += (
                f", broadcast {r.broadcast_rate:.2f}/s = {share:.2f}× {r.broadcast_target:g}/s "
                f"(target ≥ 0.95×), {r.broadcast_duplicates} duplicates, "
                f"{r.broadcast_lost} lost"
            )
        lines.append(f"{text} -> {'met' if met else 'NOT met'}")
    return lines


def _parser() -> argparse.ArgumentParser:
    def int_list(text: str) -> list[int]:
        return [int(x) for x in text.split(",") if x.strip()]

    def config_list(text: str) -> list[str]:
        names = [x.strip() for x in text.split(",") if x.strip()]
        unknown = [n for n in names if n not in CONFIGS]
        if unknown:
            raise argparse.ArgumentTypeError(f"unknown {unknown}; choose from {list(CONFIGS)}")
        return names

    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--people", type=int_list, default=None, help="e.g. 50,100,200 (default)")
    p.add_argument("--latency", type=float, default=0.1, help="seconds per Bot API call (0.1)")
    p.add_argument("--steps", type=int, default=5, choices=range(1, 6), help="steps per person")
    p.add_argument(
        "--configs",
        type=config_list,
        default=None,
        help=f"{','.join(CONFIGS)} (default {','.join(DEFAULT_CONFIGS)})",
    )
    p.add_argument("--time-box", type=float, default=None, help="seconds per run (default 20)")
    p.add_argument("--quick", action="store_true", help="20,50 people, 8 s time box")
    p.add_argument("--by-step", action="store_true", help="latency of each step after each row")
    p.add_argument(
        "--issue13",
        action="store_true",
        help=f"100 people, {','.join(ISSUE13_CONFIGS)} (Telegram's limits, side by side)",
    )
    p.add_argument("--broadcast", type=int, default=2000, help="recipients (2000)")
    p.add_argument("--broadcast-rate", type=float, default=25.0, help="copies per second (25)")
    return p


async def _main(args: argparse.Namespace) -> int:
    default_people = [100] if args.issue13 else [20, 50] if args.quick else [50, 100, 200]
    people = args.people or default_people
    configs = args.configs or (ISSUE13_CONFIGS if args.issue13 else DEFAULT_CONFIGS)
    time_box = args.time_box or (8.0 if args.quick else 20.0)
    for line in machine_setup((*TRANSPORT_PACKAGES, "SQLAlchemy", "aiosqlite")):
        print(line)
    pool = Settings.model_fields["max_concurrent_updates"].default
    names = " -> ".join(s.name for s in flow()[: args.steps])
    limits = SandboxConfig()
    print(
        f"sandbox Bot API in this process over HTTP on 127.0.0.1, {args.latency * 1000:.0f} ms "
        f"per call; bot = `python -m bot run` subprocess, fresh SQLite per run, "
        f"MAX_CONCURRENT_UPDATES default {pool}"
    )
    print(
        "  ptb-default, coopbot-httpx, coopbot: sandbox flood control OFF, RATE_LIMIT_PER_SECOND=0"
        " and CHAT_RATE_PER_SECOND=0 (processing is measured, not Telegram's limits)"
    )
    print(
        f"  echo, production*: sandbox flood limits ON ({limits.chat_rate:g}/s per chat, bursts "
        f"of {limits.chat_burst}; {limits.global_rate:g}/s for {limits.global_scope} messages), "
        f"the bot's defaults: RATE_LIMIT_PER_SECOND "
        f"{Settings.model_fields['rate_limit_per_second'].default:g}, CHAT_RATE_PER_SECOND "
        f"{Settings.model_fields['chat_rate_per_second'].default:g}, CHAT_BURST "
        f"{Settings.model_fields['chat_burst'].default}; production-broadcast: {args.broadcast:,} "
        f"recipients at DELIVERY_RATE_PER_SECOND {args.broadcast_rate:g}"
    )
    print(f"each person, closed loop: {names}; time box {time_box:g} s per run")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name in configs:
        print(f"  {name:<13} {CONFIGS[name].title}")
    print()
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    results: list[Result] = []
    notes: list[str] = []
    for n in people:
        for name in configs:
            r = await run_once(
                CONFIGS[name],
                n,
                latency=args.latency,
                steps=args.steps,
                time_box=time_box,
                broadcast=args.broadcast,
                broadcast_rate=args.broadcast_rate,
            )
            results.append(r)
            print(row(r), flush=True)
            if args.by_step:
                print("\n".join(step_lines(r)), flush=True)
            notes.extend(f"- {name} at {n} people: {note}" for note in r.notes)
    print()
    for note in notes:
        print(note)
    if args.steps == 5 and math.isclose(args.latency, 0.1):
        for line in verdicts(results):
            print(line)
    print(
        "bench CPU = this process (the sandbox Bot API server and the simulated people); "
        "other CPU = the rest of the machine during the run (other work distorts the figures)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return asyncio.run(_main(args))
    except KeyboardInterrupt:  # the bot processes were stopped on the way out
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
