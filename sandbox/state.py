"""Everything the sandbox remembers: bots, chats, messages, updates, callback queries, calls.

All of it lives in one event loop (the one running the server); nothing here is thread-safe.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from sandbox.config import SandboxConfig
from sandbox.ratelimit import TokenBucket

if TYPE_CHECKING:
    from sandbox.people import Person

Platform = Literal["telegram", "bale"]
PLATFORMS: tuple[str, ...] = ("telegram", "bale")

T = TypeVar("T")

#: Update types Telegram delivers when ``allowed_updates`` was never set.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ChangeSignal:
    """Wakes every waiter whenever something changes; waiters re-check their own condition."""

    def __init__(self) -> None:
        self.version = 0
        self._event: asyncio.Event | None = None

    def notify(self) -> None:
        self.version += 1
        if self._event is not None:
            self._event.set()
            self._event = None

    async def wait(self, timeout: float | None) -> bool:
        """Wait for the next change; False on timeout."""
        if self._event is None:
            self._event = asyncio.Event()
        event = self._event
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def wait_for(
        self,
        predicate: Callable[[], T | None],
        timeout: float | None,
    ) -> T:
        """Return the first truthy ``predicate()``; raise TimeoutError after ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                raise TimeoutError
            await self.wait(remaining)


@dataclass
class StoredFile:
    """A file the sandbox knows: uploaded by the bot, sent by a person, or sent by URL."""

    file_id: str
    file_unique_id: str
    kind: str  # document, photo, video, sticker
    file_name: str | None = None
    mime_type: str | None = None
    data: bytes | None = None
    url: str | None = None
    width: int | None = None
    height: int | None = None
    duration: int | None = None
    file_path: str | None = None

    @property
    def size(self) -> int | None:
        return None if self.data is None else len(self.data)

    def to_api(self) -> dict[str, Any]:
        d: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.kind == "photo":
            d["width"] = self.width or 800
            d["height"] = self.height or 600
        elif self.kind == "video":
            d["width"] = self.width or 640
            d["height"] = self.height or 360
            d["duration"] = self.duration or 1
        elif self.kind == "sticker":
            d.update(type="regular", width=512, height=512, is_animated=False, is_video=False)
            d["emoji"] = "👍"
        if self.kind in ("document", "video") and self.file_name:
            d["file_name"] = self.file_name
        if self.kind in ("document", "video") and self.mime_type:
            d["mime_type"] = self.mime_type
        if self.size is not None:
            d["file_size"] = self.size
        return d


@dataclass
class MessageVersion:
    """One earlier version of an edited message."""

    text: str | None
    sent_text: str | None
    parse_mode: str | None
    entities: list[dict[str, Any]]
    caption: str | None
    reply_markup: dict[str, Any] | None
    edit_date: int | None


