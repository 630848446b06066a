"""The sandbox Bot API server (aiohttp) and :class:`Sandbox`, the object tests hold.

``POST /bot<TOKEN>/<method>`` with a form, multipart or JSON body (GET with a query string
works too) answers ``{"ok": true, "result": ...}`` or Telegram's error object. Files the bot
sent can be downloaded from ``/file/bot<TOKEN>/<file_path>`` (see ``getFile``).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web

from sandbox.config import SandboxConfig
from sandbox.errors import ApiError, bad_request, not_found, server_error, unauthorized
from sandbox.methods import UploadedFile, coerce_params, handler_for
from sandbox.people import ACTIONS, Person
from sandbox.spec import KNOWN_METHODS
from sandbox.state import (
    PLATFORMS,
    ApiCall,
    BotState,
    ChatState,
    FailRule,
    SandboxState,
    StoredMessage,
)

__all__ = ["BotInfo", "Sandbox"]

log = logging.getLogger(__name__)

T = TypeVar("T")

TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_KNOWN_LOWER = {m.lower() for m in KNOWN_METHODS}
_MAX_BODY = 52 * 1024 * 1024  # Telegram: 50 MB uploads


@dataclass(frozen=True)
class BotInfo:
    """A registered bot."""

    token: str
    platform: str
    id: int
    username: str
    first_name: str


class Sandbox:
    """A local Bot API server with scripted people.

    >>> async with Sandbox() as sb:                               # doctest: +SKIP
    ...     sb.add_bot("123:TEST")
    ...     app = ApplicationBuilder().token("123:TEST").base_url(sb.base_url).build()
    """

    def __init__(self, config: SandboxConfig | None = None) -> None:
        self.config = config or SandboxConfig()
        self.state = SandboxState(self.config)
        self._fault_rng = random.Random(self.config.seed)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # --- lifecycle --------------------------------------------------------------------------
    async def start(self) -> Sandbox:
        if self._runner is not None:
            return self
        app = web.Application(client_max_size=_MAX_BODY)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_get("/_sandbox", self._ctl_summary)
        app.router.add_get("/_sandbox/calls", self._ctl_calls)
        app.router.add_get("/_sandbox/{token}/chats/{chat_id}", self._ctl_chat)
        app.router.add_post("/_sandbox/{token}/people/{user_id}/{action}", self._ctl_person)
        app.router.add_route("*", "/{tail:.*}", self._fallback)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self.state.closing = False
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        self.state.closing = True
        self.state.notify()  # pending long polls return at once
        await asyncio.sleep(0)
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> Sandbox:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("sandbox not started")
        return f"http://{self.config.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends ``<token>/<method>``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    # --- bots, people, chats ----------------------------------------------------------------
    def add_bot(
        self,
        token: str | None = None,
        platform: str = "telegram",
        username: str | None = None,
        *,
        first_name: str | None = None,
    ) -> BotInfo:
        """Register a bot token. The bot id is the token's numeric prefix (as on Telegram)."""
        if platform not in PLATFORMS:
            raise ValueError(f"platform must be one of {PLATFORMS}, not {platform!r}")
        if token is None:
            token = f"{100000 + len(self.state.bots)}:SANDBOX-{platform}-token"
        if token in self.state.bots:
            raise ValueError(f"bot {token!r} already registered")
        prefix = token.split(":", 1)[0]
        bot_id = int(prefix) if prefix.isdigit() else 10**9 + len(self.state.bots)
        username = username or f"coop_sandbox_{bot_id}_bot"
        first_name = first_name or ("CoopBot (Bale)" if platform == "bale" else "CoopBot")
        user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        if platform == "telegram":
            user.update(
                can_join_groups=True,
                can_read_all_group_messages=False,
                supports_inline_queries=False,
            )
        rng = random.Random(None if self.config.seed is None else f"{self.config.seed}:{token}")
        self.state.bots[token] = BotState(token, platform, user, rng)
        return BotInfo(token, platform, bot_id, username, first_name)

    def bot(self, token: str | None = None) -> BotState:
        """A bot's state by token or platform name (or the only bot)."""
        return self.state.bot_for(token)

    def person(
        self,
        user_id: int,
        first_name: str = "کاربر آزمایشی",
        language_code: str | None = "fa",
        token: str | None = None,
        *,
        platform: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        old_client: bool = False,
        started: bool = True,
    ) -> Person:
        """A scripted user of one bot (``token``: a token, or "telegram"/"bale", or None when
        only one bot is registered). The same user id on the same bot gives the same Person.

        ``started=False``: the person never wrote to the bot, so sends answer 403 "bot can't
        initiate conversation with a user" until the person sends something."""
        bot = self.state.bot_for(token if token is not None else platform)
        existing = bot.people.get(int(user_id))
        if existing is not None:
            return existing
        person = Person(
            self.state,
            bot,
            int(user_id),
            first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
            old_client=old_client,
            started=started,
        )
        bot.people[int(user_id)] = person
        return person

    def add_chat(
        self,
        chat_id: int,
        chat_type: str = "group",
        title: str | None = None,
        *,
        token: str | None = None,
        username: str | None = None,
    ) -> ChatState:
        """Make a group/supergroup/channel known to a bot (sends then work; rate 20/min)."""
        bot = self.state.bot_for(token)
        allowed = ("group", "channel") if bot.is_bale else ("group", "supergroup", "channel")
        if chat_type not in allowed:
            raise ValueError(f"{bot.platform} chat type must be one of {allowed}")
        return bot.ensure_chat(
            int(chat_id), chat_type, title=title or str(chat_id), username=username
        )

    # --- inspection -------------------------------------------------------------------------
    def calls(
        self,
        method: str | Iterable[str] | None = None,
        *,
        token: str | None = None,
        ok: bool | None = None,
    ) -> list[ApiCall]:
        """Recorded API calls, oldest first (method names are matched case-insensitively)."""
        return self.state.filter_calls(method, token, ok)

    def clear_calls(self) -> None:
        self.state.calls.clear()

    def chat(self, chat_id: int, token: str | None = None) -> ChatState:
        chat = self.state.bot_for(token).chat(chat_id)
        if chat is None:
            raise KeyError(f"chat {chat_id} unknown")
        return chat

    def messages(
        self, chat_id: int, token: str | None = None, include_deleted: bool = False
    ) -> list[StoredMessage]:
        """Bot messages in a chat, oldest first."""
        return self.chat(chat_id, token).bot_messages(include_deleted)

    def delivered(self, chat_id: int, token: str | None = None) -> int:
        """Successful deliveries (send*/copyMessage) to a chat, for exactly-once checks."""
        return self.chat(chat_id, token).delivered

    def commands(
        self,
        token: str | None = None,
        *,
        scope: dict[str, Any] | None = None,
        language_code: str = "",
    ) -> list[dict[str, str]]:
        """Commands stored by setMyCommands for a scope and language ("" = all languages)."""
        bot = self.state.bot_for(token)
        return list(bot.commands.get((bot.scope_key(scope), language_code), []))

    # --- trouble ----------------------------------------------------------------------------
    def fail_next(
        self,
        n: int = 1,
        status: int = 502,
        *,
        description: str | None = None,
        methods: str | Iterable[str] | None = None,
        retry_after: int | None = None,
        after_delivery: bool = False,
    ) -> None:
        """Answer the next ``n`` calls with an error (default 502 Bad Gateway).

        ``methods``: only these methods (default: every method except getUpdates).
        ``after_delivery``: perform the call first (the message *is* delivered), then answer
        with the error, as when a response is lost; useful for exactly-once tests.
        """
        if isinstance(methods, str):
            methods = [methods]
        rule = FailRule(
            remaining=n,
            status=status,
            description=description,
            methods=frozenset(m.lower() for m in methods) if methods is not None else None,
            parameters={"retry_after": retry_after} if retry_after is not None else None,
            after_delivery=after_delivery,
        )
        self.state.fail_rules.append(rule)

    # --- waiting ----------------------------------------------------------------------------
    async def wait_for(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,
    ) -> T:
        """Wait until ``predicate()`` is truthy; re-checked after every API call and every
        person action (any change in the sandbox). Returns the predicate's value."""
        return await self.state.signal.wait_for(predicate, timeout)

    async def wait_idle(
        self,
        idle_s: float = 0.2,
        timeout: float = 10.0,
        token: str | None = None,
    ) -> None:
        """Wait until every queued update was fetched and confirmed (offset moved past it),
        no call is in flight, and no call other than getUpdates happened for ``idle_s``."""
        bots = [self.state.bot_for(token)] if token is not None else list(self.state.bots.values())
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            now = time.monotonic()
            busy = any(b.updates or b.inflight for b in bots)
            last = max((b.last_activity for b in bots), default=0.0)
            quiet = now - last
            if not busy and quiet >= idle_s:
                return
            remaining = deadline - loop.time()
            if remaining <= 0:
                pending = {b.username: len(b.updates) for b in bots}
                raise TimeoutError(
                    f"sandbox not idle after {timeout}s: pending updates {pending}, "
                    f"in flight {sum(b.inflight for b in bots)}"
                )
            wait = remaining if busy else min(idle_s - quiet, remaining)
            await self.state.signal.wait(max(wait, 0.001))

    # --- HTTP -------------------------------------------------------------------------------
    async def _inject_latency(self) -> None:
        delay = self.config.latency_s
        if self.config.latency_jitter_s:
            delay += self._fault_rng.uniform(0, self.config.latency_jitter_s)
        if delay > 0:
            await asyncio.sleep(delay)

    def _take_failure(self, method: str) -> FailRule | None:
        lower = method.lower()
        for rule in self.state.fail_rules:
            applies = lower != "getupdates" if rule.methods is None else lower in rule.methods
            if applies and rule.remaining > 0:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self.state.fail_rules.remove(rule)
                return rule
        if self.config.failure_rate and self._fault_rng.random() < self.config.failure_rate:
            return FailRule(1, self.config.failure_status, None, None)
        return None

    @staticmethod
    def _rule_error(rule: FailRule) -> ApiError:
        if rule.description is None and rule.parameters is None:
            return server_error(rule.status)
        base = server_error(rule.status)
        return ApiError(rule.status, rule.description or base.description, rule.parameters)

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        state = self.state
        bot = state.bots.get(token)
        call = ApiCall(
            token=token,
            method=method,
            params={},
            started=time.monotonic(),
            ts=time.time(),
            platform=bot.platform if bot else None,
        )
        counted = False
        try:
            try:
                raw, files = await _decode(request)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            call.params = _recordable(raw, files)
            if bot is None:
                raise unauthorized() if TOKEN_RE.match(token) else not_found()
            found = handler_for(method)
            if found is None:
                if method.lower() in _KNOWN_LOWER:
                    log.warning("sandbox: Bot API method %s is not implemented", method)
                raise not_found()
            name, handler = found
            call.method = name
            if name != "getUpdates":
                bot.inflight += 1
                counted = True
            await self._inject_latency()
            rule = self._take_failure(name)
            if rule is not None and not rule.after_delivery:
                raise self._rule_error(rule)
            params, unknown = coerce_params(name, raw, files)
            if self.config.record_unknown_params:
                call.unknown_params = tuple(unknown)
            result = await handler(state, bot, params)
            if rule is not None:
                call.result = result  # performed, but the answer is "lost"
                raise self._rule_error(rule)
            call.result = result
            status, body = 200, {"ok": True, "result": result}
        except ApiError as exc:
            call.ok = False
            call.status = exc.status
            call.description = exc.description
            call.retry_after = exc.retry_after
            status, body = exc.status, exc.payload()
        except Exception as exc:  # a sandbox bug: answer like a server error, keep the trace
            log.exception("sandbox: %s failed", method)
            call.ok = False
            call.status = 500
            call.description = f"Internal Server Error: sandbox: {exc!r}"
            status = 500
            body = {"ok": False, "error_code": 500, "description": call.description}
        finally:
            call.duration = time.monotonic() - call.started
            transport = request.transport
            call.abandoned = transport is None or transport.is_closing()
            if counted and bot is not None:
                bot.inflight -= 1
                bot.last_activity = time.monotonic()
            state.calls.append(call)
            state.notify()
        return web.Response(
            text=json.dumps(body, ensure_ascii=False),
            status=status,
            content_type="application/json",
        )

    async def _download(self, request: web.Request) -> web.StreamResponse:
        bot = self.state.bots.get(request.match_info["token"])
        stored = bot.files_by_path.get(request.match_info["path"]) if bot else None
        if stored is None or stored.data is None:
            return _json_error(404, "Not Found")
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    # --- control API (for driving a standalone sandbox from another process) ----------------
    async def _ctl_summary(self, request: web.Request) -> web.Response:
        bots = [
            {
                "token": b.token,
                "platform": b.platform,
                "username": b.username,
                "pending_updates": b.pending_updates,
                "chats": sorted(b.chats),
            }
            for b in self.state.bots.values()
        ]
        return web.json_response({"url": self.url, "base_url": self.base_url, "bots": bots})

    async def _ctl_calls(self, request: web.Request) -> web.Response:
        calls = self.calls(request.query.get("method"), token=request.query.get("token"))
        return web.Response(
            text=json.dumps([_call_json(c) for c in calls], ensure_ascii=False, default=str),
            content_type="application/json",
        )

    async def _ctl_chat(self, request: web.Request) -> web.Response:
        try:
            chat = self.chat(int(request.match_info["chat_id"]), request.match_info["token"])
        except (KeyError, LookupError, ValueError) as exc:
            return _json_error(404, str(exc))
        messages = [_message_json(m) for m in chat.bot_messages(include_deleted=True)]
        return web.Response(
            text=json.dumps({"chat": chat.to_api(), "messages": messages}, ensure_ascii=False),
            content_type="application/json",
        )

    async def _ctl_person(self, request: web.Request) -> web.Response:
        """POST {"args": [...], "kwargs": {...}, "person": {"first_name": ...}} to run an
        action (send_text, send_command, press, share_contact, ...) as a person."""
        body = await request.json() if request.can_read_body else {}
        try:
            person = self.person(
                int(request.match_info["user_id"]),
                token=request.match_info["token"],
                **(body.get("person") or {}),
            )
            action = request.match_info["action"]
            if action not in ACTIONS and action not in ("block", "unblock"):
                return _json_error(404, f"unknown action {action!r}")
            if action in ("block", "unblock"):
                update = getattr(person, action)()
            else:
                args = list(body.get("args") or [])
                if action == "press" and args and isinstance(args[0], list):
                    args[0] = tuple(args[0])
                update = getattr(person, action)(*args, **(body.get("kwargs") or {}))
        except (LookupError, ValueError, TypeError, AttributeError) as exc:
            return _json_error(400, str(exc))
        return web.json_response({"ok": True, "update": update})

    async def _fallback(self, request: web.Request) -> web.Response:
        return _json_error(404, "Not Found")


