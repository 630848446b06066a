"""/reminders (turn reminder kinds on and off) and the buttons under session reminders.

Callback data (`rem:...`, re-checked on every press):
- `rem:menu`                             the settings screen (from the main menu's settings)
- `rem:tog:<kind>`                       turn a kind on/off
- `rem:att:<reg>:<yes|no>:<session>`     «شرکت می‌کنم» / «نمی‌توانم بیایم» (session: UTC start)
- `rem:wd:<reg>` / `rem:keep:<reg>`      confirm / take back "can't come" to the course start
"""

from __future__ import annotations

from typing import Any

from telegram import Message, Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, show, stale
from bot.persian.jalali import format_datetime
from bot.services.reminders import AttendanceAnswer
from handlers.features import Feature
from handlers.registration import Registrar

KIND_KEYS = {
    "session": "reminders-kind-session",
    "course": "reminders-kind-course",
    "assessment": "reminders-kind-assessment",
    "staff": "reminders-kind-staff",
}


def _title(ctx: CoopContext, course: Any) -> str:
    return course.title(ctx.locale) if course is not None else ""


async def _settings_screen(update: Update, ctx: CoopContext, note: str | None = None) -> None:
    member = ctx.require_member()
    prefs = await ctx.services.reminders.preferences(member.id, member.role)
    rows = []
    for kind, enabled in prefs.items():
        name = ctx.t(KIND_KEYS[kind])
        text = (
            ctx.t("reminders-state-on", kind=name)
            if enabled
            else ctx.t("reminders-state-off", kind=name)
        )
        rows.append([(text, callbacks.encode(Feature.REMINDERS, "tog", kind))])
    rows.append([(ctx.t("reminders-back"), callbacks.encode(Feature.MAIN_MENU, "main"))])
    body = ctx.t("reminders-settings")
    await show(update, ctx, f"{note}\n\n{body}" if note else body, keyboards.inline(rows))


async def settings_command(update: Update, ctx: CoopContext) -> None:
    await _settings_screen(update, ctx)


async def _toggle(update: Update, ctx: CoopContext, kind: str | None) -> None:
    member = ctx.require_member()
    prefs = await ctx.services.reminders.preferences(member.id, member.role)
    if kind not in prefs:  # unknown, or a staff kind pressed by someone who is not staff
        await stale(update, ctx)
        return
    await ctx.services.reminders.set_preference(member.id, kind, not prefs[kind])
    await answer(update.callback_query, ctx.t("reminders-saved"))
    await _settings_screen(update, ctx)


def _original_text(update: Update) -> str:
    message = update.callback_query.message
    return message.text or "" if isinstance(message, Message) else ""


async def _attendance(update: Update, ctx: CoopContext, data: callbacks.Callback) -> None:
    query = update.callback_query
    member = ctx.require_member()
    registration_id = data.int_arg(0)
    if registration_id is None:
        await answer(query, ctx.t("reminders-invalid"), alert=True)
        return
    result: AttendanceAnswer = await ctx.services.reminders.answer_attendance(
        member.id, registration_id, data.arg(2) or "", data.arg(1) or ""
    )
    if result.status in ("invalid", "past"):
        key = "reminders-past" if result.status == "past" else "reminders-invalid"
        await answer(query, ctx.t(key), alert=True)
        return
    await answer(query)
    assert result.session_at is not None
    start = format_datetime(result.session_at, ctx.locale)
    if result.status == "confirm_withdraw":
        buttons = keyboards.column(
            [
                (
                    ctx.t("reminders-withdraw-yes"),
                    callbacks.encode(Feature.REMINDERS, "wd", registration_id),
                ),
                (
                    ctx.t("reminders-withdraw-keep"),
                    callbacks.encode(Feature.REMINDERS, "keep", registration_id),
                ),
            ]
        )
        text = ctx.t("reminders-withdraw-confirm", title=_title(ctx, result.course))
        await show(update, ctx, text, buttons)
        return
    key = "reminders-attend-thanks" if result.status == "yes" else "reminders-attend-noted"
    note = ctx.t(key, start=start)
    original = _original_text(update)
    await show(update, ctx, f"{original}\n\n{note}" if original else note)


async def _withdraw(update: Update, ctx: CoopContext, registration_id: int | None) -> None:
    query = update.callback_query
    member = ctx.require_member()
    if registration_id is None:
        await answer(query, ctx.t("reminders-invalid"), alert=True)
        return
    result = await ctx.services.reminders.withdraw(member.id, registration_id)
    if result.status == "invalid":
        await answer(query, ctx.t("reminders-invalid"), alert=True)
        return
    if result.status == "unavailable":
        await answer(query, ctx.t("reminders-unavailable"), alert=True)
        return
    await answer(query)
    if result.status == "withdrawn":
        await show(update, ctx, ctx.t("reminders-withdrawn", title=_title(ctx, result.course)))
    else:
        await show(update, ctx, ctx.t("reminders-withdraw-too-late"))


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    if data is None:
        await stale(update, ctx)
    elif data.action == "menu":  # from «تنظیمات و حریم خصوصی» in the main menu
        await answer(query)
        await _settings_screen(update, ctx)
    elif data.action == "tog":
        await _toggle(update, ctx, data.arg(0))
    elif data.action == "att":
        await _attendance(update, ctx, data)
    elif data.action == "wd":
        await _withdraw(update, ctx, data.int_arg(0))
    elif data.action == "keep":
        await answer(query)
        await show(update, ctx, ctx.t("reminders-kept"))
    else:
        await stale(update, ctx)


def register(r: Registrar) -> None:
    r.command("reminders", settings_command, "cmd-reminders")
    r.buttons(Feature.REMINDERS, on_callback)
