"""/closemonth, only in `coopbot demo --staff`: the monthly cut-off now, instead of waiting for
NOMINATION_CUTOFF_DAY, so /nominations has a list to review, approve and export.

Admins only, checked on the server at every use (a member or staff member gets the polite
refusal). The command exists only when the application was built for the demo
(`bot_data["demo"]`): `coopbot run` never has it.
"""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CoopContext
from bot.chat.replies import reply
from bot.persian.jalali import month_label
from bot.services.demo import close_month_now
from handlers.registration import Registrar


async def close_month(update: Update, ctx: CoopContext) -> None:
    assert ctx.member is not None  # the admin guard read it
    (year, month), frozen = await close_month_now(ctx.services.nomination, ctx.member)
    key = "demo-month-closed" if frozen is not None else "demo-month-closed-already"
    await reply(update, ctx, ctx.t(key, month=month_label(year, month, ctx.locale)))


def register(r: Registrar) -> None:
    if r.app.bot_data.get("demo"):
        r.command("closemonth", close_month, "demo-closemonth-cmd", role="admin")
