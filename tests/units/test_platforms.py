import copy

import pytest
from telegram import Bot, Update

from bot.messenger.platforms import BALE, PROFILES, TELEGRAM, parseable, repair_update

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


def test_an_update_with_a_poll_nobody_can_parse_keeps_the_message(bot, caplog):
    """A poll whose options lack persistent_id (required by python-telegram-bot 22) and that
    lacks fields its Poll requires: the poll is left out (logged, no content), the message and
    its sender are kept, so the person still gets an answer; good updates pass as they are."""
    poll = _poll_without_option_ids()
    with pytest.raises((KeyError, TypeError)):
        Update.de_json(copy.deepcopy(poll), bot)
    repaired = parseable(repair_update(copy.deepcopy(poll)))
    assert "poll" not in repaired["message"]
    update = Update.de_json(repaired, bot)
    assert update.update_id == 9 and update.message.poll is None
    assert update.effective_user.id == 42 and update.message.message_id == 4
    assert "update 9 could not be parsed as sent (TypeError); left out: message.poll" in caplog.text
    assert "کدام" not in caplog.text and "مریم" not in caplog.text  # no content in the log
    good = repair_update(copy.deepcopy(BALE_CALLBACK))
    assert parseable(good) is good


def _message(**extra) -> dict:
    return {
        "update_id": 20,
        "message": {
            "message_id": 5,
            "date": 1700000000,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "is_bot": False, "first_name": "مریم"},
            "text": "سلام بر شما",
            **extra,
        },
    }


_OPTION = {"text": "شنبه", "voter_count": 0}
_GOOD_POLL = {
    "id": "p2",
    "question": "کدام روز؟",
    "options": [_OPTION, {**_OPTION, "persistent_id": "o2"}, _OPTION],
    "total_voter_count": 0,
    "is_closed": False,
    "is_anonymous": True,
    "type": "regular",
    "allows_multiple_answers": False,
    "allows_revoting": False,
    "members_only": False,
}
_BOLD = {"type": "bold", "offset": 0, "length": 4}


@pytest.mark.parametrize(
    ("broken", "left_out", "kept"),
    [
        (  # a reply keyboard where an inline one must be
            _message(reply_markup={"keyboard": [[{"text": "بله"}]]}),
            ["message.reply_markup"],
            lambda u: u.message.text == "سلام بر شما" and u.message.reply_markup is None,
        ),
        (  # one entity without a length among good ones
            _message(entities=[_BOLD, {"type": "italic", "offset": 0}, _BOLD]),
            ["message.entities.1"],
            lambda u: [e.type for e in u.message.entities] == ["bold", "bold"],
        ),
        (  # two poll options without ids, one with
            _message(poll=_GOOD_POLL),
            ["message.poll.options.0", "message.poll.options.2"],
            lambda u: [o.persistent_id for o in u.message.poll.options] == ["o2"],
        ),
        (  # faults in three places at once: each left out, the rest kept
            _message(
                entities=[{"type": "bold", "offset": 0}],
                reply_markup={"inline_keyboard": [[{"text": "ok", "callback_data": "a:b"}], "x"]},
                reply_to_message={
                    "message_id": 1,
                    "date": 1,
                    "chat": {"id": 42, "type": "private"},
                    "text": "پرسش",
                    "entities": [{"type": "code"}],
                },
            ),
            [
                "message.entities.0",
                "message.reply_markup.inline_keyboard.1",
                "message.reply_to_message.entities.0",
            ],
            lambda u: u.message.reply_markup.inline_keyboard[0][0].callback_data == "a:b"
            and u.message.reply_to_message.text == "پرسش",
        ),
        (  # a press on a message whose keyboard is odd: the press and its data are kept
            {
                "update_id": 21,
                "callback_query": {
                    **copy.deepcopy(BALE_CALLBACK["callback_query"]),
                    "chat_instance": "42",
                    "message": {
                        **BALE_CALLBACK["callback_query"]["message"],
                        "reply_markup": {"inline_keyboard": [[{"text": "x", "oops": 1}], 7]},
                    },
                },
            },
            ["callback_query.message.reply_markup.inline_keyboard.1"],
            lambda u: u.callback_query.data == "menu:help"
            and u.callback_query.message.reply_markup.inline_keyboard[0][0].text == "x",
        ),
        (  # a required field that makes no sense: only the message goes, the update stays
            _message(date="دیروز"),
            ["message"],
            lambda u: u.update_id == 20 and u.message is None,
        ),
    ],
)
def test_a_malformed_update_loses_only_the_parts_that_fail(bot, caplog, broken, left_out, kept):
    with pytest.raises((KeyError, TypeError, AttributeError, ValueError)):
        Update.de_json(copy.deepcopy(broken), bot)
    repaired = parseable(copy.deepcopy(broken))
    assert kept(Update.de_json(repaired, bot))
    [line] = [r.getMessage() for r in caplog.records if "could not be parsed" in r.getMessage()]
    assert line.endswith("left out: " + ", ".join(left_out)), line
    for content in ("سلام", "مریم", "شنبه", "پرسش", "بله"):
        assert content not in caplog.text  # field names and positions, never content


def test_an_update_too_tangled_to_repair_keeps_only_its_id(bot, caplog, monkeypatch):
    from bot.messenger import platforms

    monkeypatch.setattr(platforms, "_MAX_TRIES", 3)
    broken = _message(entities=[{"type": "bold", "offset": 0}])
    assert parseable(broken) == {"update_id": 20}
    assert "update 20 (message) cannot be parsed and is skipped: TypeError" in caplog.text


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
    with the same offset, and then the part it cannot parse is left out (the others kept)."""
    from telegram.error import TelegramError

    from bot.messenger.platforms import RepairingRequest

    bad = _poll_without_option_ids()
    good = {**copy.deepcopy(BALE_CALLBACK), "update_id": 10}
    batch = [bad, good]
    request = RepairingRequest(_FakeTransport(batch, copy.deepcopy(batch), [good]))
    telegram_bot = Bot("1:x", request=request, get_updates_request=request)
    with pytest.raises((KeyError, TypeError, TelegramError)):
        await telegram_bot.get_updates(offset=9)
    again = await telegram_bot.get_updates(offset=9)
    assert [u.update_id for u in again] == [9, 10]
    assert again[0].message.poll is None and again[1].callback_query.data == "menu:help"
    [later] = await telegram_bot.get_updates(offset=11)
    assert later.callback_query.data == "menu:help"
