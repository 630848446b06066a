"""The sandbox driven by a real python-telegram-bot ``Bot`` (HTTPXRequest): PTB must accept
every answer, and Telegram's errors must surface as PTB's exceptions."""

from __future__ import annotations

import asyncio
import time

import pytest
import telegram
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyParameters,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from sandbox import Sandbox
from tests.sandbox.conftest import BALE_TOKEN, TOKEN, FakeClock

# PTB 22.x warns about its own int -> timedelta migration when these attributes are read.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"cb:{i}")] for i, label in enumerate(labels)]
    )


async def test_get_me_and_bad_tokens(sb: Sandbox, bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "coop_test_bot", True)
    with pytest.raises(InvalidToken):
        async with telegram.Bot("999:UNKNOWN", base_url=sb.base_url):
            pass
    assert sb.calls("getMe", token="999:UNKNOWN")[-1].status == 401
    assert sb.calls("getMe", token="999:UNKNOWN")[-1].description == "Unauthorized"
    with pytest.raises(InvalidToken):
        async with telegram.Bot("not-a-token", base_url=sb.base_url):
            pass
    assert sb.calls(token="not-a-token")[-1].status == 404


async def test_send_message_with_inline_keyboard(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, "علی", token=TOKEN)
    sent = await bot.send_message(
        1001, "<b>سلام</b> علی", parse_mode="HTML", reply_markup=keyboard("ثبت‌نام", "راهنما")
    )
    assert sent.text == "سلام علی"
    assert sent.entities[0].type == "bold" and sent.entities[0].length == 4
    assert sent.reply_markup.inline_keyboard[1][0].callback_data == "cb:1"
    msg = ali.last()
    assert msg.text == "سلام علی" and msg.sent_text == "<b>سلام</b> علی"
    assert msg.parse_mode == "HTML"
    assert ali.buttons() == [["ثبت‌نام"], ["راهنما"]]
    assert msg.reply_markup == sent.reply_markup.to_dict()
    assert sb.delivered(1001, TOKEN) == 1


async def test_long_poll_wakes_on_new_update(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, "علی", token=TOKEN)
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    assert not poll.done()
    ali.send_text("سلام")
    updates = await poll
    assert time.monotonic() - started < 2
    assert [u.message.text for u in updates] == ["سلام"]
    assert updates[0].message.from_user.language_code == "fa"
    # without confirming, the update is delivered again; offset confirms it
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert sb.bot(TOKEN).pending_updates == 0


