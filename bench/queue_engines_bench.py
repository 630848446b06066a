"""The job queue's engine, measured against the alternatives (issue 17): enqueue -> ordered
consume, per message, on this machine's servers (127.0.0.1).

Every engine gets the same load: `--messages` updates (~300 bytes of JSON) of `--chats` chats,
published in batches of 100 (a getUpdates batch) with at most `--window` published and not yet
consumed (the ingress and the workers in step), consumed with `--partitions` ordered consumers,
each message acknowledged after it was "handled" (nothing is done with it). Every chat's
messages must come out in the order they went in (checked).

* procrastinate - jobs in PostgreSQL, lock = the chat, one worker with concurrency = partitions
  (procrastinate's lock gives per-chat order on any worker)
* nats          - NATS JetStream, a file-stored stream, subject by chat hash (one per partition),
  one durable pull consumer per partition, publish acknowledged by the server
* rabbitmq      - RabbitMQ, one durable single-active-consumer queue per partition, chosen by chat
  hash in the publisher (what the consistent-hash exchange does, without enabling its plugin on
  a shared server), persistent messages, publisher confirms, one consumer per queue

Per message: wall µs, CPU µs of this process (client side: publish + consume) and of the server
(PostgreSQL's backends of these connections, nats-server, RabbitMQ's beam.smp; other users of a
shared server add to it: note the load average).

    .venv/bin/pip install -e '.[bench]'      # nats-py, aio-pika
    .venv/bin/python bench/queue_engines_bench.py --database-url postgresql+asyncpg://postgres@127.0.0.1/coopbench
    .venv/bin/python bench/queue_engines_bench.py --database-url ... --quick

Figures depend on the machine; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench._common import machine_setup  # noqa: E402
from bench.cluster_bench import BackendCpu, fresh_queue  # noqa: E402
from bench.updates_bench import process_cpu_seconds  # noqa: E402

PACKAGES = ("procrastinate", "psycopg", "nats-py", "aio-pika", "aiormq")
TEXT = "سلام، می‌خواهم در دورهٔ حسابداری ثبت‌نام کنم"


def message(n: int, chat: int) -> dict:
    return {
        "update_id": n,
        "seq": n,
        "message": {
            "message_id": n,
            "date": 1_764_000_000,
            "chat": {"id": chat, "type": "private", "first_name": "مریم"},
            "from": {"id": chat, "is_bot": False, "first_name": "مریم", "language_code": "fa"},
            "text": TEXT,
        },
    }


def partition(chat: int, partitions: int) -> int:
    return zlib.crc32(str(chat).encode()) % partitions


@dataclass
class Run:
    engine: str
    messages: int
    wall_s: float = 0.0
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0
    out_of_order: int = 0
    notes: list[str] = field(default_factory=list)


class Flow:
    """Publishes in batches within the window; consumers report each message."""

    def __init__(self, messages: int, chats: int, window: int) -> None:
        self.messages = messages
        self.chats = chats
        self.window = window
        self.done = 0
        self.last_seq: dict[int, int] = {}
        self.out_of_order = 0
        self.progressed = asyncio.Event()

    def consumed(self, update: dict) -> None:
        chat = update["message"]["chat"]["id"]
        if update["seq"] < self.last_seq.get(chat, -1):
            self.out_of_order += 1
        self.last_seq[chat] = update["seq"]
        self.done += 1
        self.progressed.set()

    async def _reach(self, target: int) -> None:
        while self.done < target:
            self.progressed.clear()
            await self.progressed.wait()

    async def produce(self, publish: Callable[[list[dict]], Awaitable[None]]) -> None:
        for start in range(0, self.messages, 100):
            await self._reach(start - self.window)
            end = min(start + 100, self.messages)
            await publish([message(n, 1_000_000 + n % self.chats) for n in range(start, end)])
        await self._reach(self.messages)


async def measure(run: Run, server_cpu: Callable[[], float], body: Callable[[], Awaitable[None]]):
    server, client, started = server_cpu(), time.process_time(), time.monotonic()
    await body()
    run.wall_s = time.monotonic() - started
    run.client_cpu_s = time.process_time() - client
    run.server_cpu_s = server_cpu() - server


def pids_of(name: str) -> list[int]:
    out = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True, check=False)
    return [int(p) for p in out.stdout.split()]


def cpu_of(pids: list[int]) -> Callable[[], float]:
    def read() -> float:
        total = 0.0
        for pid in pids:
            with contextlib.suppress(OSError):
                total += process_cpu_seconds(pid)
        return total

    return read


# --- procrastinate ------------------------------------------------------------------------------


async def run_procrastinate(args: argparse.Namespace) -> Run:
    from procrastinate.jobs import Job

    from bot.cluster.waking import WakeableWorker

    run = Run("procrastinate", args.messages)
    flow = Flow(args.messages, args.chats, args.window)
    app, conninfo = await fresh_queue(args.database_url, args.partitions + 4)

    @app.task(name="bench.ordered", queue="updates")
    async def handle(update: dict) -> None:
        flow.consumed(update)

    async def publish(batch: list[dict]) -> None:
        jobs = [
            Job(
                id=None,
                queue="updates",
                lock=f"telegram:{u['message']['chat']['id']}",
                queueing_lock=None,
                task_name="bench.ordered",
                task_kwargs={"update": u},
            )
            for u in batch
        ]
        await app.job_manager.batch_defer_jobs_async(jobs)

    worker = asyncio.create_task(
        WakeableWorker(  # woken as coopbot's workers are (bot/cluster/waking.py)
            app=app,
            queues=["updates"],
            concurrency=args.partitions,
            install_signal_handlers=False,
            listen_notify=False,
            fetch_job_polling_interval=0.5,
            delete_jobs="successful",
        ).run()
    )
    db = BackendCpu(conninfo)
    await db.start()
    try:
        await measure(run, lambda: 0.0, lambda: flow.produce(publish))
        run.server_cpu_s = await db.stop()
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        await app.close_async()
    run.out_of_order = flow.out_of_order
    return run


# --- NATS JetStream -----------------------------------------------------------------------------


async def run_nats(args: argparse.Namespace) -> Run:
    import nats
    from nats.js.api import StorageType, StreamConfig
    from nats.js.errors import NotFoundError

    run = Run("nats", args.messages)
    flow = Flow(args.messages, args.chats, args.window)
    nc = await nats.connect(args.nats_url)
    js = nc.jetstream()
    stream = "COOPBENCH"
    with contextlib.suppress(NotFoundError):
        await js.delete_stream(stream)
    await js.add_stream(
        StreamConfig(name=stream, subjects=["coopbench.*"], storage=StorageType.FILE)
    )
    subs = [
        await js.pull_subscribe(f"coopbench.{p}", durable=f"p{p}", stream=stream)
        for p in range(args.partitions)
    ]

    async def consume(sub) -> None:
        while True:
            try:
                msgs = await sub.fetch(100, timeout=1)
            except TimeoutError:
                continue
            for m in msgs:  # one partition: in order, one after another
                flow.consumed(json.loads(m.data))
                await m.ack()

    async def publish(batch: list[dict]) -> None:
        await asyncio.gather(
            *(
                js.publish(
                    f"coopbench.{partition(u['message']['chat']['id'], args.partitions)}",
                    json.dumps(u).encode(),
                )
                for u in batch
            )
        )

    consumers = [asyncio.create_task(consume(s)) for s in subs]
    try:
        await measure(run, cpu_of(pids_of("nats-server")), lambda: flow.produce(publish))
    finally:
        for c in consumers:
            c.cancel()
        await asyncio.gather(*consumers, return_exceptions=True)
        await js.delete_stream(stream)
        await nc.close()
    run.out_of_order = flow.out_of_order
    return run


# --- RabbitMQ -----------------------------------------------------------------------------------


async def run_rabbitmq(args: argparse.Namespace) -> Run:
    import aio_pika

    run = Run("rabbitmq", args.messages)
    flow = Flow(args.messages, args.chats, args.window)
    conn = await aio_pika.connect_robust(args.amqp_url)
    publisher = await conn.channel(publisher_confirms=True)
    names = [f"coopbench.{p}" for p in range(args.partitions)]
    channels = []
    queues = []
    for name in names:
        channel = await conn.channel()
        await channel.set_qos(prefetch_count=100)
        await channel.queue_delete(name)
        queues.append(
            await channel.declare_queue(
                name, durable=True, arguments={"x-single-active-consumer": True}
            )
        )
        channels.append(channel)

    async def consume(queue) -> None:
        async with queue.iterator() as messages:
            async for m in messages:  # one queue: in order, one after another
                flow.consumed(json.loads(m.body))
                await m.ack()

    async def publish(batch: list[dict]) -> None:
        await asyncio.gather(
            *(
                publisher.default_exchange.publish(
                    aio_pika.Message(
                        json.dumps(u).encode(), delivery_mode=aio_pika.DeliveryMode.PERSISTENT
                    ),
                    routing_key=names[partition(u["message"]["chat"]["id"], args.partitions)],
                )
                for u in batch
            )
        )

    consumers = [asyncio.create_task(consume(q)) for q in queues]
    try:
        await measure(run, cpu_of(pids_of("beam.smp")), lambda: flow.produce(publish))
    finally:
        for c in consumers:
            c.cancel()
        await asyncio.gather(*consumers, return_exceptions=True)
        for channel, name in zip(channels, names, strict=True):
            await channel.queue_delete(name)
        await conn.close()
    run.out_of_order = flow.out_of_order
    return run


ENGINES = {"procrastinate": run_procrastinate, "nats": run_nats, "rabbitmq": run_rabbitmq}


def report(runs: list[Run]) -> list[str]:
    lines = [
        "| engine | messages/s | wall µs/msg | client CPU µs/msg | server CPU µs/msg "
        "| total CPU µs/msg | out of order |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        per = 1e6 / r.messages
        lines.append(
            f"| {r.engine} | {r.messages / r.wall_s:,.0f} | {r.wall_s * per:,.0f} | "
            f"{r.client_cpu_s * per:,.0f} | {r.server_cpu_s * per:,.0f} | "
            f"{(r.client_cpu_s + r.server_cpu_s) * per:,.0f} | {r.out_of_order} |"
        )
    return lines


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    p.add_argument("--nats-url", default="nats://127.0.0.1:4222")
    p.add_argument("--amqp-url", default="amqp://guest:guest@127.0.0.1/")
    p.add_argument("--engines", default="procrastinate,nats,rabbitmq")
    p.add_argument("--messages", type=int, default=10_000)
    p.add_argument("--chats", type=int, default=500)
    p.add_argument("--partitions", type=int, default=16)
    p.add_argument("--window", type=int, default=200)
    p.add_argument("--quick", action="store_true")
    return p


async def _main(args: argparse.Namespace) -> int:
    if args.quick:
        args.messages, args.chats = 2_000, 200
    for line in machine_setup(PACKAGES):
        print(line)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    runs = []
    for name in args.engines.split(","):
        if name == "procrastinate" and not (args.database_url or "").startswith("postgresql"):
            print("procrastinate skipped: give --database-url postgresql+asyncpg://...")
            continue
        runs.append(await ENGINES[name](args))
    print(
        f"\n{args.messages} messages of {args.chats} chats, batches of 100, at most "
        f"{args.window} waiting, {args.partitions} ordered consumers"
    )
    print("\n".join(report(runs)))
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(_main(_parser().parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