def _message_json(msg: StoredMessage) -> dict[str, Any]:
    return {
        "message_id": msg.message_id,
        "kind": msg.kind,
        "text": msg.text,
        "sent_text": msg.sent_text,
        "parse_mode": msg.parse_mode,
        "caption": msg.caption,
        "buttons": msg.buttons,
        "callback_data": msg.callback_data,
        "reply_markup": msg.reply_markup,
        "edited": msg.edited,
        "deleted": msg.deleted,
        "file_name": msg.file.file_name if msg.file else None,
        "file_size": msg.file.size if msg.file else None,
    }


def _call_json(call: ApiCall) -> dict[str, Any]:
    return {
        "method": call.method,
        "token": call.token,
        "params": call.params,
        "ts": call.ts,
        "ok": call.ok,
        "status": call.status,
        "description": call.description,
        "retry_after": call.retry_after,
        "duration": call.duration,
    }


def _json_error(status: int, description: str) -> web.Response:
    body = {"ok": False, "error_code": status, "description": description}
    return web.Response(text=json.dumps(body), status=status, content_type="application/json")


async def _decode(request: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if not request.can_read_body:
        return raw, files
    ctype = request.content_type
    if ctype == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("JSON body must be an object")
        raw.update(body)
    elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        post = await request.post()
        for key, value in post.items():
            if isinstance(value, web.FileField):
                files[key] = UploadedFile(value.filename, value.content_type, value.file.read())
            elif isinstance(value, bytes | bytearray):
                raw[key] = bytes(value).decode("utf-8", "replace")
            else:
                raw[key] = value
    return raw, files


def _recordable(raw: dict[str, Any], files: dict[str, UploadedFile]) -> dict[str, Any]:
    params = dict(raw)
    for name, part in files.items():
        params[name] = {
            "file_name": part.filename,
            "mime_type": part.content_type,
            "size": len(part.data),
        }
    return params
