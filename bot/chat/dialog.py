"""The dialog kit: a conversation of several steps whose position and draft live in the database.

A flow is declared, not written as a step machine (handlers/course_admin/dialog.py is a full
example; import the module as `from bot.chat import dialog as kit`, since handlers.features has
a `Flow` enum of its own, whose member is the flow's `name`):

    class At(StrEnum):                      # the steps (stored as chat_states.step)
        TITLE = "title"
        REVIEW = "review"

    class Draft(BaseModel):                 # what the dialog has gathered (chat_states.data)
        title: str = ""

    def ask_title(turn: Turn[At, Draft]) -> Screen:          # a view: the step's screen
        return Screen(turn.ctx.t(ASK_TITLE), keyboards.inline([[(quit_label, "x:quit")]]))

    async def took_title(turn: Turn[At, Draft], text: str) -> None:
        if not text.strip():
            await turn.again(turn.ctx.t(TITLE_PROBLEM))   # the same step, with a note
            return
        await turn.goto(At.REVIEW, turn.draft.model_copy(update={"title": text}))

    async def save(turn: Turn[At, Draft], data: Callback) -> None:
        ...                                                   # a button of the REVIEW step
        await turn.leave()

    FLOW = Flow(
        name="x", steps=At, draft=Draft, role="staff",
        table={At.TITLE: Step(ask_title, on_text=took_title),
               At.REVIEW: Step(review, buttons={"save": save})},
        buttons={"quit": leave_button},                       # pressed at any step
    )
    DIALOG = Dialog(FLOW, reread=authz.reread, refuse=authz.refuse)

    registry.add_flow(DIALOG.name, DIALOG.on_message)         # typed messages (text_router)
    ... in the feature's CallbackQueryHandler:  await DIALOG.on_press(update, ctx, data)
    ... to begin (after the caller's own rights check):
        await DIALOG.begin(update, ctx, At.TITLE, Draft())

The one runner (`Dialog`) does, on every typed message and every press:
- loads the state and validates it: a step the flow does not have, or a draft that no longer
  fits the model (an older version stored it), ends the dialog politely and clears the state;
- reads the person's role from the database (`reread`) and, without it, clears the state and
  refuses (`refuse`); a service raising `NotAllowed` midway is answered the same way;
- routes a text to the current step's `on_text` (anything but text, or an empty text, goes to
  the step's `unreadable`, or shows the step again with a note; a step without `on_text` asks
  for its buttons), a message that is not text to `on_other` when the step has one, and a
  press to the current step's (or the flow's) button of that action;
- a button of another step (an old message) or of a dialog already left is answered as no
  longer active; within the dialog the current step is shown again;
- every `goto`/`again` saves the state before showing the screen; `leave` clears it.
Callback data are user input: a button handler checks its arguments and calls `turn.stale()`
for a forged or outdated one. A press is answered once (bot/messenger/presses.py); the runner
answers it when the handler did not.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from telegram import InlineKeyboardMarkup, Message, Update

from bot.chat.callbacks import Callback
from bot.chat.context import CoopContext
from bot.chat.replies import answer, show, stale
from bot.persian.normalize import looks_empty
from bot.services.roles import NotAllowed, is_admin, is_staff
from storage.chat_states import ChatState
from storage.members import Member

S = TypeVar("S", bound=StrEnum)
D = TypeVar("D", bound=BaseModel)
Role = Literal["staff", "admin"]

# Texts of the kit (locales/*/dialog.ftl and common.ftl).
GONE_KEY = "dialog-gone"
NOT_TEXT_KEY = "flow-not-text"
EMPTY_TEXT_KEY = "flow-empty-text"
USE_BUTTONS_KEY = "dialog-use-buttons"


@dataclass(frozen=True)
class Screen:
    """What a step shows: a text and its buttons."""

    text: str
    markup: InlineKeyboardMarkup | None = None

    def noted(self, note: str) -> Screen:
        """The screen with a sentence above it (why the step is shown again)."""
        return Screen(f"{note}\n\n{self.text}", self.markup) if note else self


View = Callable[["Turn[S, D]"], "Screen | Awaitable[Screen]"]
TextHandler = Callable[["Turn[S, D]", str], Awaitable[None]]
OtherHandler = Callable[["Turn[S, D]", Message], Awaitable[None]]
UnreadableHandler = Callable[["Turn[S, D]", "str | None"], Awaitable[None]]
ButtonHandler = Callable[["Turn[S, D]", Callback], Awaitable[None]]
Reread = Callable[[CoopContext], Awaitable[Member | None]]
Refuse = Callable[[Update, CoopContext, str], Awaitable[None]]
Gone = Callable[[Update, CoopContext], Awaitable[None]]


@dataclass(frozen=True)
class Step(Generic[S, D]):
    """One step: its screen, what it does with a typed text, with another kind of message
    (a document, a photo…), and with each of its buttons (action → handler). `unreadable`
    answers a message the step cannot read (not text and no `on_other`, or an empty text; it
    gets that text or None) in the step's own words; without it the screen is shown again with
    a note. `takes_empty`: `on_text` gets a text with nothing to read too (the step explains
    that in its own words)."""

    view: View[S, D]
    on_text: TextHandler[S, D] | None = None
    buttons: Mapping[str, ButtonHandler[S, D]] = field(default_factory=dict)
    on_other: OtherHandler[S, D] | None = None
    unreadable: UnreadableHandler[S, D] | None = None
    takes_empty: bool = False


@dataclass(frozen=True)
class Flow(Generic[S, D]):
    """A dialog's declaration. `buttons` are pressed at any step (leave, say); `gone` answers a
    person whose stored dialog can no longer be continued (default: one polite sentence)."""

    name: str
    steps: type[S]
    draft: type[D]
    table: Mapping[S, Step[S, D]]
    role: Role | None = None
    buttons: Mapping[str, ButtonHandler[S, D]] = field(default_factory=dict)
    gone: Gone | None = None

    def __post_init__(self) -> None:
        missing = [s for s in self.steps if s not in self.table]
        if missing:
            raise ValueError(f"flow {self.name!r} has no table entry for {missing}")

    @property
    def actions(self) -> frozenset[str]:
        """Every action a button of this flow can carry."""
        found = set(self.buttons)
        for step in self.table.values():
            found.update(step.buttons)
        return frozenset(found)


class Turn(Generic[S, D]):
    """One update inside a dialog: where the person is, what they gathered, and the moves."""

    def __init__(
        self, dialog: Dialog[S, D], update: Update, ctx: CoopContext, step: S, draft: D
    ) -> None:
        self.dialog = dialog
        self.update = update
        self.ctx = ctx
        self.step = step
        self.draft = draft

    @property
    def member_id(self) -> int:
        return self.ctx.require_member().id

    async def goto(self, step: S, draft: D | None = None, note: str = "") -> None:
        """Move to a step (with a new draft): saved first, then its screen is shown."""
        self.step = step
        if draft is not None:
            self.draft = draft
        await self.save()
        await self.show(note)

    async def again(self, note: str = "", draft: D | None = None) -> None:
        """The current step again, with a note (a problem with the answer), saved."""
        await self.goto(self.step, draft, note)

    async def save(self) -> None:
        await self.ctx.services.chat_state.set(
            self.member_id, self.dialog.name, self.step.value, self.draft.model_dump(mode="json")
        )

    async def screen(self) -> Screen:
        made = self.dialog.flow.table[self.step].view(self)
        return await made if inspect.isawaitable(made) else made

    async def show(self, note: str = "") -> None:
        """Show the current step's screen (editing the pressed message), saving nothing."""
        query = self.update.callback_query
        if query is not None:
            await answer(query)
        screen = (await self.screen()).noted(note)
        await show(self.update, self.ctx, screen.text, screen.markup)

    async def stale(self) -> None:
        """A button that does not fit now (forged, or of an earlier screen): answered as no
        longer active, and the current step shown again."""
        if self.update.callback_query is not None:
            await stale(self.update, self.ctx)
        await self.show()

    async def leave(self) -> None:
        """End the dialog: the state is cleared (what the caller shows next is its own)."""
        query = self.update.callback_query
        if query is not None:
            await answer(query)
        await self.ctx.services.chat_state.clear(self.member_id, self.dialog.name)


