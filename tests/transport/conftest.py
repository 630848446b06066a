"""A fake Bot API on 127.0.0.1 (aiohttp.web) and transport fixtures for the transport tests."""

from __future__ import annotations

import asyncio
import json
import socket
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot
from telegram.request import BaseRequest

from bot.messenger.transport import TransportKind, make_request

# Shaped like a real token, so that the redaction backstop cannot be what hides it.
TOKEN = "123456789:AAF-fake_token_for_tests_0123456789AB"
KINDS: tuple[TransportKind, ...] = ("aiohttp", "httpx")

BOT_USER = {"id": 123456789, "is_bot": True, "first_name": "Coop", "username": "coop_bot"}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Call:
    """One request as the fake server saw it."""

    method: str  # Bot API method, or "file:<path>" for downloads
    http_method: str
    token: str
    content_type: str  # without parameters (boundary)
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str | None, str, bytes]] = field(default_factory=dict)
    file_dispositions: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    target: str = ""  # the request target as sent (absolute-form through a proxy)


def ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def message(chat_id: int | str = 1, text: str | None = "hi", message_id: int = 1) -> dict:
    msg: dict[str, Any] = {
        "message_id": message_id,
        "date": 1_700_000_000,
        "chat": {"id": int(chat_id), "type": "private"},
    }
    if text is not None:
        msg["text"] = text
    return msg


class FakeBotAPI:
    """Serves /bot<token>/<method> and /file/bot<token>/<path>; records every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.handlers: dict[str, Handler] = {}
        self.files: dict[str, bytes] = {}
        self._pending: dict[int, Call] = {}  # by id(request), while its handler runs
        self.release = asyncio.Event()  # hanging handlers return once this is set
        self.arrived = asyncio.Event()  # set when the first request reaches a handler
        self.in_flight = 0
        self.max_in_flight = 0
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def url(self, method: str) -> str:
        return f"{self.base_url}{TOKEN}/{method}"

    def on(self, method: str, handler: Handler) -> None:
        self.handlers[method] = handler

    def reply(self, method: str, status: int, body: bytes | dict) -> None:
        async def handler(request: web.Request) -> web.Response:
            await self.record(request)
            if isinstance(body, dict):
                return web.json_response(body, status=status)
            return web.Response(body=body, status=status, content_type="application/json")

        self.on(method, handler)

    async def hang(self) -> None:
        await self.release.wait()

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def start(self) -> None:
        app = web.Application(client_max_size=256 * 2**20)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        # lingering_time=0: after a stalled upload, do not spend 10 s draining its unread body
        self._runner = web.AppRunner(app, access_log=None, lingering_time=0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self.release.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def record(self, request: web.Request) -> Call:
        call = self._pending[id(request)]
        content_type = request.content_type
        call.content_type = content_type
        if content_type == "multipart/form-data":
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    call.files[name] = (value.filename, value.content_type, value.file.read())
                    call.file_dispositions[name] = value.headers["Content-Disposition"]
                else:
                    call.fields[name] = str(value)
        else:
            call.body = await request.read()
            if content_type == "application/x-www-form-urlencoded":
                call.fields = {k: str(v) for k, v in (await request.post()).items()}
        self.calls.append(call)
        return call

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        parts = path.strip("/").split("/")
        if parts[0] == "file":
            token, method = parts[1].removeprefix("bot"), "file:" + "/".join(parts[2:])
        else:
            token, method = parts[0].removeprefix("bot"), parts[-1]
        self._pending[id(request)] = Call(
            method=method,
            http_method=request.method,
            token=token,
            content_type="",
            headers=dict(request.headers),
            target=_request_target(request),
        )
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.arrived.set()
        try:
            handler = self.handlers.get(method) or self._default
            return await handler(request)
        finally:
            self.in_flight -= 1
            del self._pending[id(request)]

    async def _default(self, request: web.Request) -> web.StreamResponse:
        call = await self.record(request)
        method = call.method
        if method.startswith("file:"):
            return web.Response(body=self.files[method.removeprefix("file:")])
        if method == "getMe":
            return ok(BOT_USER)
        if method in ("deleteWebhook", "setMyCommands"):
            return ok(True)
        if method == "getUpdates":
            return ok([])
        if method == "getFile":
            file_id = call.fields["file_id"]
            return ok({"file_id": file_id, "file_unique_id": "u", "file_path": f"docs/{file_id}"})
        if method in ("sendMessage", "sendDocument", "sendPhoto"):
            return ok(message(call.fields.get("chat_id", 1), call.fields.get("text")))
        if method == "sendMediaGroup":
            return ok([message(call.fields["chat_id"], None, i) for i in (1, 2)])
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )


def _request_target(request: web.Request) -> str:
    """The request line's target: absolute-form when the client talked to us as a proxy."""
    message = request._message  # aiohttp's parsed request line
    return str(message.url) if message.url.is_absolute() else message.path


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    api = FakeBotAPI()
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> TransportKind:
    return request.param


TEST_TIMEOUTS = {
    "read_timeout": 2.0,
    "write_timeout": 2.0,
    "connect_timeout": 1.0,
    "pool_timeout": 1.0,
    "media_write_timeout": 2.0,
}


@pytest.fixture
async def make_transport(
    kind: TransportKind,
) -> AsyncIterator[Callable[..., Awaitable[BaseRequest]]]:
    """Builds initialised transports of the parametrised kind; shuts them all down after."""
    made: list[BaseRequest] = []

    async def make(**overrides: Any) -> BaseRequest:
        request = make_request(kind, **{**TEST_TIMEOUTS, **overrides})
        await request.initialize()
        made.append(request)
        return request

    try:
        yield make
    finally:
        for request in made:
            await request.shutdown()


def make_bot(
    api: FakeBotAPI,
    request: BaseRequest,
    get_updates_request: BaseRequest | None = None,
    base_url: str | None = None,
) -> Bot:
    """A Bot on the fake API (or `base_url`); not initialised (that would call getMe)."""
    return Bot(
        TOKEN,
        base_url=base_url or api.base_url,
        base_file_url=api.base_file_url,
        request=request,
        get_updates_request=get_updates_request or request,
    )


def assert_no_token(exc: BaseException) -> None:
    """The token appears in neither the message nor anywhere in the printed traceback chain."""
    printed = "".join(traceback.format_exception(exc))
    assert TOKEN not in str(exc)
    assert TOKEN not in repr(exc)
    assert TOKEN not in printed, printed
    secret = TOKEN.split(":")[1]
    assert secret not in printed, printed


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that nobody listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    yield port


@pytest.fixture
def unresponsive_port() -> Iterator[int]:
    """A listening port whose accept backlog is full: new TCP connects hang (SYNs dropped)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    try:
        yield port
    finally:
        for sock in [*fillers, listener]:
            sock.close()


def dumps(value: Any) -> str:
    """How PTB JSON-encodes a non-string parameter."""
    return json.dumps(value)
