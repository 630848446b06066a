import copy

import pytest
from telegram import Bot, Update

from bot.platforms import BALE, PROFILES, TELEGRAM, repair_update

BALE_CALLBACK = {
    "update_id": 7,
    "callback_query": {
        "id": "1234",
        "from": {"id": 42, "is_bot": False, "first_name": "مریم"},
        "message": {
            "message_id": 3,
            "date": 1700000000,
            "chat": {"id": 42, "type": "private"},
            "text": "menu",
        },
        "data": "menu:help",
    },
}


@pytest.fixture
def bot():
    return Bot("1:x")


def test_bale_callback_without_chat_instance_breaks_ptb_until_repaired(bot):
    raw = copy.deepcopy(BALE_CALLBACK)
    with pytest.raises((KeyError, TypeError)):
        Update.de_json(copy.deepcopy(raw), bot)
    update = Update.de_json(repair_update(raw), bot)
    assert update.callback_query.data == "menu:help"
    assert update.callback_query.chat_instance == "42"
    assert update.effective_user.language_code is None


def test_repair_fills_user_and_chat_fields(bot):
    raw = {
        "update_id": 8,
        "message": {"message_id": 1, "chat": {"id": 5}, "from": {"id": 5}, "text": "سلام"},
    }
    update = Update.de_json(repair_update(raw), bot)
    assert update.message.text == "سلام"
    assert update.effective_chat.type == "private"


def test_repair_keeps_complete_updates_unchanged():
    raw = copy.deepcopy(BALE_CALLBACK)
    raw["callback_query"]["chat_instance"] = "abc"
    before = copy.deepcopy(raw)
    assert repair_update(raw) == before


def test_profiles():
    assert PROFILES == {"telegram": TELEGRAM, "bale": BALE}
    assert BALE.parse_mode is None and TELEGRAM.parse_mode == "HTML"
    assert BALE.file_url("https://tapi.bale.ai/bot") == "https://tapi.bale.ai/file/bot"
    assert not BALE.webhook_secret_token and BALE.webhook_ports == (443, 88)


def _poll_without_option_ids() -> dict:
    """A poll message whose options lack persistent_id (python-telegram-bot 22 requires it)."""
    return {
        "update_id": 9,
        "message": {
            "message_id": 4,
            "date": 1700000000,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "is_bot": False, "first_name": "مریم"},
            "poll": {
                "id": "p1",
                "question": "کدام روز؟",
                "options": [{"text": "شنبه", "voter_count": 0}],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
            },
        },
    }


def test_an_update_nobody_can_parse_is_skipped_not_retried_forever(bot, caplog):
    """A poll whose options lack persistent_id (required by python-telegram-bot 22): the update
    keeps only its id (logged, no content), so polling moves past it; good updates pass as they
    are."""
    from bot.platforms import parseable

    poll = _poll_without_option_ids()
    with pytest.raises((KeyError, TypeError)):
        Update.de_json(copy.deepcopy(poll), bot)
    skipped = parseable(repair_update(copy.deepcopy(poll)))
    assert skipped == {"update_id": 9}
    update = Update.de_json(skipped, bot)
    assert update.update_id == 9 and update.effective_user is None
    assert "update 9 (message) cannot be parsed and is skipped" in caplog.text
    assert "کدام" not in caplog.text and "مریم" not in caplog.text  # no content in the log
    good = repair_update(copy.deepcopy(BALE_CALLBACK))
    assert parseable(good) is good


class _FakeTransport:
    """Answers every getUpdates with the next of the given batches."""

    def __init__(self, *batches):
        self.batches = list(batches)

    async def initialize(self):
        pass

    async def shutdown(self):
        pass

    read_timeout = None

    async def do_request(self, url, method, request_data=None, **kwargs):
        import json

        if url.endswith("/getUpdates"):
            return 200, json.dumps({"ok": True, "result": self.batches.pop(0)}).encode()
        return 200, b'{"ok": true, "result": true}'


async def test_polling_moves_past_a_batch_that_fails_to_parse():
    """python-telegram-bot parses a batch as a whole; a batch it cannot parse is fetched again
    with the same offset, and then the update it cannot parse is skipped (the others kept)."""
    from telegram.error import TelegramError

    from bot.platforms import RepairingRequest

    bad = _poll_without_option_ids()
    good = {**copy.deepcopy(BALE_CALLBACK), "update_id": 10}
    batch = [bad, good]
    request = RepairingRequest(_FakeTransport(batch, copy.deepcopy(batch), [good]))
    telegram_bot = Bot("1:x", request=request, get_updates_request=request)
    with pytest.raises((KeyError, TypeError, TelegramError)):
        await telegram_bot.get_updates(offset=9)
    again = await telegram_bot.get_updates(offset=9)
    assert [u.update_id for u in again] == [9, 10]
    assert again[0].message is None and again[1].callback_query.data == "menu:help"
    [later] = await telegram_bot.get_updates(offset=11)
    assert later.callback_query.data == "menu:help"
