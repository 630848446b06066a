"""What features offer: main-menu buttons, bot commands, free-text flows and /start deep links.

Feature handler modules register here (handlers/__init__.py calls them in one visible order);
the main menu, the command menu (setMyCommands) and the text router read it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

ROLES_ALL = ("member", "staff", "admin")
ROLES_STAFF = ("staff", "admin")


# A menu label hook receives ctx and returns the label for this person now, or None to leave the
# entry out (e.g. "continue the assessment" while one is unfinished; the roadmap once there is one).
MenuLabel = Callable[[Any], Awaitable[str | None]]


@dataclass(frozen=True)
class MenuEntry:
    label_key: str
    callback: str
    roles: tuple[str, ...] = ROLES_ALL
    label: MenuLabel | None = None  # None: always the text of label_key


@dataclass(frozen=True)
class Command:
    name: str
    description_key: str
    roles: tuple[str, ...] = ROLES_ALL


# A flow handler receives (update, ctx, state) for any message but a command while a person is in
# it (handlers/text_router.py): text, a contact, a sticker, a photo…; it answers what its step
# cannot take with that step's question.
FlowHandler = Callable[[Any, Any, Any], Awaitable[None]]
# A place handler receives (update, ctx, state, note) and shows the step the person is at again,
# with the note above it (handlers/resume.py, after a worker died before the answer went out).
PlaceHandler = Callable[[Any, Any, Any, str], Awaitable[None]]
# A deep-link handler receives (update, ctx, payload) for `/start <prefix>...` and returns True
# when it has answered the person, False when the greeting should follow (after its own
# sentence, if it said one: an expired link, say).
DeepLinkHandler = Callable[[Any, Any, str], Awaitable[bool]]


@dataclass
class Registry:
    menu: list[MenuEntry] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    flows: dict[str, FlowHandler] = field(default_factory=dict)
    deep_links: dict[str, DeepLinkHandler] = field(default_factory=dict)
    # flow name -> show the person's current step again, with a note (update, ctx, state, note)
    places: dict[str, PlaceHandler] = field(default_factory=dict)
    # an update whose effect is in but whose answer may have been lost with its worker
    # (bot/cluster/worker.py): handlers/resume.py answers it with the person's place
    after_loss: Callable[[Any, Any], Awaitable[None]] | None = None

    def add_menu(self, entry: MenuEntry) -> None:
        if all(e.callback != entry.callback for e in self.menu):
            self.menu.append(entry)

    def add_command(self, command: Command) -> None:
        if all(c.name != command.name for c in self.commands):
            self.commands.append(command)

    def add_flow(self, name: str, handler: FlowHandler) -> None:
        self.flows[name] = handler

    def add_deep_link(self, prefix: str, handler: DeepLinkHandler) -> None:
        self.deep_links[prefix] = handler

    def deep_link_for(self, payload: str) -> DeepLinkHandler | None:
        """The handler of the longest registered prefix the payload starts with."""
        found = [p for p in self.deep_links if payload.startswith(p)]
        return self.deep_links[max(found, key=len)] if found else None

    def menu_for(self, role: str) -> list[MenuEntry]:
        return [e for e in self.menu if role in e.roles]

    def commands_for(self, role: str) -> list[Command]:
        return [c for c in self.commands if role in c.roles]
