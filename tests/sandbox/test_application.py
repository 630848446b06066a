"""A small PTB Application against the sandbox: polling e2e, in-process updates, terminal chat."""

from __future__ import annotations

import io

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from sandbox import Sandbox
from sandbox.ptb import application_builder, polling
from sandbox.terminal import run_terminal_chat
from tests.sandbox.conftest import TOKEN, FakeClock

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

MENU = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("ثبت‌نام", callback_data="reg")],
        [InlineKeyboardButton("راهنما", callback_data="help")],
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    payload = " ".join(context.args or [])
    suffix = f" ({payload})" if payload else ""
    await update.effective_message.reply_text(
        f"<b>خوش آمدید</b>{suffix}", parse_mode="HTML", reply_markup=MENU
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("باشه")
    if query.data == "reg":
        await query.edit_message_text("انتخاب: reg")
        await query.message.reply_text(
            "شماره‌تان را بفرستید",
            reply_markup=ReplyKeyboardMarkup(
                [[KeyboardButton("📱 ارسال شماره", request_contact=True)]],
                one_time_keyboard=True,
            ),
        )
    else:
        await query.edit_message_text(f"انتخاب: {query.data}")


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    phone = update.message.contact.phone_number
    await update.message.reply_text(f"شماره: {phone}", reply_markup=ReplyKeyboardRemove())


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(f"گفتی: {update.message.text}")


def build_app(sb: Sandbox, token: str = TOKEN) -> Application:
    app = application_builder(sb, token).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.CONTACT, on_contact))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


async def test_polling_bot_end_to_end(sb: Sandbox, clock: FakeClock) -> None:
    """A person at human pace (the fake clock moves 1 s per step: per-chat flood control)."""
    ali = sb.person(1001, "علی", token=TOKEN)
    async with polling(build_app(sb)):
        ali.send_command("/start", "coop7")
        welcome = await ali.wait_for_reply(0)
        assert welcome.text == "خوش آمدید (coop7)"
        assert ali.buttons(welcome) == [["ثبت‌نام"], ["راهنما"]]

        version = ali.version
        clock.advance(1)
        ali.press("ثبت‌نام")
        ask = await ali.wait_for_reply(1)
        assert ask.text == "شماره‌تان را بفرستید"
        assert ali.version > version
        assert welcome.text == "انتخاب: reg" and welcome.edited and welcome.reply_markup is None
        await ali.wait_for(lambda p: all(q.answered for q in p.callback_answers()))
        assert ali.callback_answers()[0].answer == {"text": "باشه"}

        clock.advance(1)
        ali.press("📱 ارسال شماره")
        got = await ali.wait_for_reply(2)
        assert got.text.startswith("شماره: 98912")

        clock.advance(1)
        ali.send_text("سلام")
        assert (await ali.wait_for_reply(3)).text == "گفتی: سلام"
        await sb.wait_idle(idle_s=0.05, timeout=5)
        assert sb.bot(TOKEN).pending_updates == 0
    assert sb.delivered(1001, TOKEN) == 4
    assert [c for c in sb.calls(ok=False, token=TOKEN) if c.method != "getUpdates"] == []


async def test_in_process_updates_without_polling(sb: Sandbox) -> None:
    ali = sb.person(1001, "علی", token=TOKEN)
    app = build_app(sb)
    async with app:
        await ali.process(app, "send_command", "/start")
        assert ali.last().text == "خوش آمدید"
        await ali.process(app, "press", "راهنما")
        assert ali.last().text == "انتخاب: help"
        update = ali.make_update("send_text", "چطوری؟")
        await app.process_update(Update.de_json(update, app.bot))
        assert ali.last().text == "گفتی: چطوری؟"
    assert sb.bot(TOKEN).pending_updates == 0  # nothing was queued


async def test_wait_for_reply_timeout_explains(sb: Sandbox) -> None:
    ali = sb.person(1001, token=TOKEN)
    with pytest.raises(TimeoutError, match="no reply"):
        await ali.wait_for_reply(0, timeout=0.05)


async def test_per_chat_flood_control_hits_a_fast_script(sb: Sandbox) -> None:
    """Four bot replies within one (frozen) second exceed the default burst of 3."""
    ali = sb.person(1001, "علی", token=TOKEN)
    app = build_app(sb)
    async with app:
        await ali.process(app, "send_command", "/start")
        await ali.process(app, "press", "ثبت‌نام")  # edit (not limited) + 1 message
        await ali.process(app, "send_text", "یک")
        await ali.process(app, "send_text", "دو")  # PTB hands the RetryAfter to error handlers
    last = sb.calls("sendMessage")[-1]
    assert (last.status, last.retry_after) == (429, 1)
    assert ali.last().text == "گفتی: یک"


async def test_terminal_chat_scripted(sb: Sandbox) -> None:
    sb.config.chat_rate = None  # scripted input is faster than a human
    ali = sb.person(1001, "علی", token=TOKEN)
    stdin = io.StringIO("/start\n/۱\n/contact\nسلام\n2\n#9\n\\#2\n/quit\nnot read\n")
    stdout = io.StringIO()
    async with polling(build_app(sb)):
        await run_terminal_chat(sb, ali, stdin, stdout, reply_wait_s=3.0, linger_s=0.3)
    out = stdout.getvalue()
    assert "bot: خوش آمدید" in out
    assert "[/1] ثبت‌نام" in out and "[/2] راهنما" in out
    assert "bot (edited): انتخاب: reg" in out
    assert "bot (notice): باشه" in out  # the callback answer text
    assert "keyboard: [📱 ارسال شماره] (/contact)" in out
    assert "bot: شماره: 98912" in out
    assert "bot: گفتی: سلام" in out
    assert "bot: گفتی: 2" in out  # a number alone is text, never a button
    assert "(no button [/9] here: no message shows buttons now)" in out
    assert "bot: گفتی: #2" in out  # "\\#2" is sent literally
    assert "not read" not in out and out.rstrip().endswith("bye")


async def test_terminal_chat_input_cut_mid_letter_is_sent_without_surrogates(sb: Sandbox) -> None:
    """A line whose last Persian letter was cut in half (a terminal's 4 KB line limit, a pipe):
    the broken bytes become U+FFFD and the chat goes on (a lone surrogate could not be sent)."""
    sb.config.chat_rate = None
    ali = sb.person(1001, "علی", token=TOKEN)
    cut = "سلام".encode()[:-1]  # half of «م»
    raw = b"/start\n" + cut + b"\n" + "خوبی؟\n".encode() + b"/quit\n"
    stdin = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8", errors="surrogateescape")
    stdout = io.StringIO()
    async with polling(build_app(sb)):
        await run_terminal_chat(sb, ali, stdin, stdout, reply_wait_s=3.0, linger_s=0.3)
    out = stdout.getvalue()
    assert "bot: گفتی: سلا\ufffd" in out and "bot: گفتی: خوبی؟" in out


def test_clean_text_replaces_every_lone_surrogate() -> None:
    from sandbox.terminal import clean_text

    assert clean_text("سلا\udcd9") == "سلا\ufffd"  # surrogateescape of a stray byte
    assert clean_text("a\ud83db") == "a?b"  # half of a surrogate pair
    assert clean_text("سلام 😀") == "سلام 😀"
