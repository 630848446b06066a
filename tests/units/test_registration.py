"""The registrar: what a module declares is what the Application and the registry hold, with
the guard of the declared role; a prefix or a command cannot be taken twice."""

from __future__ import annotations

import pytest
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler

from bot.chat.features import Feature, Flow
from bot.chat.menu import ROLES_ALL, ROLES_STAFF, Registry
from handlers.registration import Entry, Registrar


async def stats(update, ctx) -> None: ...


async def on_press(update, ctx) -> None: ...


async def on_text(update, ctx, state) -> None: ...


def registrar() -> Registrar:
    app = ApplicationBuilder().token("1:x").job_queue(None).build()
    return Registrar(app, Registry())


def test_declared_roles_guard_what_is_registered():
    r = registrar()
    r.command("stats", stats, "stats-cmd", role="staff")
    r.command("help", stats, "cmd-help")
    r.command("menu", stats)
    r.buttons(Feature.STATS, on_press, role="admin")
    r.flow(Flow.STAFF, on_text, role="admin")
    r.menu("courses-menu", "crs:menu")
    handlers = r.app.handlers[0]
    commands = {
        next(iter(h.commands)): h.callback for h in handlers if isinstance(h, CommandHandler)
    }
    assert commands["stats"].required_role == "staff"
    assert commands["stats"].__wrapped__ is stats
    assert commands["help"] is stats and commands["menu"] is stats  # members: no wrapper
    press = next(h for h in handlers if isinstance(h, CallbackQueryHandler))
    assert press.callback.required_role == "admin"
    assert press.pattern.pattern == "^sts:"
    assert r.registry.flows["staff"].required_role == "admin"
    assert [(c.name, c.roles) for c in r.registry.commands] == [
        ("stats", ROLES_STAFF),
        ("help", ROLES_ALL),
    ]  # /menu has no description: not in the command menu
    assert r.registry.menu[0].roles == ROLES_ALL
    assert r.entries == [
        Entry("command", "stats", "staff", __name__),
        Entry("command", "help", None, __name__),
        Entry("command", "menu", None, __name__),
        Entry("buttons", "sts", "admin", __name__),
        Entry("flow", "staff", "admin", __name__),
    ]
    assert r.app.bot_data["registrations"] is r.entries


def test_a_prefix_or_a_command_is_taken_once():
    r = registrar()
    r.buttons(Feature.STATS, on_press)
    with pytest.raises(ValueError, match="registered twice"):
        r.buttons(Feature.STATS, on_press, role="staff")
    r.command("stats", stats)
    with pytest.raises(ValueError, match="registered twice"):
        r.command("stats", stats, role="staff")
