"""The dialog kit (bot/chat/dialog.py) with a small flow of its own, through the real Application:
state saved in the database on every move, old buttons, a draft or step another version stored,
a role lost mid-dialog, leaving."""

from __future__ import annotations

from enum import StrEnum
from itertools import count

import pytest
from pydantic import BaseModel
from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.dialog import Dialog, Flow, Screen, Step, Turn, press
from bot.chat.replies import pressed, show
from bot.services.roles import NotAllowed
from handlers.authz import refuse, reread
from tests.handlers.harness import make_bot
from tests.handlers.test_authorization_matrix import press_data

FEATURE = "tkit"


class At(StrEnum):
    NAME = "name"
    COLOUR = "colour"
    REVIEW = "review"


class Draft(BaseModel):
    name: str = ""
    colour: str = ""
    asked: int = 0


def cb(action: str, *args: object) -> str:
    return callbacks.encode(FEATURE, action, *args)


PRESSES = count(1)
LEAVE = ("بیرون", cb("quit"))


def ask_name(turn: Turn[At, Draft]) -> Screen:
    return Screen("نامت چیست؟", keyboards.inline([[LEAVE]]))


async def took_name(turn: Turn[At, Draft], text: str) -> None:
    if len(text) < 2:
        await turn.again("نام کوتاه است.")
        return
    await turn.goto(At.COLOUR, turn.draft.model_copy(update={"name": text}))


def ask_colour(turn: Turn[At, Draft]) -> Screen:
    rows = [[("سبز", cb("c", "green")), ("سرخ", cb("c", "red"))], [LEAVE]]
    return Screen(f"{turn.draft.name}، کدام رنگ؟", keyboards.inline(rows))


async def took_colour(turn: Turn[At, Draft], data: callbacks.Callback) -> None:
    if data.arg(0) not in ("green", "red"):
        await turn.stale()
        return
    await turn.goto(At.REVIEW, turn.draft.model_copy(update={"colour": data.arg(0)}))


async def unreadable_colour(turn: Turn[At, Draft], text: str | None) -> None:
    await turn.again("برچسب نه؛ یک رنگ را بزنید." if text is None else "رنگی ننوشتید.")


async def review(turn: Turn[At, Draft]) -> Screen:  # a view may be async
    return Screen(f"بازبینی: {turn.draft.name}", keyboards.inline([[("ثبت", cb("ok"))], [LEAVE]]))


async def done(turn: Turn[At, Draft], data: callbacks.Callback) -> None:
    await turn.leave()
    await show(turn.update, turn.ctx, "ثبت شد.")


async def admins_only(turn: Turn[At, Draft], data: callbacks.Callback) -> None:
    raise NotAllowed("admin")  # as a service does when the actor lacks the role


async def leave(turn: Turn[At, Draft], data: callbacks.Callback) -> None:
    await turn.leave()
    await show(turn.update, turn.ctx, "بیرون آمدید.")


FLOW: Flow[At, Draft] = Flow(
    name="kit_test",
    steps=At,
    draft=Draft,
    role="staff",
    table={
        At.NAME: Step(ask_name, on_text=took_name),
        At.COLOUR: Step(ask_colour, buttons={"c": took_colour}, unreadable=unreadable_colour),
        At.REVIEW: Step(review, buttons={"ok": done, "boom": admins_only}),
    },
    buttons={"quit": leave},
)
DIALOG = Dialog(FLOW, reread=reread, refuse=refuse)


async def on_press(update: Update, ctx: CoopContext) -> None:
    data = await pressed(update, ctx, "go", *FLOW.actions)
    if data is None:
        return
    if data.action == "go":
        await DIALOG.begin(update, ctx, At.NAME, Draft())
        return
    await press(update, ctx, data, DIALOG)


async def forge(person, data: str, message_id: int | None = None) -> str | None:
    """A press with any data (on an older message when given); the text of its answer."""
    snapshot = person.person.message(message_id).to_api() if message_id else None
    record, _ = await press_data(person, data, next(PRESSES), snapshot)
    return (record.answer or {}).get("text")


async def kit_bot(tmp_path):
    bot_cm = make_bot(tmp_path)
    bot = await bot_cm.__aenter__()
    bot.app.bot_data["registry"].add_flow(DIALOG.name, DIALOG.on_message)
    # before the catch-all stale-button handler of group 0
    bot.app.handlers[0].insert(0, CallbackQueryHandler(on_press, pattern=f"^{FEATURE}:"))
    admin = bot.person(9001, "مدیر")
    sara = bot.person(1002, "سارا")
    await sara.command("/start")
    await admin.command("/start")
    sara_member = await bot.services.members.get(1)
    admin_member = await bot.services.members.get(2)
    await bot.services.admin.roles.set_role(admin_member, sara_member.id, "staff")
    return bot_cm, bot, sara, sara_member.id, admin_member


@pytest.fixture
async def kit(tmp_path):
    bot_cm, bot, sara, sara_id, admin_member = await kit_bot(tmp_path)
    try:
        yield bot, sara, sara_id, admin_member
    finally:
        await bot_cm.__aexit__(None, None, None)


