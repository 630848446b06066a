"""Group -1: who is this? Upsert the member, resolve the language; drop what is not a person."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.chat.context import CoopContext
from bot.services.members import Visitor
from handlers.registration import Registrar


async def identify(update: Update, ctx: CoopContext) -> None:
    user = update.effective_user
    chat = update.effective_chat
    if user is None or user.is_bot:
        raise ApplicationHandlerStop  # channel posts, other bots: not for us
    if chat is not None and chat.type != "private":
        raise ApplicationHandlerStop  # the bot talks to people one to one
    visitor = Visitor(
        platform=ctx.platform.name,
        user_id=user.id,
        chat_id=chat.id if chat else None,
        first_name=user.first_name or None,
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
    )
    member = await ctx.services.members.seen(visitor)
    ctx.member = member
    ctx.locale = ctx.services.members.locale(member)


def register(r: Registrar) -> None:
    r.add(TypeHandler(Update, identify), group=-1)
