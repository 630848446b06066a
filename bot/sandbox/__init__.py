"""A local Bot API server for tests, e2e runs, benchmarks and ``coopbot demo``.

Quick start::

    from bot.sandbox import Sandbox

    async with Sandbox() as sb:
        sb.add_bot("123456:TEST")                     # platform="telegram" (or "bale")
        app = ApplicationBuilder().token("123456:TEST").base_url(sb.base_url).build()
        ali = sb.person(1001, "علی")
        ali.send_command("/start")                    # queued for getUpdates
        reply = await ali.wait_for_reply(0)
        ali.press("ثبت‌نام")                           # inline button by label
"""

from bot.sandbox.config import SandboxConfig
from bot.sandbox.errors import ApiError
from bot.sandbox.people import Person
from bot.sandbox.server import BotInfo, Sandbox
from bot.sandbox.state import ApiCall, CallbackQueryRecord, ChatState, StoredFile, StoredMessage

__all__ = [
    "ApiCall",
    "ApiError",
    "BotInfo",
    "CallbackQueryRecord",
    "ChatState",
    "Person",
    "Sandbox",
    "SandboxConfig",
    "StoredFile",
    "StoredMessage",
]
