"""An edit that would not change the message is not sent; one that would, always is.

The pressed message comes with the callback query (its text and keyboard as the messenger shows
them), so a press that redraws the same screen costs no editMessageText, which the messenger
would refuse with "message is not modified". A press made before an earlier edit landed carries
the message as it was: the bot remembers what it put there since, and edits.
"""

from __future__ import annotations

from telegram import Message

from bot.chat import sender
from bot.messenger.platforms import PROFILES
from tests.handlers.harness import make_bot
from tests.handlers.test_authorization_matrix import press_data

CHOOSE = "Please choose a language / لطفاً زبان را انتخاب کنید:"


def edits(bot) -> list:
    return bot.sandbox.calls("editMessageText")


async def test_a_press_that_redraws_the_same_screen_sends_no_edit(tmp_path):
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        [screen] = await maryam.command("/language")
        before = len(edits(bot))
        record, changed = await press_data(maryam, "lang:menu", 1)
        assert changed == [] and len(edits(bot)) == before  # nothing sent, nothing refused
        assert record.answered
        assert maryam.last().text == screen.text and maryam.buttons() == ["فارسی", "English"]
        await maryam.press("English")  # a change is still made
        assert len(edits(bot)) == before + 1 and edits(bot)[-1].ok
        assert maryam.last().text.startswith("The bot now speaks English.")


async def test_on_bale_too_in_english(tmp_path):
    async with make_bot(tmp_path, platform="bale") as bot:
        sam = bot.person(1003, "Sam")
        await sam.command("/language")
        await sam.press("English")
        before = len(edits(bot))
        await press_data(sam, "lang:menu", 1)  # the choice screen: a change
        assert len(edits(bot)) == before + 1 and sam.last().text == CHOOSE
        record, changed = await press_data(sam, "lang:menu", 2)  # the same again: no edit
        assert changed == [] and len(edits(bot)) == before + 1 and record.answered


async def test_a_press_made_before_an_edit_landed_still_edits(tmp_path):
    """Two quick presses on the choice screen: «فارسی», then (pressed before the first edit
    landed, so the messenger describes the choice screen) «back to the choice». The message
    shows the main menu by then: the second press must redraw the choice screen."""
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        [screen] = await maryam.command("/language")
        as_pressed = screen.to_api()
        await maryam.press("فارسی")
        assert maryam.last().text.startswith("زبان بات فارسی شد.")
        before = len(edits(bot))
        await press_data(maryam, "lang:menu", 1, snapshot=as_pressed)
        assert len(edits(bot)) == before + 1 and edits(bot)[-1].ok
        assert maryam.last().text == as_pressed["text"]
        assert maryam.buttons() == ["فارسی", "English"]


async def test_the_servers_not_modified_is_success(tmp_path):
    """Where the bot cannot know what a message shows (a stand-in with only its ids, as the
    broadcast progress uses), the edit is sent; "message is not modified" is success."""
    async with make_bot(tmp_path) as bot:
        maryam = bot.person(1001, "مریم")
        [screen] = await maryam.command("/language")
        shown = Message.de_json(screen.to_api(), bot.app.bot)
        stand_in = Message(shown.message_id, shown.date, shown.chat)
        telegram = PROFILES["telegram"]
        result = await sender.edit(bot.app.bot, telegram, stand_in, shown.text, shown.reply_markup)
        assert result is True
        [refused] = edits(bot)
        assert not refused.ok and "message is not modified" in refused.description