async def test_a_dialog_moves_step_by_step_and_saves_every_move(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    assert sara.last().text == "نامت چیست؟"
    state = await bot.services.chat_state.get(sara_id)
    assert (state.flow, state.step) == ("kit_test", "name")
    replies = await sara.send("م")
    assert replies[-1].text == "نام کوتاه است.\n\nنامت چیست؟"
    replies = await sara.sticker()
    assert replies[-1].text.startswith(bot.services.translator("fa", "flow-not-text"))
    replies = await sara.send("مینا")
    assert replies[-1].text == "مینا، کدام رنگ؟"
    state = await bot.services.chat_state.get(sara_id)
    assert (state.step, state.data["name"]) == ("colour", "مینا")
    replies = await sara.send("سبز")  # a step without on_text asks for its buttons
    assert replies[-1].text.startswith(bot.services.translator("fa", "dialog-use-buttons"))
    await sara.press("سرخ")
    assert sara.last().text == "بازبینی: مینا"
    state = await bot.services.chat_state.get(sara_id)
    assert (state.step, state.data["colour"]) == ("review", "red")
    await sara.press("ثبت")
    assert sara.last().text == "ثبت شد."
    assert await bot.services.chat_state.get(sara_id) is None


async def test_an_old_button_is_stale_and_shows_the_current_step_again(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    await sara.send("مینا")
    colour_message = sara.last().message_id
    await sara.press("سبز")
    before = await bot.services.chat_state.get(sara_id)
    answered = await forge(sara, cb("c", "red"), colour_message)  # of the earlier step
    assert answered == bot.services.translator("fa", "button-stale")
    assert sara.last().text == "بازبینی: مینا"
    after = await bot.services.chat_state.get(sara_id)
    assert (after.step, after.data) == (before.step, before.data)


async def test_a_forged_argument_is_stale_and_changes_nothing(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    await sara.send("مینا")
    answered = await forge(sara, cb("c", "blue"))
    assert answered == bot.services.translator("fa", "button-stale")
    state = await bot.services.chat_state.get(sara_id)
    assert (state.step, state.data["colour"]) == ("colour", "")
    assert sara.last().text == "مینا، کدام رنگ؟"


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("name", {"asked": "many"}),  # a draft that no longer fits the model
        ("planet", {}),  # a step this version does not have
        (None, {}),
    ],
)
async def test_a_state_another_version_stored_ends_the_dialog_politely(kit, step, data):
    bot, sara, sara_id, _ = kit
    await bot.services.chat_state.set(sara_id, "kit_test", step, data)
    replies = await sara.send("مینا")
    assert replies[-1].text == bot.services.translator("fa", "dialog-gone")
    assert await bot.services.chat_state.get(sara_id) is None


async def test_a_press_on_a_stored_state_another_version_made_ends_it_too(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    await bot.services.chat_state.set(sara_id, "kit_test", "colour", {"name": ["x"]})
    await sara.forge(cb("c", "red"))
    assert sara.last().text == bot.services.translator("fa", "dialog-gone")
    assert await bot.services.chat_state.get(sara_id) is None


async def test_a_role_lost_mid_dialog_is_refused_and_the_dialog_ends(kit):
    bot, sara, sara_id, admin_member = kit
    await sara.forge(cb("go"))
    await sara.send("مینا")
    await bot.services.admin.roles.set_role(admin_member, sara_id, "member")
    answered = await forge(sara, cb("c", "green"))
    assert answered == bot.services.translator("fa", "admin-refused-staff")
    assert await bot.services.chat_state.get(sara_id) is None
    assert sara.last().text == "مینا، کدام رنگ؟"  # nothing redrawn


async def test_a_role_lost_before_a_typed_answer_is_refused(kit):
    bot, sara, sara_id, admin_member = kit
    await sara.forge(cb("go"))
    await bot.services.admin.roles.set_role(admin_member, sara_id, "member")
    replies = await sara.send("مینا")
    assert replies[-1].text == bot.services.translator("fa", "admin-refused-staff")
    assert await bot.services.chat_state.get(sara_id) is None


async def test_leaving_clears_the_state_and_its_buttons_go_stale(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    await sara.send("مینا")
    colour_message = sara.last().message_id
    await sara.press("بیرون")
    assert sara.last().text == "بیرون آمدید."
    assert await bot.services.chat_state.get(sara_id) is None
    shown = len(sara.messages())
    answered = await forge(sara, cb("c", "green"), colour_message)
    assert answered == bot.services.translator("fa", "button-stale")
    assert len(sara.messages()) == shown
    assert await bot.services.chat_state.get(sara_id) is None


async def test_a_step_answers_what_it_cannot_read_in_its_own_words(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    await sara.send("مینا")
    replies = await sara.sticker()
    assert replies[-1].text == "برچسب نه؛ یک رنگ را بزنید.\n\nمینا، کدام رنگ؟"
    replies = await sara.send(" \u200c ")
    assert replies[-1].text == "رنگی ننوشتید.\n\nمینا، کدام رنگ؟"
    state = await bot.services.chat_state.get(sara_id)
    assert (state.step, state.data["colour"]) == ("colour", "")


async def test_a_service_refusing_midway_ends_the_dialog_with_a_refusal(kit):
    bot, sara, sara_id, _ = kit
    await sara.forge(cb("go"))
    await sara.send("مینا")
    await sara.press("سبز")
    answered = await forge(sara, cb("boom"))
    assert answered == bot.services.translator("fa", "admin-refused-admin")
    assert await bot.services.chat_state.get(sara_id) is None


def test_a_flow_must_give_every_step_a_screen():
    with pytest.raises(ValueError, match="review"):
        Flow(name="x", steps=At, draft=Draft, table={At.NAME: Step(ask_name)})
