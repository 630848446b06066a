"""Closed-loop benchmark of the HTTP transports (issue #8): aiohttp vs PTB's default httpx.

A fake Bot API (aiohttp.web on 127.0.0.1, in its own process so that its CPU time is not counted
against the transport) answers every call after a fixed latency (100 ms by default). N "people"
each make 5 sequential `Bot.send_message` calls through one transport; per concurrency level and
transport it prints calls/s, p50/p99 latency, errors, and the CPU seconds of the client process
(and of the server process, to show when the server, not the transport, is the limit).

    .venv/bin/python bench/transport_bench.py                      # 50/100/200, both transports
    .venv/bin/python bench/transport_bench.py -c 100 --calls 10 --transports aiohttp

Figures depend on the machine; nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOKEN = "123456789:AAF-bench_token_not_real_0123456789AB"


# --- the fake Bot API, in a child process ------------------------------------------------------


def _serve(latency: float, port_queue: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    asyncio.run(_serve_async(latency, port_queue, stop))


async def _serve_async(
    latency: float, port_queue: multiprocessing.Queue, stop: multiprocessing.Event
) -> None:
    from aiohttp import web

    message = (
        '{"ok":true,"result":{"message_id":1,"date":1700000000,'
        '"chat":{"id":%s,"type":"private"},"text":"ok"}}'
    )

    async def api(request: web.Request) -> web.Response:
        form = await request.post()
        await asyncio.sleep(latency)
        body = message % int(form.get("chat_id", 1))
        return web.Response(text=body, content_type="application/json")

    async def get_me(request: web.Request) -> web.Response:
        return web.json_response(
            {"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "b", "username": "b"}}
        )

    async def cpu(request: web.Request) -> web.Response:
        return web.Response(text=repr(time.process_time()))

    app = web.Application()
    app.router.add_post("/bot{token}/getMe", get_me)
    app.router.add_post("/bot{token}/{method}", api)
    app.router.add_get("/_cpu", cpu)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    port_queue.put(runner.addresses[0][1])
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, stop.wait)
    await runner.cleanup()


# --- the client ---------------------------------------------------------------------------------


async def _server_cpu(port: int) -> float:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /_cpu HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = await reader.read()
    writer.close()
    await writer.wait_closed()
    return float(data.split(b"\r\n\r\n", 1)[1])


async def _run_one(kind: str, concurrency: int, calls: int, port: int) -> dict[str, float]:
    from telegram import Bot

    from bot.messenger.transport import make_request

    request = make_request(kind)  # production defaults: pool 256, timeouts 5/5/5/1
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    latencies: list[float] = []
    errors: dict[str, int] = {}

    async def person(chat_id: int) -> None:
        for i in range(calls):
            started = time.perf_counter()
            try:
                await bot.send_message(chat_id=chat_id, text=f"call {i}")
            except Exception as exc:  # counted, not raised: a timeout is a result here
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            else:
                latencies.append(time.perf_counter() - started)

    async with bot:
        # warm up: open the connections a burst of this size needs
        await asyncio.gather(*(bot.get_me() for _ in range(concurrency)), return_exceptions=True)
        server_cpu = await _server_cpu(port)
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(person(n) for n in range(concurrency)))
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        server_cpu = await _server_cpu(port) - server_cpu

    latencies.sort()

    def pct(q: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    return {
        "ok": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": ", ".join(f"{k}×{v}" for k, v in sorted(errors.items())),
        "rate": len(latencies) / wall,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "max": latencies[-1] * 1000 if latencies else float("nan"),
        "wall": wall,
        "cpu": cpu,
        "server_cpu": server_cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--concurrency", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--calls", type=int, default=5, help="sequential calls per person")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency, seconds")
    parser.add_argument("--transports", nargs="+", default=["aiohttp", "httpx"])
    args = parser.parse_args()

    from bench._common import machine_setup

    for line in machine_setup():
        print(line)
    print(
        f"fake Bot API: {args.latency * 1000:.0f} ms per call, separate process; "
        f"{args.calls} sequential sendMessage per person; client = telegram.Bot + transport"
    )

    ctx = multiprocessing.get_context("spawn")
    port_queue, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(args.latency, port_queue, stop), daemon=True)
    server.start()
    try:
        port = port_queue.get(timeout=30)
        header = (
            f"{'transport':<9} {'people':>6} {'calls/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'max ms':>8} {'errors':>6} {'cpu s':>6} {'cpu/call ms':>11} {'server cpu s':>12}"
        )
        print()
        print(header)
        print("-" * len(header))
        for concurrency in args.concurrency:
            for kind in args.transports:
                r = asyncio.run(_run_one(kind, concurrency, args.calls, port))
                per_call = r["cpu"] / max(r["ok"] + r["errors"], 1) * 1000
                print(
                    f"{kind:<9} {concurrency:>6} {r['rate']:>8.0f} {r['p50']:>8.0f} "
                    f"{r['p99']:>8.0f} {r['max']:>8.0f} {r['errors']:>6} {r['cpu']:>6.2f} "
                    f"{per_call:>11.2f} {r['server_cpu']:>12.2f}"
                    + (f"  ({r['error_kinds']})" if r["errors"] else "")
                )
        ideal = 1 / args.latency
        print(
            f"\nideal (latency-bound): {ideal:.0f} calls/s per person, e.g. 100 people -> "
            f"{100 * ideal:.0f}/s"
        )
    finally:
        stop.set()
        server.join(10)
        if server.is_alive():
            server.terminate()


if __name__ == "__main__":
    main()
