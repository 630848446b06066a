"""Closed-loop benchmark of the whole bot (issues #2 and #8): the real `coopbot run` process.

N simulated people talk to the bot through the sandbox Bot API (bot/sandbox, in this process,
HTTP on 127.0.0.1) which answers every call after a fixed latency (100 ms by default). Each
person sends a step, waits until the bot's answer is stored in the sandbox, then sends the next
one: `/start`, press «راهنما» (help, an edit), `/language`, press «English», `/help`. The bot
is `python -m bot run` in a subprocess with a fresh SQLite file per run, in three configurations:

* ptb-default   - python-telegram-bot's default one-update-at-a-time processing
                  (MAX_CONCURRENT_UPDATES=1), httpx transport
* coopbot-httpx - coopbot's per-chat ordered concurrency, httpx transport
* coopbot       - coopbot's default: per-chat ordered concurrency, aiohttp transport

Per configuration and N it reports steps answered per second, p50/p99/max latency from sending a
step to the bot's last reply to it being stored, the CPU seconds of the bot process (from
/proc/<pid>/stat) and of this process (sandbox + people), errors, and an order check (in every
chat the bot's replies are exactly the expected ones, in the order of the steps). Telegram's
flood control is off in the sandbox and RATE_LIMIT_PER_SECOND=0 in the bot: this measures
processing, not Telegram's limits. Each run is bounded by --time-box; a run that does not finish
in it is cut off: its rate counts the steps answered within the box, and its latency percentiles
include the unanswered steps' waiting time so far, so they are lower bounds (marked ≥).

    .venv/bin/python bench/updates_bench.py                 # 50/100/200 people, 3 configurations
    .venv/bin/python bench/updates_bench.py --quick         # 20 and 50 people, shorter time box
    .venv/bin/python bench/updates_bench.py --people 100 --configs coopbot,coopbot-httpx

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

from bench._common import TRANSPORT_PACKAGES, machine_setup  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.sandbox import CallbackQueryRecord, Person, Sandbox, SandboxConfig  # noqa: E402
from handlers.language import LABELS  # noqa: E402

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
    )
}


@dataclass(frozen=True)
class Step:
    name: str
    action: str  # a bot.sandbox.Person action
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


def bot_env(config: BotConfig, base_url: str, database_url: str) -> dict[str, str]:
    # No coopbot setting leaks in from this shell (or a .env: the bot runs in the temp dir).
    settings = set(Settings.model_fields)
    env = {k: v for k, v in os.environ.items() if k.lower() not in settings}
    env.update(
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_URL=base_url,
        DATABASE_URL=database_url,
        RATE_LIMIT_PER_SECOND="0",
    )
    env.update(config.env)
    return env


class BotProcess:
    """`python -m bot run` against the sandbox; killed when this process dies, whatever happens."""

    def __init__(self, sandbox: Sandbox, config: BotConfig, workdir: Path) -> None:
        self.sandbox = sandbox
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
                "-m",
                "bot",
                "run",
                cwd=str(self.workdir),
                env=bot_env(self.config, self.sandbox.base_url, self.database_url),
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
) -> Result:
    """Start a sandbox and a fresh `coopbot run`, let ``people`` people talk to it in a closed
    loop for at most ``time_box`` seconds, stop everything and return the figures."""
    script = flow()[:steps]
    result = Result(config.name, people, people * len(script))
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="coopbench-")))
        sandbox_config = SandboxConfig(latency_s=latency, rate_limit_enabled=False)
        async with Sandbox(sandbox_config) as sandbox:
            sandbox.add_bot(TOKEN)
            bot = BotProcess(sandbox, config, workdir)
            finished = False  # measured to the end: stop the bot gracefully, else kill it soon
            try:
                await bot.start()
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
            finally:
                # A cut-off one-at-a-time bot would first work through its queue: kill it soon
                # (the sandbox's complaints about the connections this breaks are expected).
                quiet = logging.getLogger("bot.sandbox")
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
    "| bot CPU s | bench CPU s | other CPU s | wall s |"
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
        f"| {r.bot_cpu_s:.1f} | {r.bench_cpu_s:.1f} | {r.other_cpu_s:.1f} | {r.wall_s:.1f} |"
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
    p.add_argument("--configs", type=config_list, default=list(CONFIGS), help=",".join(CONFIGS))
    p.add_argument("--time-box", type=float, default=None, help="seconds per run (default 20)")
    p.add_argument("--quick", action="store_true", help="20,50 people, 8 s time box")
    p.add_argument("--by-step", action="store_true", help="latency of each step after each row")
    return p


async def _main(args: argparse.Namespace) -> int:
    people = args.people or ([20, 50] if args.quick else [50, 100, 200])
    time_box = args.time_box or (8.0 if args.quick else 20.0)
    for line in machine_setup((*TRANSPORT_PACKAGES, "SQLAlchemy", "aiosqlite")):
        print(line)
    pool = Settings.model_fields["max_concurrent_updates"].default
    names = " -> ".join(s.name for s in flow()[: args.steps])
    print(
        f"sandbox Bot API in this process over HTTP on 127.0.0.1, {args.latency * 1000:.0f} ms "
        f"per call, flood control OFF; bot = `python -m bot run` subprocess, fresh SQLite per "
        f"run, RATE_LIMIT_PER_SECOND=0 (processing is measured, not Telegram's limits), "
        f"MAX_CONCURRENT_UPDATES default {pool}"
    )
    print(f"each person, closed loop: {names}; time box {time_box:g} s per run")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name in args.configs:
        print(f"  {name:<13} {CONFIGS[name].title}")
    print()
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    results: list[Result] = []
    notes: list[str] = []
    for n in people:
        for name in args.configs:
            r = await run_once(
                CONFIGS[name], n, latency=args.latency, steps=args.steps, time_box=time_box
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
