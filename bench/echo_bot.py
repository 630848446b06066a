"""The floor for bench/updates_bench.py: a bot that makes the same Bot API calls per step as
coopbot and nothing else (no database, no services, no texts rendered).

Each step of `updates_bench.flow()` gets its replies (the first line of coopbot's texts, so the
bench's order check applies to it too); the message before a press carries the button that is
pressed next. Same transport as coopbot (bot/messenger/transport.py, `HTTP_TRANSPORT`, default
aiohttp,
CONNECTION_POOL_SIZE connections), the same pacing under Telegram's limits (bot/messenger/pacing.py
with
the same settings: without it a fast run meets 429s, about one message a second per chat with
bursts of 3) and python-telegram-bot's own concurrent update processing (MAX_CONCURRENT_UPDATES
at once). Run by the bench as a subprocess:

    TELEGRAM_TOKEN=... TELEGRAM_API_URL=http://127.0.0.1:PORT/bot python bench/echo_bot.py
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.updates_bench import Step, flow  # noqa: E402
from bot.core.config import Settings  # noqa: E402
from bot.messenger.pacing import PacingRateLimiter  # noqa: E402
from bot.messenger.transport import make_request  # noqa: E402


def keyboard_for(steps: list[Step], index: int) -> InlineKeyboardMarkup | None:
    """The button the person presses after step `index`, if the next step is a press."""
    following = index + 1
    if following < len(steps) and steps[following].action == "press":
        label = steps[following].arg
        return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=str(following))]])
    return None


def build(settings: Settings) -> Application:
    steps = flow()
    by_text = {step.arg: i for i, step in enumerate(steps) if step.action != "press"}
    token = settings.telegram_token
    assert token is not None, "TELEGRAM_TOKEN is required"

    async def on_message(update: Update, _ctx: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        index = by_text.get(message.text or "")
        if index is None:
            return
        replies = steps[index].replies
        for n, (_method, text) in enumerate(replies):
            last = n == len(replies) - 1
            await message.get_bot().send_message(
                message.chat_id, text, reply_markup=keyboard_for(steps, index) if last else None
            )

    async def on_press(update: Update, _ctx: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        index = int(query.data or 0)
        text = steps[index].replies[0][1]
        await asyncio.gather(
            query.answer(), query.edit_message_text(text, reply_markup=keyboard_for(steps, index))
        )

    app = (
        ApplicationBuilder()
        .token(token.get_secret_value())
        .base_url(settings.api_url("telegram"))
        .request(
            make_request(
                settings.http_transport,
                connection_pool_size=settings.connection_pool_size,
                for_updates=False,
            )
        )
        .get_updates_request(
            make_request(settings.http_transport, connection_pool_size=None, for_updates=True)
        )
        .concurrent_updates(settings.max_concurrent_updates)
        .rate_limiter(PacingRateLimiter.for_settings(settings))
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, on_message))
    app.add_handler(CallbackQueryHandler(on_press))
    return app


def main() -> None:
    settings = Settings()
    build(settings).run_polling(
        poll_interval=0.0, timeout=10, allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1
    )


if __name__ == "__main__":
    main()
