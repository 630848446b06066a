"""A local Bot API server for tests, e2e runs, benchmarks and ``coopbot demo``.

Polling bot (e2e)::

    from sandbox import Sandbox, polling, application_builder

    async with Sandbox() as sb:                      # 127.0.0.1, free port
        sb.add_bot("123456:TEST")                    # platform="telegram" | "bale"
        app = application_builder(sb, "123456:TEST").build()   # token + base_url(s) set
        # (same as ApplicationBuilder().token(t).base_url(sb.base_url)
        #                                .base_file_url(sb.base_file_url))
        ... add handlers ...
        ali = sb.person(1001, "علی")                 # language_code="fa"
        async with polling(app):
            ali.send_command("/start")               # queued for getUpdates
            welcome = await ali.wait_for_reply(0)    # first bot message in the chat
            ali.press("ثبت‌نام")                      # label, callback_data or (row, col)
            await ali.wait_for(lambda p: p.last().text.startswith("..."))
            await sb.wait_idle()                     # updates confirmed, bot quiet

In-process flow test (no polling)::

    async with app:
        await ali.process(app, "send_text", "سلام")  # = process_update(Update.de_json(
        assert ali.last().text == "..."             #     ali.make_update(...), app.bot))

Reading: ``person.messages()``, ``person.last()``, ``person.buttons(msg)``,
``person.reply_keyboard()``, ``person.callback_answers()``, ``sb.calls("sendMessage")``,
``sb.delivered(chat_id)``, ``sb.commands(language_code="fa")``. Trouble: ``sb.config.*``
(limits, flood control, latency, failure_rate), ``sb.fail_next(n, status=502)``,
``person.block()``. Terminal chat: ``await run_terminal_chat(sb, person)``; standalone
server: ``python -m sandbox --port 8081 [--chat USER_ID]``.

Everything runs in one event loop; the sandbox is not thread-safe.
"""

from typing import Any

from sandbox.config import ManualClock, SandboxConfig
from sandbox.errors import ApiError
from sandbox.people import Person
from sandbox.server import BotInfo, Sandbox
from sandbox.state import ApiCall, CallbackQueryRecord, ChatState, StoredFile, StoredMessage
from sandbox.terminal import run_terminal_chat

__all__ = [
    "ApiCall",
    "ApiError",
    "BotInfo",
    "CallbackQueryRecord",
    "ChatState",
    "ManualClock",
    "Person",
    "Sandbox",
    "SandboxConfig",
    "StoredFile",
    "StoredMessage",
    "application_builder",
    "polling",
    "run_terminal_chat",
]


def __getattr__(name: str) -> Any:
    # python-telegram-bot helpers, imported on first use
    if name in ("application_builder", "polling"):
        from sandbox import ptb

        return getattr(ptb, name)
    raise AttributeError(f"module 'sandbox' has no attribute {name!r}")
