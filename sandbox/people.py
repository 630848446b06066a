"""Scripted people: they create the updates a bot receives and read what the bot sent them.

Every action (``send_text``, ``send_command``, ``press``, ``share_contact``, ``send_sticker``,
``send_photo``, ``send_document``) returns the update dict. By default it is also queued for
``getUpdates`` (a bot polling over HTTP sees it); pass ``queue=False`` (or use
:meth:`Person.make_update`) to get the dict only, for feeding ``Application.process_update``
directly in flow tests.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from sandbox.methods import bot_user_short
from sandbox.state import (
    BotState,
    CallbackQueryRecord,
    ChatState,
    SandboxState,
    StoredFile,
    StoredMessage,
)
from sandbox.text import find_bot_commands, utf16_len

if TYPE_CHECKING:
    from telegram.ext import Application

__all__ = ["ButtonRef", "Person"]

T = TypeVar("T")

#: A button: its exact label, its callback_data, or a (row, column) index.
ButtonRef = str | tuple[int, int]

# 1x1 transparent PNG, used as the default photo a person sends.
_PNG_1x1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
_WEBP_STUB = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
    b"/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)


class Person:
    """A user of one bot. Create with :meth:`sandbox.Sandbox.person`."""

    def __init__(
        self,
        state: SandboxState,
        bot: BotState,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "fa",
        old_client: bool = False,
        started: bool = True,
    ) -> None:
        self._state = state
        self.bot = bot
        self.user_id = int(user_id)
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        #: Bale: callback query ids starting with "1" are reported to mean an old client.
        self.old_client = old_client
        self.chat: ChatState = bot.ensure_chat(
            self.user_id,
            "private",
            first_name=first_name,
            last_name=last_name,
            username=username,
        )
        if not started and not self.chat.messages:
            self.chat.started = False

    def __repr__(self) -> str:
        return f"<Person {self.user_id} {self.first_name!r} on {self.platform} bot {self.bot.id}>"

    # --- identity ---------------------------------------------------------------------------
    @property
    def platform(self) -> str:
        return self.bot.platform

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def blocked(self) -> bool:
        return self.chat.blocked

    def user_dict(self) -> dict[str, Any]:
        """The ``User`` object of this person as the platform sends it."""
        d: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            d["last_name"] = self.last_name
        if self.username:
            d["username"] = self.username
        if self.language_code and not self.bot.is_bale:
            d["language_code"] = self.language_code
        return d

    # --- building updates -------------------------------------------------------------------
    def _deliver(self, kind: str, payload: dict[str, Any], queue: bool) -> dict[str, Any]:
        update = {"update_id": self.bot.new_update_id(), kind: payload}
        if queue:
            self.bot.queue_update(update)
        self.chat.last_update_at = self._state.config.clock()  # the bot's answers are replies
        self._state.notify()
        self.chat.touch(bot_change=False)
        return update

    def _message(
        self, file: StoredFile | None = None, **content: Any
    ) -> tuple[dict[str, Any], StoredMessage]:
        self.chat.started = True
        mid = self.chat.new_message_id()
        data: dict[str, Any] = {
            "message_id": mid,
            "from": self.user_dict(),
            "chat": self.chat.to_api(),
            "date": int(time.time()),
        }
        data.update(content)
        stored = StoredMessage(
            message_id=mid,
            chat_id=self.chat.id,
            token=self.bot.token,
            from_bot=False,
            date=data["date"],
            kind=_kind_of(content),
            chat=data["chat"],
            sender=data["from"],
            text=content.get("text"),
            caption=content.get("caption"),
            contact=content.get("contact"),
            file=file,
            raw=data,
            sent_at=time.monotonic(),
        )
        self.chat.messages[mid] = stored
        return data, stored

    def _message_update(
        self, queue: bool, file: StoredFile | None = None, **content: Any
    ) -> dict[str, Any]:
        data, _stored = self._message(file, **content)
        return self._deliver("message", data, queue)

    def send_text(
        self, text: str, *, reply_to: int | None = None, queue: bool = True
    ) -> dict[str, Any]:
        """A text message. ``/commands`` in it get ``bot_command`` entities like Telegram does."""
        content: dict[str, Any] = {"text": text}
        entities = find_bot_commands(text)
        if entities:
            content["entities"] = entities
        if reply_to is not None:
            target = self.chat.messages.get(reply_to)
            if target is not None:
                content["reply_to_message"] = target.to_api(with_reply=False)
        return self._message_update(queue, **content)

    def send_command(
        self, command: str, payload: str | None = None, *, queue: bool = True
    ) -> dict[str, Any]:
        """``/start`` or ``/start payload`` (deep link), with a ``bot_command`` entity."""
        name = command if command.startswith("/") else f"/{command}"
        text = name if payload is None else f"{name} {payload}"
        entity = {"type": "bot_command", "offset": 0, "length": utf16_len(name)}
        return self._message_update(queue, text=text, entities=[entity])

    def share_contact(
        self,
        phone: str | None = None,
        *,
        user_id: int | None = None,
        first_name: str | None = None,
        queue: bool = True,
    ) -> dict[str, Any]:
        """Share a contact; by default the person's own (``user_id`` set, like the
        request_contact button). Default phone: ``98912xxxxxxx`` without "+" (as mobile
        clients send it)."""
        contact: dict[str, Any] = {
            "phone_number": phone or f"98912{self.user_id % 10**7:07d}",
            "first_name": first_name or self.first_name,
            "user_id": self.user_id if user_id is None else user_id,
        }
        if self.last_name and first_name is None:
            contact["last_name"] = self.last_name
        return self._message_update(queue, contact=contact)

    def send_sticker(self, *, queue: bool = True) -> dict[str, Any]:
        stored = self.bot.new_file("sticker", data=_WEBP_STUB, mime_type="image/webp")
        return self._message_update(queue, stored, sticker=stored.to_api())

    def send_photo(
        self, caption: str | None = None, *, data: bytes | None = None, queue: bool = True
    ) -> dict[str, Any]:
        stored = self.bot.new_file("photo", data=data or _PNG_1x1, width=1, height=1)
        content: dict[str, Any] = {"photo": [stored.to_api()]}
        if caption:
            content["caption"] = caption
        return self._message_update(queue, stored, **content)

    def send_document(
        self,
        file_name: str = "document.pdf",
        data: bytes = b"%PDF-1.4 sandbox\n",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        *,
        queue: bool = True,
    ) -> dict[str, Any]:
        stored = self.bot.new_file("document", data=data, file_name=file_name, mime_type=mime_type)
        content: dict[str, Any] = {"document": stored.to_api()}
        if caption:
            content["caption"] = caption
        return self._message_update(queue, stored, **content)

    def press(
        self,
        button: ButtonRef,
        *,
        message_id: int | None = None,
        queue: bool = True,
    ) -> dict[str, Any]:
        """Press a button: exact label, callback_data, or (row, col).

        Searches the newest bot message first (or only ``message_id``, to press old buttons).
        An inline button yields a ``callback_query``; a reply-keyboard button sends its label as
        text (or the contact, for ``request_contact``).
        """
        msg, btn, kind = self._find_button(button, message_id)
        if kind == "reply":
            if self.chat.reply_keyboard_message_id == msg.message_id and (
                (msg.reply_markup or {}).get("one_time_keyboard")
            ):
                self.chat.reply_keyboard_message_id = None
            if btn.get("request_contact"):
                return self.share_contact(queue=queue)
            return self.send_text(btn["text"], queue=queue)
        if "callback_data" not in btn:
            action = next((k for k in btn if k != "text"), "?")
            raise ValueError(
                f"button {btn.get('text')!r} is a {action} button; pressing it sends no update"
            )
        query_id = self._new_query_id()
        query: dict[str, Any] = {
            "id": query_id,
            "from": self.user_dict(),
            "message": msg.to_api(chat_state=self.chat),
            "chat_instance": self.chat.chat_instance,
            "data": btn["callback_data"],
        }
        if self.bot.is_bale:
            del query["chat_instance"]
        self.bot.callback_queries[query_id] = CallbackQueryRecord(
            id=query_id,
            token=self.bot.token,
            chat_id=self.chat.id,
            message_id=msg.message_id,
            user_id=self.user_id,
            data=btn["callback_data"],
            created=self._state.config.clock(),
        )
        return self._deliver("callback_query", query, queue)

    def block(self) -> dict[str, Any] | None:
        """Block the bot: further sends answer 403. Telegram also sends ``my_chat_member``."""
        self.chat.blocked = True
        return self._member_update("member", "kicked")

    def unblock(self) -> dict[str, Any] | None:
        self.chat.blocked = False
        return self._member_update("kicked", "member")

    def deactivate(self) -> None:
        """Delete the account: sends answer 403 "Forbidden: user is deactivated"."""
        self.chat.deactivated = True
        self.chat.touch(bot_change=False)

    def make_update(self, action: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Build an update without queueing it: ``make_update("send_text", "سلام")``,
        ``make_update("press", "ثبت‌نام")``, ``make_update("send_command", "/start", "ref1")``.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}; one of {sorted(ACTIONS)}")
        kwargs["queue"] = False
        update: dict[str, Any] = getattr(self, action)(*args, **kwargs)
        return update

    async def process(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        action: str,
        *a: Any,
        **kw: Any,
    ) -> dict[str, Any]:
        """Build an update and run it through ``application.process_update`` in-process."""
        from telegram import Update

        data = self.make_update(action, *a, **kw)
        await application.process_update(Update.de_json(data, application.bot))
        return data

    # --- reading ----------------------------------------------------------------------------
    def messages(self, include_deleted: bool = False) -> list[StoredMessage]:
        """Bot messages in this chat, oldest first, current versions."""
        return self.chat.bot_messages(include_deleted)

    def last(self) -> StoredMessage | None:
        msgs = self.messages()
        return msgs[-1] if msgs else None

    @property
    def sent_count(self) -> int:
        """Bot messages ever sent here (deleted ones included); use with wait_for_reply."""
        return len(self.chat.bot_messages(include_deleted=True))

    @property
    def version(self) -> int:
        """Bumped on every bot send, edit or delete in this chat."""
        return self.chat.version

    @property
    def delivered(self) -> int:
        return self.chat.delivered

    def message(self, message_id: int) -> StoredMessage | None:
        return self.chat.messages.get(message_id)

    def buttons(self, message: StoredMessage | int | None = None) -> list[list[str]]:
        """Button labels as rows: of ``message`` (or id), else of the newest message with a
        keyboard (inline, or the reply keyboard currently shown)."""
        if isinstance(message, int):
            found = self.chat.messages.get(message)
            return found.buttons if found else []
        if message is not None:
            return message.buttons
        for msg in reversed(self.messages()):
            rows = self._rows(msg)
            if rows:
                return [[b.get("text", "") for b in row] for row in rows[0]]
        return []

    def reply_keyboard(self) -> list[list[str]] | None:
        """Labels of the reply keyboard currently shown, if any."""
        mid = self.chat.reply_keyboard_message_id
        if mid is None or mid not in self.chat.messages:
            return None
        return [[b.get("text", "") for b in row] for row in self.chat.messages[mid].keyboard]

    def callback_answers(self) -> list[CallbackQueryRecord]:
        """This person's callback queries with whether/how the bot answered them."""
        return [q for q in self.bot.callback_queries.values() if q.user_id == self.user_id]

    def file_bytes(self, message: StoredMessage) -> bytes | None:
        return message.file.data if message.file else None

    async def wait_for_reply(
        self,
        after_count: int | None = None,
        timeout: float = 5.0,
    ) -> StoredMessage:
        """Wait until the bot has sent more than ``after_count`` messages here (default: as
        many as now) and return the first new one. Counts include deleted messages
        (:attr:`sent_count`)."""
        base = self.sent_count if after_count is None else after_count

        def ready() -> StoredMessage | None:
            msgs = self.chat.bot_messages(include_deleted=True)
            return msgs[base] if len(msgs) > base else None

        try:
            return await self.chat.signal.wait_for(ready, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"no reply to {self!r} after message #{base} within {timeout}s. "
                f"{self._diagnostics()}"
            ) from None

    async def wait_for(
        self,
        predicate: Callable[[Person], T],
        timeout: float = 5.0,
    ) -> T:
        """Wait until ``predicate(person)`` is truthy; re-checked on every change in this chat
        (bot message sent/edited/deleted, callback query answered, the person's own actions).
        For conditions on other state use :meth:`sandbox.Sandbox.wait_for`."""
        try:
            return await self.chat.signal.wait_for(lambda: predicate(self), timeout)
        except TimeoutError:
            raise TimeoutError(
                f"condition not met for {self!r} within {timeout}s. {self._diagnostics()}"
            ) from None

    async def wait_for_change(
        self,
        since: int | None = None,
        timeout: float = 5.0,
    ) -> int:
        """Wait until :attr:`version` exceeds ``since`` (send, edit or delete); return it."""
        base = self.version if since is None else since
        return await self.wait_for(lambda p: p.version if p.version > base else 0, timeout)

    # --- internals --------------------------------------------------------------------------
    def _diagnostics(self) -> str:
        last = self.last()
        calls = [c for c in self._state.calls if c.token == self.bot.token][-6:]
        recent = ", ".join(
            f"{c.method}→{'ok' if c.ok else f'{c.status} {c.description}'}" for c in calls
        )
        pending = self.bot.pending_updates
        return (
            f"last bot message: {last.display_text[:80] if last else None!r}; "
            f"pending updates: {pending}; recent calls: [{recent}]"
        )

    def _rows(self, msg: StoredMessage) -> tuple[list[list[dict[str, Any]]], str] | None:
        if msg.inline_keyboard:
            return msg.inline_keyboard, "inline"
        if msg.keyboard and msg.message_id == self.chat.reply_keyboard_message_id:
            return msg.keyboard, "reply"
        return None

    def _find_button(
        self, button: ButtonRef, message_id: int | None
    ) -> tuple[StoredMessage, dict[str, Any], str]:
        if message_id is not None:
            msg = self.chat.messages.get(message_id)
            if msg is None or not msg.from_bot:
                raise LookupError(f"no bot message {message_id} in chat {self.chat.id}")
            if msg.deleted:
                raise LookupError(f"message {message_id} was deleted")
            candidates = [msg]
        else:
            candidates = list(reversed(self.messages()))
        for msg in candidates:
            found = self._rows(msg)
            if message_id is not None and found is None and msg.keyboard:
                found = (msg.keyboard, "reply")
            if found is None:
                continue
            rows, kind = found
            if isinstance(button, tuple):
                r, c = button
                if 0 <= r < len(rows) and 0 <= c < len(rows[r]):
                    return msg, rows[r][c], kind
                continue
            for row in rows:
                for b in row:
                    if b.get("text") == button:
                        return msg, b, kind
            for row in rows:
                for b in row:
                    if kind == "inline" and b.get("callback_data") == button:
                        return msg, b, kind
        visible = self.buttons()
        raise LookupError(f"no button {button!r} for {self!r}; newest keyboard: {visible}")

    def _new_query_id(self) -> str:
        rng = self.bot.rng
        if self.bot.is_bale:
            first = "1" if self.old_client else str(rng.randint(2, 9))
            return first + "".join(str(rng.randint(0, 9)) for _ in range(17))
        return str(rng.randint(10**18, 9 * 10**18))

    def _member_update(self, old: str, new: str) -> dict[str, Any] | None:
        if self.bot.is_bale or not self._state.config.my_chat_member_on_block:
            self.chat.touch(bot_change=False)
            return None
        me = bot_user_short(self.bot)
        new_member: dict[str, Any] = {"status": new, "user": me}
        if new == "kicked":
            new_member["until_date"] = 0
        old_member: dict[str, Any] = {"status": old, "user": me}
        if old == "kicked":
            old_member["until_date"] = 0
        payload = {
            "chat": self.chat.to_api(),
            "from": self.user_dict(),
            "date": int(time.time()),
            "old_chat_member": old_member,
            "new_chat_member": new_member,
        }
        return self._deliver("my_chat_member", payload, True)


def _kind_of(content: dict[str, Any]) -> str:
    for kind in ("text", "contact", "sticker", "photo", "document", "video"):
        if kind in content:
            return kind
    return "other"


ACTIONS = frozenset(
    {
        "send_text",
        "send_command",
        "press",
        "share_contact",
        "send_sticker",
        "send_photo",
        "send_document",
    }
)