@dataclass
class StoredMessage:
    """A message in a chat, current version; earlier versions are in :attr:`versions`."""

    message_id: int
    chat_id: int
    token: str
    from_bot: bool
    date: int
    kind: str  # text, document, photo, video, sticker, contact
    chat: dict[str, Any]
    sender: dict[str, Any]
    text: str | None = None  # as the user sees it (HTML parsed, entities decoded)
    sent_text: str | None = None  # exactly as the bot sent it
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    sent_caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None  # as sent (inline or reply keyboard, ...)
    file: StoredFile | None = None
    contact: dict[str, Any] | None = None
    reply_to_message_id: int | None = None
    copied_from: tuple[int, int] | None = None  # (chat id, message id)
    edit_date: int | None = None
    versions: list[MessageVersion] = field(default_factory=list)
    deleted: bool = False
    raw: dict[str, Any] | None = None  # for person messages: the Message as delivered
    sent_at: float = 0.0  # monotonic time

    # --- convenience ----------------------------------------------------------------------
    @property
    def edited(self) -> bool:
        return bool(self.versions)

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.reply_markup or {}
        return markup.get("inline_keyboard") or []

    @property
    def keyboard(self) -> list[list[dict[str, Any]]]:
        """Reply keyboard rows (buttons normalised to dicts)."""
        markup = self.reply_markup or {}
        rows = markup.get("keyboard") or []
        return [[b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows]

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the inline keyboard, else of the reply keyboard, as rows."""
        rows = self.inline_keyboard or self.keyboard
        return [[b.get("text", "") for b in row] for row in rows]

    @property
    def callback_data(self) -> list[list[str | None]]:
        return [[b.get("callback_data") for b in row] for row in self.inline_keyboard]

    @property
    def document(self) -> StoredFile | None:
        return self.file if self.kind == "document" else None

    @property
    def photo(self) -> StoredFile | None:
        return self.file if self.kind == "photo" else None

    @property
    def video(self) -> StoredFile | None:
        return self.file if self.kind == "video" else None

    @property
    def display_text(self) -> str:
        return self.text if self.text is not None else (self.caption or "")

    def snapshot(self) -> MessageVersion:
        return MessageVersion(
            self.text,
            self.sent_text,
            self.parse_mode,
            copy.deepcopy(self.entities),
            self.caption,
            copy.deepcopy(self.reply_markup),
            self.edit_date,
        )

    def to_api(self, *, with_reply: bool = True, chat_state: ChatState | None = None) -> dict:
        """The Bot API ``Message`` object for this message."""
        if self.raw is not None:
            return copy.deepcopy(self.raw)
        d: dict[str, Any] = {
            "message_id": self.message_id,
            "from": dict(self.sender),
            "chat": dict(self.chat),
            "date": self.date,
        }
        if self.edit_date is not None:
            d["edit_date"] = self.edit_date
        if with_reply and self.reply_to_message_id is not None and chat_state is not None:
            target = chat_state.messages.get(self.reply_to_message_id)
            if target is not None and not target.deleted:
                d["reply_to_message"] = target.to_api(with_reply=False)
        if self.kind == "text":
            d["text"] = self.text or ""
            if self.entities:
                d["entities"] = copy.deepcopy(self.entities)
        elif self.file is not None:
            if self.kind == "photo":
                d["photo"] = [self.file.to_api()]
            else:
                d[self.kind] = self.file.to_api()
        if self.caption:
            d["caption"] = self.caption
            if self.caption_entities:
                d["caption_entities"] = copy.deepcopy(self.caption_entities)
        if self.contact is not None:
            d["contact"] = dict(self.contact)
        markup = self.reply_markup
        if markup and "inline_keyboard" in markup and markup["inline_keyboard"]:
            d["reply_markup"] = copy.deepcopy(markup)
        return d


@dataclass
class ChatState:
    """A chat between one bot and a person (private) or a group/channel."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False
    started: bool = True  # False: the person never wrote to the bot (403 on sends)
    deactivated: bool = False  # deleted account (403 on sends)
    reply_keyboard_message_id: int | None = None  # bot message whose reply keyboard is shown
    version: int = 0  # bumped on every bot send/edit/delete in this chat
    delivered: int = 0  # successful bot deliveries (send*/copyMessage)
    chat_instance: str = ""
    menu_button: dict[str, Any] | None = None
    bucket: TokenBucket | None = None
    #: When (SandboxConfig.clock) the person last sent the bot an update; None: never.
    last_update_at: float | None = None
    #: Notified on every change in this chat (what ``Person.wait_*`` wait on).
    signal: ChangeSignal = field(default_factory=ChangeSignal, repr=False, compare=False)

    def touch(self, *, bot_change: bool = True) -> None:
        """Record a change: bump :attr:`version` (bot send/edit/delete) and wake waiters."""
        if bot_change:
            self.version += 1
        self.signal.notify()

    def to_api(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.type == "private":
            d["first_name"] = self.first_name or ""
            if self.last_name:
                d["last_name"] = self.last_name
        elif self.title:
            d["title"] = self.title
        if self.username:
            d["username"] = self.username
        return d

    def bot_messages(self, include_deleted: bool = False) -> list[StoredMessage]:
        return [
            m for m in self.messages.values() if m.from_bot and (include_deleted or not m.deleted)
        ]

    def new_message_id(self) -> int:
        mid = self.next_message_id
        self.next_message_id += 1
        return mid


@dataclass
class CallbackQueryRecord:
    id: str
    token: str
    chat_id: int
    message_id: int
    user_id: int
    data: str | None
    created: float  # config.clock()
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class ApiCall:
    """One request to the sandbox, for assertions."""

    token: str
    method: str
    params: dict[str, Any]
    started: float  # time.monotonic()
    ts: float  # time.time()
    platform: str | None = None
    status: int = 200
    ok: bool = True
    result: Any = None
    description: str | None = None
    retry_after: int | None = None
    duration: float = 0.0
    unknown_params: tuple[str, ...] = ()
    #: The client had disconnected before the answer (e.g. a cancelled long poll).
    abandoned: bool = False

    @property
    def error(self) -> str | None:
        return None if self.ok else self.description

    def __repr__(self) -> str:
        outcome = "ok" if self.ok else f"{self.status} {self.description}"
        return f"<ApiCall {self.method} {outcome}>"


@dataclass
class QueuedUpdate:
    update_id: int
    kind: str
    data: dict[str, Any]
    fetched: bool = False


@dataclass
class FailRule:
    remaining: int
    status: int
    description: str | None
    methods: frozenset[str] | None
    parameters: dict[str, Any] | None = None
    after_delivery: bool = False


class BotState:
    """One registered bot token."""

    def __init__(
        self,
        token: str,
        platform: str,
        user: dict[str, Any],
        rng: random.Random,
    ) -> None:
        self.token = token
        self.platform = platform
        self.user = user
        self.rng = rng
        self.chats: dict[int, ChatState] = {}
        self.updates: list[QueuedUpdate] = []
        self.next_update_id = 1
        self.allowed_updates: list[str] | None = None
        self.webhook: dict[str, Any] = {"url": ""}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.default_menu_button: dict[str, Any] = {"type": "commands"}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.global_bucket: TokenBucket | None = None
        self.poll_generation = 0
        self.pollers = 0
        self.inflight = 0  # calls other than getUpdates being processed
        self.last_activity = time.monotonic()
        self.people: dict[int, Person] = {}
        self._file_counter = 0

    @property
    def id(self) -> int:
        return int(self.user["id"])

    @property
    def username(self) -> str:
        return str(self.user.get("username", ""))

    @property
    def is_bale(self) -> bool:
        return self.platform == "bale"

    # --- chats ------------------------------------------------------------------------------
    def chat(self, chat_id: int) -> ChatState | None:
        return self.chats.get(chat_id)

    def ensure_chat(self, chat_id: int, chat_type: str = "private", **info: Any) -> ChatState:
        chat = self.chats.get(chat_id)
        if chat is None:
            chat = ChatState(id=chat_id, type=chat_type, **info)
            chat.chat_instance = str(-self.rng.getrandbits(62) - 1)
            self.chats[chat_id] = chat
        else:
            for key, value in info.items():
                setattr(chat, key, value)
        return chat

    # --- updates ----------------------------------------------------------------------------
    def effective_allowed(self) -> set[str] | None:
        if self.allowed_updates:
            return set(self.allowed_updates)
        return None

    def is_allowed(self, kind: str) -> bool:
        allowed = self.effective_allowed()
        if allowed is None:
            return kind not in DEFAULT_EXCLUDED_UPDATES
        return kind in allowed

    def new_update_id(self) -> int:
        uid = self.next_update_id
        self.next_update_id += 1
        return uid

    def queue_update(self, update: dict[str, Any]) -> QueuedUpdate:
        kind = next(k for k in update if k != "update_id")
        item = QueuedUpdate(update["update_id"], kind, update)
        self.updates.append(item)
        return item

    def confirm(self, offset: int) -> None:
        """getUpdates ``offset``: forget every update with a smaller id."""
        self.updates = [u for u in self.updates if u.update_id >= offset]

    @property
    def pending_updates(self) -> int:
        return len(self.updates)

    # --- files ------------------------------------------------------------------------------
    def new_file(self, kind: str, **info: Any) -> StoredFile:
        self._file_counter += 1
        n = self._file_counter
        prefix = {"document": "BQAC", "photo": "AgAC", "video": "BAAC", "sticker": "CAAC"}.get(
            kind, "BQAC"
        )
        stored = StoredFile(
            file_id=f"{prefix}AgADsandbox{self.id}x{n:06d}",
            file_unique_id=f"AQAD{n:06d}",
            kind=kind,
            **info,
        )
        ext = ""
        if stored.file_name and "." in stored.file_name:
            ext = "." + stored.file_name.rsplit(".", 1)[1]
        elif kind == "photo":
            ext = ".jpg"
        elif kind == "video":
            ext = ".mp4"
        elif kind == "sticker":
            ext = ".webp"
        folder = {"photo": "photos", "video": "videos", "sticker": "stickers"}.get(
            kind, "documents"
        )
        stored.file_path = f"{folder}/file_{n}{ext}"
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # --- commands ---------------------------------------------------------------------------
    @staticmethod
    def scope_key(scope: dict[str, Any] | None) -> str:
        if not scope:
            return json.dumps({"type": "default"})
        return json.dumps(scope, sort_keys=True, ensure_ascii=False)


class SandboxState:
    """All bots, all calls, and the change signal everybody waits on."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.bots: dict[str, BotState] = {}
        self.calls: list[ApiCall] = []
        self.signal = ChangeSignal()
        self.fail_rules: list[FailRule] = []
        self.closing = False

    def notify(self) -> None:
        self.signal.notify()

    def bot_for(self, which: str | None) -> BotState:
        """A bot by token, or by platform when exactly one bot has it, or the only bot."""
        if which is not None and which in self.bots:
            return self.bots[which]
        if which in PLATFORMS:
            matches = [b for b in self.bots.values() if b.platform == which]
        elif which is None:
            matches = list(self.bots.values())
        else:
            raise KeyError(f"unknown bot token {which!r}")
        if len(matches) != 1:
            raise LookupError(
                f"cannot pick a bot for {which!r}: {len(matches)} candidates; pass the token"
            )
        return matches[0]

    def filter_calls(
        self,
        method: str | Iterable[str] | None = None,
        token: str | None = None,
        ok: bool | None = None,
    ) -> list[ApiCall]:
        methods: set[str] | None
        if method is None:
            methods = None
        elif isinstance(method, str):
            methods = {method.lower()}
        else:
            methods = {m.lower() for m in method}
        return [
            c
            for c in self.calls
            if (methods is None or c.method.lower() in methods)
            and (token is None or c.token == token)
            and (ok is None or c.ok == ok)
        ]
