"""A step with `takes_empty` explains a text with nothing to read in its own words; any other
step gets the kit's sentence (bot/chat/dialog.py)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from bot.chat.dialog import Dialog, Flow, Screen, Step, Turn
from handlers.authz import refuse, reread
from tests.handlers.harness import make_bot

INVISIBLE = "  \u200c\u200d "


class At(StrEnum):
    OWN = "own"
    KIT = "kit"


class Draft(BaseModel):
    seen: list[str] = []


def ask(turn: Turn[At, Draft]) -> Screen:
    return Screen(f"پرسش {turn.step.value}")


async def took(turn: Turn[At, Draft], text: str) -> None:
    await turn.again("هیچ ننوشتید." if not text.strip("\u200c\u200d ") else "گرفتم.")


FLOW: Flow[At, Draft] = Flow(
    name="kit_empty_test",
    steps=At,
    draft=Draft,
    table={At.OWN: Step(ask, on_text=took, takes_empty=True), At.KIT: Step(ask, on_text=took)},
)
DIALOG = Dialog(FLOW, reread=reread, refuse=refuse)


async def test_a_step_that_takes_empty_texts_answers_them_itself(tmp_path):
    async with make_bot(tmp_path) as bot:
        bot.app.bot_data["registry"].add_flow(DIALOG.name, DIALOG.on_message)
        mina = bot.person(1001, "مینا")
        await mina.command("/start")
        for step, starts in ((At.OWN, "هیچ ننوشتید."), (At.KIT, "flow-empty-text")):
            await bot.services.chat_state.set(1, DIALOG.name, step.value, {})
            replies = await mina.send(INVISIBLE)
            expected = bot.services.translator("fa", starts) if "-" in starts else starts
            assert replies[-1].text.startswith(expected), replies[-1].text
            assert replies[-1].text.endswith(f"پرسش {step.value}")
