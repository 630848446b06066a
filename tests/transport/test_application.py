"""A telegram.ext.Application polls the fake Bot API through each transport end to end."""

from __future__ import annotations

import asyncio
import datetime as dtm

from aiohttp import web
from telegram import Update
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from bot.messenger.transport import TransportKind, make_request

from .conftest import TEST_TIMEOUTS, TOKEN, FakeBotAPI, ok

START_UPDATE = {
    "update_id": 1001,
    "message": {
        "message_id": 10,
        "date": 1_700_000_000,
        "chat": {"id": 77, "type": "private", "first_name": "مریم"},
        "from": {"id": 77, "is_bot": False, "first_name": "مریم"},
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    },
}


async def test_application_polls_and_answers(fake_api: FakeBotAPI, kind: TransportKind) -> None:
    pending = [START_UPDATE]

    async def get_updates(request: web.Request) -> web.Response:
        call = await fake_api.record(request)
        offset = int(call.fields.get("offset", 0))
        batch = [u for u in pending if u["update_id"] >= offset]
        if not batch:  # long poll, kept short so that stopping is quick
            await asyncio.sleep(min(float(call.fields.get("timeout", 0)), 0.1))
        return ok(batch)

    fake_api.on("getUpdates", get_updates)
    answered = asyncio.Event()

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_chat.send_message("خوش آمدید")
        answered.set()

    request = make_request(kind, **TEST_TIMEOUTS)
    updates_request = make_request(kind, for_updates=True, **TEST_TIMEOUTS)
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake_api.base_url)
        .base_file_url(fake_api.base_file_url)
        .request(request)
        .get_updates_request(updates_request)
        .build()
    )
    app.add_handler(CommandHandler("start", start))

    async with app:
        await app.updater.start_polling(timeout=dtm.timedelta(seconds=1))
        await app.start()
        await asyncio.wait_for(answered.wait(), 5)
        await app.updater.stop()
        await app.stop()

    (sent,) = fake_api.calls_to("sendMessage")
    assert sent.fields == {"chat_id": "77", "text": "خوش آمدید"}
    polls = fake_api.calls_to("getUpdates")
    assert polls[0].fields["timeout"] == "1"
    # the last poll acknowledged the update, so it will not be delivered again
    assert int(polls[-1].fields["offset"]) == START_UPDATE["update_id"] + 1
    assert app.bot.request is request
    assert app.bot._request[0] is updates_request  # PTB's slot for getUpdates
