"""sender._shows: does a message, as the messenger describes it, already show a screen?
False whenever unsure, so an edit is skipped only when it would change nothing."""

from datetime import UTC, datetime

from telegram import Chat, Message, MessageEntity

from bot.chat import keyboards
from bot.chat.sender import _prepare, _shows
from bot.messenger.platforms import BALE, TELEGRAM

KEYS = keyboards.inline([[("بله", "x:y:1"), ("خیر", "x:n:1")]])
OTHER_KEYS = keyboards.inline([[("بله", "x:y:2")]])
TEXT = 'دورهٔ «حسابداری» <پایه> & "مقدماتی" it\'s https://example.ir @coop_bot'


def shown(text: str, entities=(), markup=KEYS) -> Message:
    return Message(
        1, datetime(2025, 11, 16, tzinfo=UTC), Chat(5, "private"), text=text,
        entities=list(entities), reply_markup=markup,
    )  # fmt: skip


def url_and_mention(text: str) -> list[MessageEntity]:
    url = text.index("https")
    return [MessageEntity("url", url, 18), MessageEntity("mention", url + 19, 9)]


def test_a_plain_text_shown_as_it_is_on_both_platforms():
    message = shown(TEXT, url_and_mention(TEXT))  # links the messenger found by itself
    for profile in (TELEGRAM, BALE):
        body, mode = _prepare(profile, TEXT, False)
        assert _shows(message, body, mode, KEYS), profile.name
        assert not _shows(message, body, mode, OTHER_KEYS)
        assert not _shows(message, body + "!", mode, KEYS)


def test_formatting_counts():
    html_text = "<b>دورهٔ تازه</b>\nit's «خوب»"
    plain = "دورهٔ تازه\nit's «خوب»"
    bold = shown(plain, [MessageEntity("bold", 0, 10)])
    body, mode = _prepare(TELEGRAM, html_text, True)
    assert _shows(bold, body, mode, KEYS)
    assert not _shows(shown(plain), body, mode, KEYS)  # the same letters, not bold
    body, mode = _prepare(TELEGRAM, plain, False)
    assert not _shows(bold, body, mode, KEYS)  # bold shown, plain wanted
    body, mode = _prepare(BALE, plain, False)
    assert not _shows(bold, body, mode, KEYS)


def test_unsure_is_no():
    body, mode = _prepare(TELEGRAM, TEXT, False)
    assert not _shows(shown(TEXT, markup=None), body, mode, KEYS)  # keyboard not described
    assert not _shows(shown(TEXT), body, mode, None)  # an edit without keyboard removes it
    photo = Message(1, datetime(2025, 11, 16, tzinfo=UTC), Chat(5, "private"), caption=TEXT)
    assert not _shows(photo, body, mode, KEYS)