class Dialog(Generic[S, D]):
    """The runner of one flow. `reread` gives the person as stored now (their role may have
    changed); `refuse` answers someone without the flow's role."""

    def __init__(self, flow: Flow[S, D], *, reread: Reread, refuse: Refuse) -> None:
        self.flow = flow
        self.reread = reread
        self.refuse = refuse

    @property
    def name(self) -> str:
        return self.flow.name

    def handles(self, action: str) -> bool:
        return action in self.flow.actions

    async def begin(
        self, update: Update, ctx: CoopContext, step: S, draft: D, note: str = ""
    ) -> None:
        """Open the dialog at a step (the caller checked the person's rights)."""
        await Turn(self, update, ctx, step, draft).goto(step, note=note)

    async def leave(self, update: Update, ctx: CoopContext) -> bool:
        """Clear this flow's state (if the person is in it); True when there was one."""
        return await ctx.services.chat_state.clear(ctx.require_member().id, self.name)

    async def place(self, update: Update, ctx: CoopContext, state: ChatState, note: str) -> None:
        """The person's current step shown again with a note, saving nothing (an answer saved
        by a run whose reply was lost: handlers/resume.py)."""
        turn = await self._load(update, ctx, state)
        if turn is not None:
            await turn.show(note)

    async def on_message(self, update: Update, ctx: CoopContext, state: ChatState) -> None:
        """Any message but a command while the person is in this flow (handlers/text_router)."""
        turn = await self._load(update, ctx, state)
        if turn is None:
            return
        step = self.flow.table[turn.step]
        message = update.effective_message
        text = message.text if message is not None else None
        await self._guarded(turn, self._message(turn, step, message, text))

    async def _message(
        self, turn: Turn[S, D], step: Step[S, D], message: Message | None, text: str | None
    ) -> None:
        ctx = turn.ctx
        if text is None and step.on_other is not None and message is not None:
            await step.on_other(turn, message)
        elif text is not None and step.takes_empty and step.on_text is not None:
            await step.on_text(turn, text)  # an empty text too
        elif (text is None or looks_empty(text)) and step.unreadable is not None:
            await step.unreadable(turn, text)
        elif text is None:
            await turn.show(ctx.t(NOT_TEXT_KEY))
        elif looks_empty(text):
            await turn.show(ctx.t(EMPTY_TEXT_KEY))
        elif step.on_text is None:
            await turn.show(ctx.t(USE_BUTTONS_KEY))
        else:
            await step.on_text(turn, text)

    async def on_press(
        self, update: Update, ctx: CoopContext, data: Callback, state: ChatState | None = None
    ) -> None:
        """A press of one of this flow's buttons. `state`: when the caller read it already."""
        if state is None:
            state = await ctx.services.chat_state.get(ctx.require_member().id)
        if state is None or state.flow != self.name:  # a dialog already left
            await stale(update, ctx)
            return
        turn = await self._load(update, ctx, state)
        if turn is None:
            return
        handler = self.flow.table[turn.step].buttons.get(data.action)
        handler = handler or self.flow.buttons.get(data.action)
        if handler is None:  # a button of another step: the current one again
            await turn.stale()
            return
        await self._guarded(turn, handler(turn, data))
        if update.callback_query is not None:
            await answer(update.callback_query)  # nothing if the handler answered it

    async def _load(self, update: Update, ctx: CoopContext, state: ChatState) -> Turn[S, D] | None:
        """The turn of a stored state, after the role check; None when the dialog ended here."""
        if self.flow.role is not None:  # a members' dialog reads nobody's role again
            member = await self.reread(ctx)
            if not _has(member, self.flow.role):
                if member is not None:
                    await ctx.services.chat_state.clear(member.id)
                await self.refuse(update, ctx, self.flow.role)
                return None
        try:
            step = self.flow.steps(state.step or "")
            draft = self.flow.draft.model_validate(state.data or {})
        except (ValueError, ValidationError):  # stored by another version: start again
            await self._gone(update, ctx)
            return None
        return Turn(self, update, ctx, step, draft)

    async def _gone(self, update: Update, ctx: CoopContext) -> None:
        await self.leave(update, ctx)
        if self.flow.gone is not None:
            await self.flow.gone(update, ctx)
            return
        if update.callback_query is not None:
            await answer(update.callback_query)
        await show(update, ctx, ctx.t(GONE_KEY))

    async def _guarded(self, turn: Turn[S, D], work: Awaitable[None]) -> None:
        try:
            await work
        except NotAllowed as refused:  # a service found the role gone meanwhile
            await turn.ctx.services.chat_state.clear(turn.member_id)
            await self.refuse(turn.update, turn.ctx, refused.needed)


async def press(
    update: Update, ctx: CoopContext, data: Callback, *dialogs: Dialog[Any, Any]
) -> None:
    """A press of a button several flows share (one callback prefix): the state is read once and
    the press goes to the flow the person is in; outside all of them it is no longer active."""
    state = await ctx.services.chat_state.get(ctx.require_member().id)
    dialog = next((d for d in dialogs if state is not None and d.name == state.flow), None)
    if dialog is None:
        await stale(update, ctx)
        return
    await dialog.on_press(update, ctx, data, state)


def _has(member: Member | None, role: Role) -> bool:
    return is_admin(member) if role == "admin" else is_staff(member)
