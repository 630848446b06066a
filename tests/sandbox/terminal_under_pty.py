"""Run by tests/sandbox/test_terminal_pty.py inside a pseudo-terminal: the echo bot of
test_application.py, chatted with through run_terminal_chat reading the real terminal."""

import asyncio

from sandbox import Sandbox
from sandbox.ptb import polling
from sandbox.terminal import run_terminal_chat
from tests.sandbox.conftest import TOKEN
from tests.sandbox.test_application import build_app


async def main() -> None:
    async with Sandbox() as sb:
        sb.config.chat_rate = None
        sb.add_bot(TOKEN, "telegram", username="coop_test_bot")
        person = sb.person(1001, "علی", token=TOKEN)
        async with polling(build_app(sb)):
            await run_terminal_chat(sb, person)
        echoes = [m.text for m in person.messages() if m.text and m.text.startswith("گفتی: ")]
        print("ECHOED", "|".join(str(len(text.removeprefix("گفتی: "))) for text in echoes))


asyncio.run(main())
