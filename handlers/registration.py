"""How a handler module offers what it does: commands, buttons, dialogs, menu entries, /start
links, each with the role it needs, declared in one call that also puts the guard on.

    from handlers.features import Feature, Flow
    from handlers.registration import Registrar

    def register(r: Registrar) -> None:
        r.command("stats", command, "stats-cmd", role="staff")   # in the staff command menu
        r.buttons(Feature.STATS, on_callback, role="staff")      # every `sts:...` press
        r.flow(Flow.STAFF, on_text, role="admin")                # typed steps of a dialog
        r.menu("courses-menu", callbacks.encode(Feature.COURSES, "menu"))
        r.deep_link("inv_", on_invitation)                       # `/start inv_...`

A dialog on the kit (bot/chat/dialog.py) registers its runner: `r.flow(Flow.X,
DIALOG.on_message, role=...)`, and its presses come through the feature's `r.buttons`.
A role is declared here and nowhere else in a handler: no decorator, no inline check.

handlers/__init__.py lists every module's `register` in one ordered table. `role` is None (anyone
who is a member), "staff" (staff and admins) or "admin"; a guarded handler reads the person's role
from the database at every call (handlers/authz.py `guarded`), and the registrar records each
entry with its role (`Registrar.entries`, kept in bot_data["registrations"]) so tests find every
guarded command, button and dialog by themselves. A feature's prefix can be taken once only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from telegram.ext import Application, BaseHandler, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks
from bot.chat.features import Feature, Flow
from bot.chat.menu import (
    ROLES_ALL,
    ROLES_STAFF,
    Command,
    DeepLinkHandler,
    FlowHandler,
    MenuEntry,
    MenuLabel,
    PlaceHandler,
    Registry,
)
from handlers.authz import Handler, Role, guarded

Kind = Literal["command", "buttons", "flow"]
MENU_ROLES: dict[Role | None, tuple[str, ...]] = {
    None: ROLES_ALL,
    "staff": ROLES_STAFF,
    "admin": ("admin",),
}


@dataclass(frozen=True)
class Entry:
    """One thing registered: a command name, a callback prefix or a dialog, and the role it
    needs (None: any member)."""

    kind: Kind
    name: str
    role: Role | None
    module: str


@dataclass
class Registrar:
    app: Application
    registry: Registry
    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.app.bot_data["registrations"] = self.entries

    def _record(self, kind: Kind, name: str, role: Role | None, fn: Callable[..., Any]) -> None:
        if any(e.kind == kind and e.name == name for e in self.entries):
            raise ValueError(f"{kind} {name!r} is registered twice")
        self.entries.append(Entry(kind, name, role, fn.__module__))

    def command(
        self,
        name: str,
        handler: Handler,
        description_key: str | None = None,
        *,
        role: Role | None = None,
        refusal: str | None = None,
    ) -> None:
        """`/name`; with a description it is listed in the command menu of the people who have
        the role. `refusal` (here and below): the key of the feature's own refusal text."""
        self._record("command", name, role, handler)
        if description_key is not None:
            self.registry.add_command(Command(name, description_key, MENU_ROLES[role]))
        self.app.add_handler(CommandHandler(name, guarded(handler, role, refusal)))

    def buttons(
        self,
        feature: Feature,
        handler: Handler,
        *,
        role: Role | None = None,
        refusal: str | None = None,
    ) -> None:
        """Every press whose callback data starts with `feature:`."""
        self._record("buttons", feature, role, handler)
        pattern = callbacks.pattern(feature)
        guard = guarded(handler, role, refusal)
        self.app.add_handler(CallbackQueryHandler(guard, pattern=pattern))

    def flow(
        self,
        flow: Flow,
        handler: FlowHandler,
        *,
        role: Role | None = None,
        refusal: str | None = None,
        place: PlaceHandler | None = None,
    ) -> None:
        """What a person in the dialog sends (handlers/text_router.py routes it). `place`
        shows the person's current step again (a dialog's `Dialog.place`, which re-checks the
        flow's role itself): handlers/resume.py uses it after a lost answer."""
        self._record("flow", flow, role, handler)
        self.registry.add_flow(flow, guarded(cast(Handler, handler), role, refusal))
        if place is not None:
            self.registry.places[flow] = place

    def after_loss(self, handler: Callable[[Any, Any], Awaitable[None]]) -> None:
        """The answer to an update whose effect is in but whose reply may have been lost with
        the worker that ran it (bot/cluster/worker.py)."""
        self.registry.after_loss = handler

    def menu(
        self,
        label_key: str,
        callback: str,
        *,
        role: Role | None = None,
        label: MenuLabel | None = None,
    ) -> None:
        """A main-menu button, shown to the people who have the role; the press itself is
        guarded by the `buttons` registration of its feature."""
        self.registry.add_menu(MenuEntry(label_key, callback, MENU_ROLES[role], label))

    def deep_link(self, prefix: str, handler: DeepLinkHandler) -> None:
        """`/start <prefix>...`: open to anyone (an invitation is how one becomes staff)."""
        self.registry.add_deep_link(prefix, handler)

    def add(self, handler: BaseHandler[Any, Any, Any], group: int = 0) -> None:
        """A handler of the framework's own (identification, the text router, fallbacks)."""
        self.app.add_handler(handler, group)
