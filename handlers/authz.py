"""Server-side checks of staff and admin rights, for every command, button press and typed step.

The role is declared where a handler is registered (handlers/registration.py), which wraps it:

    r.buttons(Feature.STATS, on_callback, role="staff")   # = guarded(on_callback, "staff")

The wrapper reads the presser's role from the database at every call (never from the members
kept in memory for ordinary updates, so a role taken away counts at once, in every process) and
a person without the role gets a polite refusal and nothing else happens. A service that
finds the role missing (it changed meanwhile) raises `NotAllowed`, answered the same way. The
wrapped function carries `required_role`, so tests/handlers/test_authorization_matrix.py finds
every guarded handler by itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from typing import Any, Literal

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import TelegramError

from bot.chat.context import CoopContext
from bot.chat.menu import Registry
from bot.chat.replies import answer, reply
from bot.services.roles import NotAllowed, require_admin, require_staff
from storage.members import Member

Handler = Callable[..., Coroutine[Any, Any, Any]]
Role = Literal["staff", "admin"]
CHECKS: dict[Role, Callable[[Member | None], Any]] = {
    "staff": require_staff,
    "admin": require_admin,
}
REFUSAL_KEYS = {
    "staff": "admin-refused-staff",
    "admin": "admin-refused-admin",
}


async def refuse(
    update: Update, ctx: CoopContext, needed: str = "staff", key: str | None = None
) -> None:
    """One polite refusal: the role's own text, or a feature's (`key`)."""
    text = ctx.t(key or REFUSAL_KEYS.get(needed, REFUSAL_KEYS["staff"]))
    if update.callback_query is not None:
        await answer(update.callback_query, text, alert=True)
    else:
        await reply(update, ctx, text)


async def reread(ctx: CoopContext) -> Member | None:
    """The person as stored now (their role may have changed since they were kept in memory);
    ctx.member follows."""
    if ctx.member is not None:
        ctx.member = await ctx.services.members.get(ctx.member.id)
    return ctx.member



def guarded(fn: Handler, role: Role | None, refusal: str | None = None) -> Handler:
    """`fn`, run only for a person who has `role` now (None: `fn` itself, open to members);
    `refusal`: the key of the feature's own refusal text, if it has one."""
    if role is None:
        return fn
    check = CHECKS[role]

    @functools.wraps(fn)
    async def wrapper(update: Update, ctx: CoopContext, *args: Any, **kwargs: Any) -> Any:
        try:
            check(await reread(ctx))
            return await fn(update, ctx, *args, **kwargs)
        except NotAllowed as refused:
            if ctx.member is not None and args:  # a flow step: leave the dialog
                await ctx.services.chat_state.clear(ctx.member.id)
            await refuse(update, ctx, refused.needed, refusal)
            return None

    wrapper.required_role = role  # type: ignore[attr-defined]
    return wrapper




async def refresh_commands(ctx: CoopContext, chat_id: int, role: str, locale: str) -> None:
    """The command menu of one chat, with the commands of the person's role."""
    registry: Registry = ctx.application.bot_data["registry"]
    translate = ctx.services.translator
    commands = [
        BotCommand(c.name, translate(locale, c.description_key))
        for c in registry.commands_for(role)
    ]
    try:
        await ctx.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
    except TelegramError:  # Bale may not have per-chat menus: the commands still work
        pass