async def test_commands_get_bot_command_entity(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    ali.send_command("/start", "ref_42")
    (update,) = await bot.get_updates(timeout=0)
    assert update.message.text == "/start ref_42"
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")


async def test_callback_press_telegram(sb: Sandbox, bot: telegram.Bot, clock: FakeClock) -> None:
    ali = sb.person(1001, token=TOKEN)
    sent = await bot.send_message(1001, "انتخاب کنید", reply_markup=keyboard("الف", "ب"))
    ali.press("ب")
    (update,) = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query.data == "cb:1"
    assert query.chat_instance
    assert query.message.message_id == sent.message_id
    assert query.from_user.id == 1001
    assert await query.answer("ثبت شد") is True
    assert ali.callback_answers()[0].answer == {"text": "ثبت شد"}
    # a second answer, and an answer after the timeout, are rejected like Telegram does
    with pytest.raises(BadRequest, match="Query is too old"):
        await query.answer()
    ali.press((0, 0))
    (_old, update2) = await bot.get_updates(timeout=0)
    clock.advance(16)
    with pytest.raises(BadRequest, match="Query is too old"):
        await update2.callback_query.answer()


async def test_press_by_callback_data_and_old_message(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    first = await bot.send_message(1001, "یک", reply_markup=keyboard("الف"))
    await bot.send_message(1001, "دو", reply_markup=keyboard("الف"))
    newest = ali.press("الف")
    old = ali.press("الف", message_id=first.message_id)
    by_data = ali.press("cb:0")
    assert newest["callback_query"]["message"]["text"] == "دو"
    assert old["callback_query"]["message"]["text"] == "یک"
    assert by_data["callback_query"]["data"] == "cb:0"
    with pytest.raises(LookupError):
        ali.press("نیست")


async def test_bale_callback_lacks_fields_ptb_rejects_it(
    sb: Sandbox, bale_bot: telegram.Bot
) -> None:
    reza = sb.person(2002, "رضا", token=BALE_TOKEN)
    await bale_bot.send_message(2002, "انتخاب", reply_markup=keyboard("بله"))
    raw = reza.make_update("press", "بله")
    query = raw["callback_query"]
    assert "chat_instance" not in query
    assert "language_code" not in query["from"]
    assert not query["id"].startswith("1")
    # released PTB 22.x requires chat_instance: this is why the bot repairs Bale updates
    with pytest.raises((TypeError, KeyError)):
        Update.de_json(raw, bale_bot)
    repaired = {**raw, "callback_query": {**query, "chat_instance": str(query["from"]["id"])}}
    assert Update.de_json(repaired, bale_bot).callback_query.data == "cb:0"
    # the answer still works in Bale mode
    assert await bale_bot.answer_callback_query(query["id"]) is True
    old = sb.person(2003, token=BALE_TOKEN, old_client=True)
    await bale_bot.send_message(2003, "x", reply_markup=keyboard("بله"))
    assert old.press("بله", queue=False)["callback_query"]["id"].startswith("1")


async def test_edits_and_not_modified(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    sent = await bot.send_message(1001, "مرحله ۱", reply_markup=keyboard("بعدی"))
    edited = await bot.edit_message_text(
        "مرحله ۲", 1001, sent.message_id, reply_markup=keyboard("بعدی")
    )
    assert edited.text == "مرحله ۲" and edited.edit_date is not None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("مرحله ۲", 1001, sent.message_id, reply_markup=keyboard("بعدی"))
    assert sb.calls("editMessageText")[-1].description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    # same text without reply_markup removes the keyboard: that is a modification
    await bot.edit_message_text("مرحله ۲", 1001, sent.message_id)
    msg = ali.last()
    assert msg.reply_markup is None and len(msg.versions) == 2
    assert msg.versions[0].text == "مرحله ۱"
    await bot.edit_message_reply_markup(1001, sent.message_id, reply_markup=keyboard("ok"))
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(1001, sent.message_id, reply_markup=keyboard("ok"))
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", 1001, 9999)
    assert await bot.delete_message(1001, sent.message_id) is True
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("y", 1001, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(1001, sent.message_id)
    assert ali.messages() == [] and ali.messages(include_deleted=True)[0].deleted


async def test_text_limit_counts_utf16_units(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.config.rate_limit_enabled = False
    sb.person(1001, token=TOKEN)
    emoji = "😀" * 2048  # 2 UTF-16 units each: exactly 4096
    assert (await bot.send_message(1001, emoji)).text == emoji
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1001, emoji + "س")
    persian = "س" * 4096
    await bot.send_message(1001, persian)
    # tags do not count with parse_mode=HTML; entities decode to one character
    await bot.send_message(1001, "<b>" + "س" * 4095 + "</b>&amp;", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1001, "<b>" + "س" * 4096 + "</b>&amp;", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(1001, "  <b> </b> ", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(1001, InputFile(b"x", filename="a.txt"), caption="c" * 1025)


async def test_callback_data_limit_and_keyboard_shape(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.person(1001, token=TOKEN)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" * 64)]])
    await bot.send_message(1001, "ok", reply_markup=ok)
    for data in ("a" * 65, "س" * 33):  # 65 bytes; 66 bytes in UTF-8
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(1001, "bad", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)text buttons are unallowed"):
        await bot.send_message(
            1001, "bad", reply_markup={"inline_keyboard": [[{"text": "only text"}]]}
        )
    with pytest.raises(BadRequest, match=r"(?i)exactly one of the optional fields"):
        await bot.send_message(
            1001,
            "bad",
            reply_markup={
                "inline_keyboard": [[{"text": "t", "callback_data": "a", "url": "https://x.ir"}]]
            },
        )
    with pytest.raises(BadRequest, match=r"(?i)should be an array of arrays"):
        await bot.send_message(1001, "bad", reply_markup={"inline_keyboard": "nope"})


async def test_bad_html_is_rejected(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.person(1001, token=TOKEN)
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(1001, "<p>سلام</p>", parse_mode="HTML")
    assert sb.calls("sendMessage")[-1].description == (
        'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0'
    )
    with pytest.raises(BadRequest):
        await bot.send_message(1001, "سن < ۱۸", parse_mode="HTML")
    # 'سن ' is 5 bytes in UTF-8: offsets are UTF-8 byte offsets
    assert sb.calls("sendMessage")[-1].description.endswith('"" at byte offset 5')
    with pytest.raises(BadRequest, match=r"(?i)can't find end tag"):
        await bot.send_message(1001, "<b>باز", parse_mode="HTML")
    # Bale: plain text expected; parse_mode is accepted and recorded, text kept as sent
    reza = sb.person(2002, token=BALE_TOKEN)
    async with telegram.Bot(BALE_TOKEN, base_url=sb.base_url) as bale:
        await bale.send_message(2002, "<p>سلام</p>", parse_mode="HTML")
    assert reza.last().text == "<p>سلام</p>" and reza.last().parse_mode == "HTML"


async def test_blocked_user_and_unknown_chat(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(424242, "hi")
    ali.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1001, "hi")
    assert sb.calls("sendMessage")[-1].description == "Forbidden: bot was blocked by the user"
    (update,) = await bot.get_updates(timeout=0)
    assert update.my_chat_member.new_chat_member.status == "kicked"
    ali.unblock()
    await bot.send_message(1001, "welcome back")
    assert sb.delivered(1001, TOKEN) == 1
    new = sb.person(1002, token=TOKEN, started=False)
    with pytest.raises(Forbidden, match="bot can't initiate conversation"):
        await bot.send_message(1002, "hi")
    new.send_command("/start")
    await bot.send_message(1002, "hi")
    new.deactivate()
    with pytest.raises(Forbidden, match="user is deactivated"):
        await bot.send_message(1002, "hi")


async def test_flood_control_per_chat(sb: Sandbox, bot: telegram.Bot, clock: FakeClock) -> None:
    sb.person(1001, token=TOKEN)
    for i in range(3):  # default burst 3
        await bot.send_message(1001, f"m{i}")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(1001, "too fast")
    retry_after = info.value.retry_after
    assert getattr(retry_after, "total_seconds", lambda: retry_after)() == 1
    call = sb.calls("sendMessage")[-1]
    assert (call.status, call.retry_after) == (429, 1)
    assert call.description == "Too Many Requests: retry after 1"
    clock.advance(1.0)
    await bot.send_message(1001, "after waiting")
    assert sb.delivered(1001, TOKEN) == 4


async def test_flood_control_global(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.config.global_rate = 2
    sb.config.global_burst = 2
    for uid in (1, 2):
        sb.person(uid, token=TOKEN)
        await bot.send_message(uid, "x")
    sb.person(3, token=TOKEN)
    with pytest.raises(RetryAfter):
        await bot.send_message(3, "x")


async def test_global_flood_limit_counts_bulk_messages_not_replies(
    sb: Sandbox, bot: telegram.Bot
) -> None:
    sb.config.global_rate = 2
    sb.config.global_burst = 2
    for uid in range(10, 20):  # they just wrote: the answers are replies, limited per chat only
        sb.person(uid, token=TOKEN).send_text("سلام")
        await bot.send_message(uid, "x")
    for uid in (1, 2):  # nobody wrote: bulk, the global limit applies
        sb.person(uid, token=TOKEN)
        await bot.send_message(uid, "x")
    sb.person(3, token=TOKEN)
    with pytest.raises(RetryAfter):
        await bot.send_message(3, "x")
    sb.config.global_scope = "all"  # the old rule: every message counts
    with pytest.raises(RetryAfter):
        await bot.send_message(10, "y")


async def test_bale_flood_control_without_retry_after(sb: Sandbox, bale_bot: telegram.Bot) -> None:
    sb.config.chat_burst = 1
    sb.person(2002, token=BALE_TOKEN)
    await bale_bot.send_message(2002, "a")
    with pytest.raises(NetworkError, match="bot limit exceed") as info:
        await bale_bot.send_message(2002, "b")
    assert not isinstance(info.value, RetryAfter)
    assert sb.calls("sendMessage")[-1].status == 429
    sb.config.bale_retry_after = True
    with pytest.raises(RetryAfter):
        await bale_bot.send_message(2002, "c")


async def test_injected_failures(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    sb.fail_next(1, status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(1001, "lost")
    assert ali.messages() == []
    # the message is delivered but the answer is an error: a retry would duplicate it
    sb.fail_next(1, status=502, after_delivery=True, methods="sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(1001, "delivered")
    assert [m.text for m in ali.messages()] == ["delivered"]
    sb.fail_next(1, status=400, description="Bad Request: custom", methods=["getChat"])
    await bot.send_message(1001, "not affected")
    with pytest.raises(BadRequest, match="Custom"):
        await bot.get_chat(1001)


async def test_random_failures_are_deterministic_with_seed() -> None:
    from sandbox import SandboxConfig

    patterns = []
    for _ in range(2):
        async with Sandbox(SandboxConfig(seed=7)) as sandbox:
            sandbox.add_bot(TOKEN)
            async with telegram.Bot(TOKEN, base_url=sandbox.base_url) as b:
                sandbox.config.failure_rate = 0.5
                outcome = []
                for _ in range(12):
                    try:
                        await b.get_me()
                        outcome.append(True)
                    except NetworkError:
                        outcome.append(False)
            patterns.append(outcome)
    assert patterns[0] == patterns[1]
    assert True in patterns[0] and False in patterns[0]


async def test_latency_injection(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.config.latency_s = 0.15
    started = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - started >= 0.15


async def test_send_document_multipart_and_get_file(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    payload = "نام,کد ملی\nعلی,0012345678\n".encode()
    sent = await bot.send_document(
        1001,
        InputFile(payload, filename="گزارش.csv"),
        caption="<i>گزارش</i>",
        parse_mode="HTML",
    )
    assert sent.document.file_name == "گزارش.csv"
    assert sent.document.file_size == len(payload)
    assert sent.caption == "گزارش"
    stored = ali.last()
    assert stored.document is not None
    assert (stored.document.file_name, stored.document.data) == ("گزارش.csv", payload)
    assert sb.calls("sendDocument")[-1].params["document"]["size"] == len(payload)
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == payload
    # resending by file_id reuses the stored file
    again = await bot.send_document(1001, sent.document.file_id)
    assert again.document.file_unique_id == sent.document.file_unique_id


async def test_send_photo_and_video(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.config.rate_limit_enabled = False
    ali = sb.person(1001, token=TOKEN)
    png = ali.make_update("send_photo")  # a person's photo, to reuse its bytes
    photo_id = png["message"]["photo"][0]["file_id"]
    data = sb.bot(TOKEN).files[photo_id].data
    sent = await bot.send_photo(1001, InputFile(data, filename="p.png"), caption="عکس")
    assert sent.photo[-1].width == 1 and ali.last().photo is not None
    video = await bot.send_video(1001, InputFile(b"\x00\x00\x00\x18ftypmp42", filename="v.mp4"))
    assert video.video.duration >= 1 and ali.last().video.file_name == "v.mp4"


async def test_copy_message(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    admin = sb.person(9001, "مدیر", token=TOKEN)
    user_msg = ali.send_document("کارت.pdf", b"%PDF-1.4 card", caption="کارت ملی")
    copied = await bot.copy_message(9001, 1001, user_msg["message"]["message_id"])
    assert isinstance(copied, telegram.MessageId)
    copy = admin.last()
    assert copy.message_id == copied.message_id
    assert copy.document.data == b"%PDF-1.4 card" and copy.caption == "کارت ملی"
    assert copy.copied_from == (1001, user_msg["message"]["message_id"])
    text = await bot.send_message(1001, "<b>متن</b>", parse_mode="HTML")
    await bot.copy_message(9001, 1001, text.message_id)
    assert admin.last().text == "متن" and admin.last().entities[0]["type"] == "bold"
    with pytest.raises(BadRequest, match="Message to copy not found"):
        await bot.copy_message(9001, 1001, 777)
    assert sb.delivered(9001, TOKEN) == 2


async def test_my_commands_per_language_and_scope(sb: Sandbox, bot: telegram.Bot) -> None:
    fa = [BotCommand("start", "شروع"), BotCommand("help", "راهنما")]
    en = [BotCommand("start", "Start")]
    assert await bot.set_my_commands(fa, language_code="fa")
    assert await bot.set_my_commands(en)
    assert await bot.set_my_commands([BotCommand("admin", "مدیریت")], scope=BotCommandScopeChat(7))
    assert [c.description for c in await bot.get_my_commands(language_code="fa")] == [
        "شروع",
        "راهنما",
    ]
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert sb.commands(TOKEN, language_code="fa")[1] == {"command": "help", "description": "راهنما"}
    assert sb.commands(TOKEN, scope={"type": "chat", "chat_id": 7})[0]["command"] == "admin"
    assert await bot.delete_my_commands(language_code="fa")
    assert await bot.get_my_commands(language_code="fa") == ()
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_reply_keyboard_request_contact(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, "علی", token=TOKEN)
    markup = ReplyKeyboardMarkup(
        [[KeyboardButton("📱 ارسال شماره", request_contact=True)], ["انصراف"]],
        one_time_keyboard=True,
    )
    await bot.send_message(1001, "شماره‌تان را بفرستید", reply_markup=markup)
    assert ali.reply_keyboard() == [["📱 ارسال شماره"], ["انصراف"]]
    update = ali.press("📱 ارسال شماره")
    contact = update["message"]["contact"]
    assert contact["user_id"] == 1001 and contact["phone_number"].startswith("98912")
    assert ali.reply_keyboard() is None  # one-time keyboard hidden after use
    (parsed,) = await bot.get_updates(timeout=0)
    assert parsed.message.contact.user_id == 1001
    # reply keyboards are not echoed in the returned Message (Telegram only echoes inline ones)
    sent = await bot.send_message(1001, "x", reply_markup=markup)
    assert sent.reply_markup is None


async def test_replies_telegram_vs_bale(
    sb: Sandbox, bot: telegram.Bot, bale_bot: telegram.Bot
) -> None:
    ali = sb.person(1001, token=TOKEN)
    reza = sb.person(2002, token=BALE_TOKEN)
    asked = ali.send_text("سوال")["message"]["message_id"]
    reply = await bot.send_message(1001, "جواب", reply_parameters=ReplyParameters(asked))
    assert reply.reply_to_message.text == "سوال"
    asked_b = reza.send_text("سوال")["message"]["message_id"]
    await bale_bot.send_message(2002, "جواب", reply_parameters=ReplyParameters(asked_b))
    assert reza.last().reply_to_message_id is None  # Bale ignores reply_parameters
    await bale_bot.send_message(2002, "جواب", api_kwargs={"reply_to_message_id": asked_b})
    assert reza.last().reply_to_message_id == asked_b


async def test_chat_action_get_chat_and_menu_button(sb: Sandbox, bot: telegram.Bot) -> None:
    sb.person(1001, "علی", token=TOKEN, username="ali_coop")
    assert await bot.send_chat_action(1001, "typing")
    with pytest.raises(BadRequest):
        await bot.send_chat_action(1001, "dancing")
    chat = await bot.get_chat("@ali_coop")
    assert (chat.id, chat.first_name, chat.type) == (1001, "علی", "private")
    assert await bot.set_chat_menu_button(1001, telegram.MenuButtonCommands())
    assert (await bot.get_chat_menu_button(1001)).type == "commands"


async def test_webhook_and_conflicts(sb: Sandbox, bot: telegram.Bot) -> None:
    assert await bot.set_webhook("https://example.ir/hook/secret", secret_token="s3cret")
    info = await bot.get_webhook_info()
    assert info.url == "https://example.ir/hook/secret"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates(timeout=0)
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://example.ir/hook")
    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    # a second poller (another bot instance) terminates the first one with 409, like Telegram
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    async with telegram.Bot(TOKEN, base_url=sb.base_url) as other_instance:
        assert await other_instance.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await first


async def test_allowed_updates_filter(sb: Sandbox, bot: telegram.Bot) -> None:
    ali = sb.person(1001, token=TOKEN)
    await bot.send_message(1001, "x", reply_markup=keyboard("a"))
    ali.send_text("hi")
    ali.press("a")
    updates = await bot.get_updates(timeout=0, allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in updates] == ["cb:0"]
    assert sb.bot(TOKEN).allowed_updates == ["callback_query"]


async def test_every_result_matches_the_spec(sb: Sandbox, bot: telegram.Bot) -> None:
    """Results carry every required field and no field the Bot API spec does not know."""
    from sandbox.spec import check_object

    sb.config.rate_limit_enabled = False
    ali = sb.person(1001, "علی", token=TOKEN, username="ali")
    await bot.get_me()
    sent = await bot.send_message(1001, "<b>x</b>", parse_mode="HTML", reply_markup=keyboard("a"))
    ali.press("a")
    ali.share_contact()
    ali.send_sticker()
    ali.send_photo("cap")
    ali.block()
    ali.unblock()
    await bot.get_updates(timeout=0)
    await bot.edit_message_text("y", 1001, sent.message_id)
    await bot.send_document(1001, InputFile(b"abc", filename="a.txt"))
    await bot.copy_message(1001, 1001, sent.message_id)
    await bot.get_chat(1001)
    await bot.get_webhook_info()
    returns = {
        "getMe": "User",
        "sendMessage": "Message",
        "editMessageText": "Message",
        "sendDocument": "Message",
        "copyMessage": "MessageId",
        "getChat": "ChatFullInfo",
        "getWebhookInfo": "WebhookInfo",
    }
    problems = []
    for call in sb.calls(ok=True):
        if call.method in returns:
            problems += check_object(returns[call.method], call.result)
        if call.method == "getUpdates":
            for update in call.result:
                problems += check_object("Update", update)
    assert problems == []
