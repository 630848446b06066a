"""Flow tests that read like a person's session, through the real Application.

    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        replies = await maryam.command("/start")
        await maryam.press("راهنما")
        assert "راهنما" in maryam.last().text

Every update goes through `application.process_update` (all handler groups, the real services
and database); the bot's API calls go over HTTP to the local sandbox, which enforces Telegram's
limits. Nothing sleeps; the clock is injected.

When a flow test ends, every screen the bot rendered is checked (tests/handlers/screens.py): no
Latin digits in Persian text, no raw text keys or unresolved placeables, in any language.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import build_application, set_commands
from bot.chat import sender
from bot.core.clock import Clock, FixedClock
from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.services.container import Services, build_services
from sandbox import Person, Sandbox, SandboxConfig, StoredMessage
from sandbox.config import ManualClock
from storage.engine import Database, create_database
from storage.migrate import upgrade
from tests.handlers.screens import problems

TOKENS = {"telegram": "111111:flow-telegram", "bale": "222222:flow-bale"}
THINKING_SECONDS = 5.0
_FILE = {"file_id": "other-file", "file_unique_id": "other-unique"}
_SPOT = {"latitude": 35.6892, "longitude": 51.389}
OTHER_KINDS: dict[str, dict[str, Any]] = {
    "voice": {**_FILE, "duration": 3, "mime_type": "audio/ogg"},
    "audio": {**_FILE, "duration": 120, "title": "سرود"},
    "video": {**_FILE, "width": 320, "height": 240, "duration": 5},
    "video_note": {**_FILE, "length": 240, "duration": 5},
    "animation": {**_FILE, "width": 320, "height": 240, "duration": 2},
    "location": _SPOT,
    "venue": {"location": _SPOT, "title": "اداره کل تعاون", "address": "تهران"},
    "poll": {
        "id": "poll-1",
        "question": "کدام روز؟",
        "options": [
            {"persistent_id": "o1", "text": "شنبه", "voter_count": 0},
            {"persistent_id": "o2", "text": "یکشنبه", "voter_count": 0},
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    },
    "dice": {"emoji": "🎲", "value": 4},
}


class Chatter:
    """One person talking to the bot under test."""

    def __init__(self, bot: BotUnderTest, person: Person) -> None:
        self.bot = bot
        self.person = person

    async def _do(self, action: str, *args: Any, **kwargs: Any) -> list[StoredMessage]:
        # A person takes a few seconds per step: flood control stays on, at human pace
        # (the bot may send at most the per-chat burst in answer to one action).
        self.bot.sandbox_clock.advance(THINKING_SECONDS)
        before = len(self.person.messages())
        data = self.person.make_update(action, *args, **kwargs)
        update = Update.de_json(self.bot.repair(data), self.bot.app.bot)
        await self.bot.app.process_update(update)
        return self.person.messages()[before:]

    async def send(self, text: str) -> list[StoredMessage]:
        return await self._do("send_text", text)

    async def command(self, command: str, payload: str | None = None) -> list[StoredMessage]:
        return await self._do("send_command", command, payload)

    async def press(self, button: Any, message_id: int | None = None) -> list[StoredMessage]:
        return await self._do("press", button, message_id=message_id)

    async def forge(self, data: str, message_id: int | None = None) -> list[StoredMessage]:
        """A callback query with any data, as a modified client could send it."""
        target = self.person.message(message_id) if message_id else self.person.last()
        assert target is not None
        before = len(self.person.messages())
        self.bot.sandbox_clock.advance(THINKING_SECONDS)
        query = {
            "id": f"forged-{before}-{len(data)}",
            "from": self.person.user_dict(),
            "message": target.to_api(),
            "chat_instance": "forged",
            "data": data,
        }
        update = {"update_id": 10**6 + before, "callback_query": query}
        await self.bot.app.process_update(Update.de_json(update, self.bot.app.bot))
        return self.person.messages()[before:]

    async def share_contact(self, phone: str | None = None, **kw: Any) -> list[StoredMessage]:
        return await self._do("share_contact", phone, **kw)

    async def sticker(self) -> list[StoredMessage]:
        return await self._do("send_sticker")

    async def photo(self) -> list[StoredMessage]:
        return await self._do("send_photo")

    async def send_other(self, kind: str) -> list[StoredMessage]:
        """A message of another kind: voice, video, audio, video_note, animation, location,
        venue, poll, dice (as the messenger would deliver it)."""
        self.bot.sandbox_clock.advance(THINKING_SECONDS)
        before = len(self.person.messages())
        data = self.person._message_update(False, **{kind: OTHER_KINDS[kind]})
        await self.bot.app.process_update(Update.de_json(self.bot.repair(data), self.bot.app.bot))
        return self.person.messages()[before:]

    async def edit(self, message: StoredMessage, text: str) -> list[StoredMessage]:
        """The person edits a message they sent earlier (an `edited_message` update)."""
        self.bot.sandbox_clock.advance(THINKING_SECONDS)
        before = len(self.person.messages())
        raw = {**message.to_api(), "text": text, "edit_date": message.date + 60}
        update = {"update_id": 2 * 10**6 + before, "edited_message": raw}
        await self.bot.app.process_update(Update.de_json(self.bot.repair(update), self.bot.app.bot))
        return self.person.messages()[before:]

    def last(self) -> StoredMessage:
        message = self.person.last()
        assert message is not None, "the bot has not said anything"
        return message

    def messages(self) -> list[StoredMessage]:
        return self.person.messages()

    def buttons(self, message: StoredMessage | int | None = None) -> list[str]:
        return [label for row in self.person.buttons(message) for label in row]

    def callback_answers(self):
        return self.person.callback_answers()

    @property
    def chat_id(self) -> int:
        return self.person.chat_id


@dataclass
class BotUnderTest:
    sandbox: Sandbox
    app: Application
    services: Services
    clock: Clock
    platform: str
    sandbox_clock: ManualClock

    def person(
        self, user_id: int, first_name: str = "مریم", language_code: str | None = "fa"
    ) -> Chatter:
        if self.platform == "bale":
            language_code = None  # Bale does not send it
        return Chatter(
            self,
            self.sandbox.person(user_id, first_name, language_code, token=TOKENS[self.platform]),
        )

    def repair(self, data: dict) -> dict:
        from bot.messenger.platforms import repair_update

        return repair_update(data)


Fakes = dict[str, Any] | Callable[[Database, Clock, Settings], dict[str, Any]]


@asynccontextmanager
async def make_bot(
    tmp_path: Path,
    *,
    clock: Clock | None = None,
    platform: str = "telegram",
    demo: bool = False,
    fakes: Fakes | None = None,
    **settings: Any,
) -> AsyncIterator[BotUnderTest]:
    """`fakes`: stand-ins for services' collaborators by name, as container.build_services takes
    them; or a function of the database, clock and settings giving them (for a fake built over
    the bot's own database)."""
    options: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path}/flow.sqlite3",
        "admins": [("telegram", 9001), ("bale", 9001)],
        "rate_limit_per_second": 0,
        "chat_rate_per_second": 0,  # the sandbox's clock is moved by hand; pacing is tested apart
    }
    options.update(settings)
    config = Settings(_env_file=None, **options)
    clock = clock or FixedClock(_default_now())
    sandbox_clock = ManualClock()
    sender.SHOWN.clear()  # a new sandbox: its message ids start again
    async with Sandbox(SandboxConfig(clock=sandbox_clock)) as sandbox:
        sandbox.add_bot(TOKENS[platform], platform=platform)
        db = create_database(config.database_url)
        given = fakes(db, clock, config) if callable(fakes) else (fakes or {})
        services = build_services(
            config, db, clock, Translator(default=config.default_locale), **given
        )
        await upgrade(services.db)
        app = build_application(
            platform,
            TOKENS[platform],
            services,
            base_url=sandbox.base_url,
            concurrent=False,
            demo=demo,
        )
        try:
            async with app:
                await set_commands(app)
                yield BotUnderTest(sandbox, app, services, clock, platform, sandbox_clock)
            found = problems(sandbox.state)
            assert not found, "screens a person would see wrongly:\n" + "\n".join(
                str(p) for p in found
            )
        finally:
            await services.db.dispose()


def _default_now():
    from datetime import UTC, datetime

    # 1404-08-25 09:30 Tehran, a Sunday
    return datetime(2025, 11, 16, 6, 0, tzinfo=UTC)
