"""/nominations: the monthly list to TVTO, for staff and admins only.

Every command AND every button press checks the presser's role on the server; a member gets a
polite refusal and nothing changes. Callback data (`nom:...`):
- `nom:home`                       overview (freezes a month whose cut-off has passed)
- `nom:m:<month>`                  one month: counts per course, the actions its status allows
- `nom:c:<month>:<course>`         review one course's allocation
- `nom:mv:<entry>:<1|0>`           move a person in (1) or out (0): asks for the reason; placing
                                   one more of a cooperative at the month's cap warns first
- `nom:mvc:<entry>`                place over the cooperative cap (after the warning)
- `nom:ap:<month>` / `nom:apok:<month>`    approve (with a confirmation step)
- `nom:x:<month>` / `nom:csv:<month>`      export XLSX / CSV
- `nom:snt:<month>` / `nom:sntok:<month>`  mark the list sent to TVTO
- `nom:cf:<month>`, `nom:cf1:<month>:<registration>`, `nom:cfa:<month>`   mark TVTO-confirmed
- `nom:rj:<month>:<registration>`   TVTO did not take this person: asks for TVTO's reason
"""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.chat import callbacks, keyboards, sender
from bot.chat.context import CoopContext
from bot.chat.menu import ROLES_STAFF, Command, MenuEntry, Registry
from bot.chat.replies import answer, chat_id_of, reply, show, stale
from bot.persian.jalali import format_datetime, month_label
from bot.persian.normalize import normalize_text, to_persian_digits
from bot.services.exports import nominees_csv, nominees_xlsx
from bot.services.nomination import ListEntry, NominationEntry
from bot.services.nomination_texts import (
    MONTH_STATUS_KEYS,
    MOVE_KEYS,
    REASON_KEYS,
    REJECT_KEYS,
    STEP_KEYS,
)
from handlers.authz import staff_now
from handlers.text_router import reason_problem, typed_text
from storage.chat_states import ChatState

FEATURE = "nom"
FLOW = "nomination"

# What the buttons may ask (each but `home` names a month or an entry); anything else is an old
# or forged button.
MONTH_ACTIONS = frozenset(
    {"m", "c", "mv", "mvc", "ap", "apok", "x", "csv", "snt", "sntok", "cf", "cf1", "cfa", "rj"}
)


def cb(action: str, *args: object) -> str:
    return callbacks.encode(FEATURE, action, *args)


def score_text(score: float, locale: str) -> str:
    """A need score with at most one decimal: «۷٫۵» / "7.5"."""
    text = f"{round(score, 1):g}"
    return to_persian_digits(text.replace(".", "٫")) if locale == "fa" else text


async def refuse(update: Update, ctx: CoopContext) -> None:
    if update.callback_query is not None:
        await answer(update.callback_query, ctx.t("nomination-refused"), alert=True)
    else:
        await reply(update, ctx, ctx.t("nomination-refused"))


# --- screens -------------------------------------------------------------------------------------


async def overview(update: Update, ctx: CoopContext) -> None:
    service = ctx.services.nomination
    await service.freeze_due()
    info = await service.overview()
    text = ctx.t(
        "nomination-overview",
        month=month_label(*info.collecting, ctx.locale),
        cutoff=format_datetime(info.cutoff, ctx.locale),
        waiting=info.waiting,
    )
    rows = [
        [
            (
                ctx.t(
                    "nomination-month-button",
                    month=month_label(m.year, m.month, ctx.locale),
                    status=ctx.t(MONTH_STATUS_KEYS[m.status]),
                ),
                cb("m", m.id),
            )
        ]
        for m in info.months
    ]
    review = next((m for m in info.months if m.status == "frozen"), None)
    if info.in_review and review is not None:
        month = month_label(review.year, review.month, ctx.locale)
        text = f"{text}\n{ctx.t('nomination-overview-review', month=month, count=info.in_review)}"
    if not info.months:
        text = f"{text}\n{ctx.t('nomination-none')}"
    if info.waiting:
        month = month_label(*info.collecting, ctx.locale)
        rows.insert(0, [(ctx.t("nomination-preview-button", month=month), cb("pv"))])
    await show(update, ctx, text, keyboards.inline(rows) if rows else None)


PREVIEW_LINES = 30  # courses listed in the preview; the rest are counted
PREVIEW_PEOPLE = 10  # people named per course in the preview, by rank; the rest are counted


def entry_line(ctx: CoopContext, entry: ListEntry, name: str) -> str:
    """«ردیف ۱. زهرا محمدی — امتیاز نیاز ۷٫۵ — جای گرفت»: one person of a list, by rank."""
    if isinstance(entry, NominationEntry) and entry.rejected_at is not None:  # not a preview's
        state = ctx.t("nomination-rejected", reason=entry.rejection_reason or "—")
    elif entry.placed:
        state = ctx.t("nomination-placed")
    else:
        reason = ctx.t(REASON_KEYS.get(entry.reason or "seats", REASON_KEYS["seats"]))
        state = ctx.t("nomination-unplaced", reason=reason)
    return ctx.t(
        "nomination-entry",
        rank=entry.rank,
        name=name,
        score=score_text(entry.need_score, ctx.locale),
        state=state,
    )


async def preview_screen(update: Update, ctx: CoopContext) -> None:
    """The open month's list as it would be if it closed now: per course, placed of requests."""
    service = ctx.services.nomination
    lines = await service.preview()
    info = await service.overview()
    text = [
        ctx.t(
            "nomination-preview-title",
            month=month_label(*info.collecting, ctx.locale),
            cutoff=format_datetime(info.cutoff, ctx.locale),
        ),
        "",
    ]
    shown = lines[:PREVIEW_LINES]
    names = await service.names(
        sorted({e.member_id for line in shown for e in line.people[:PREVIEW_PEOPLE]})
    )
    for line in shown:
        text.append(
            ctx.t(
                "nomination-preview-line",
                title=line.course.title(ctx.locale),
                placed=line.placed,
                requests=line.requests,
            )
        )
        for entry in line.people[:PREVIEW_PEOPLE]:
            text.append(entry_line(ctx, entry, names[entry.member_id]))
        if len(line.people) > PREVIEW_PEOPLE:
            more = len(line.people) - PREVIEW_PEOPLE
            text.append(ctx.t("nomination-preview-more-people", count=more))
    if len(lines) > PREVIEW_LINES:
        text.append(ctx.t("nomination-preview-more", count=len(lines) - PREVIEW_LINES))
    if not lines:
        text.append(ctx.t("nomination-preview-empty"))
    back = keyboards.inline([[(ctx.t("nomination-button-back"), cb("home"))]])
    await show(update, ctx, "\n".join(text), back)


async def month_screen(update: Update, ctx: CoopContext, month_id: int, note: str = "") -> None:
    view = await ctx.services.nomination.view(month_id)
    if view is None:
        await overview(update, ctx)
        return
    month = view.month
    lines = [
        ctx.t(
            "nomination-month-title",
            month=month_label(month.year, month.month, ctx.locale),
            status=ctx.t(MONTH_STATUS_KEYS[month.status]),
            cutoff=format_datetime(month.cutoff_at, ctx.locale),
            cap=month.coop_cap,
            placed=view.placed_count,
            unplaced=view.unplaced_count,
        )
    ]
    if view.rejected_count:
        lines.append(ctx.t("nomination-month-rejected", count=view.rejected_count))
    rows: list[list[keyboards.Button]] = []
    for allocation in view.courses:
        title = allocation.course.title(ctx.locale)
        lines.append(
            ctx.t(
                "nomination-course-line",
                title=title,
                placed=len(allocation.placed),
                unplaced=len(allocation.unplaced),
            )
        )
        rows.append([(title, cb("c", month.id, allocation.course.id))])
    if month.status == "frozen":
        rows.append([(ctx.t("nomination-button-approve"), cb("ap", month.id))])
    if month.status in ("frozen", "approved", "sent", "confirmed"):
        rows.append(
            [
                (ctx.t("nomination-button-xlsx"), cb("x", month.id)),
                (ctx.t("nomination-button-csv"), cb("csv", month.id)),
            ]
        )
    if month.status == "approved":
        rows.append([(ctx.t("nomination-button-sent"), cb("snt", month.id))])
    if month.status == "sent":
        rows.append([(ctx.t("nomination-button-confirm"), cb("cf", month.id))])
    rows.append([(ctx.t("nomination-button-back"), cb("home"))])
    text = "\n".join(lines)
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


async def course_screen(update: Update, ctx: CoopContext, month_id: int, course_id: int) -> None:
    service = ctx.services.nomination
    view = await service.view(month_id)
    allocation = next((a for a in view.courses if a.course.id == course_id), None) if view else None
    if view is None or allocation is None:
        await month_screen(update, ctx, month_id)
        return
    entries = sorted(allocation.placed + allocation.unplaced, key=lambda e: e.rank)
    names = await service.names([e.member_id for e in entries])
    frozen = view.month.status == "frozen"
    lines = [ctx.t("nomination-review-title", title=allocation.course.title(ctx.locale))]
    rows: list[list[keyboards.Button]] = []
    for entry in entries:
        lines.append(entry_line(ctx, entry, names[entry.member_id]))
        if frozen:
            label_key = "nomination-button-unplace" if entry.placed else "nomination-button-place"
            rows.append(
                [
                    (
                        ctx.t(label_key, rank=entry.rank),
                        cb("mv", entry.id, 0 if entry.placed else 1),
                    )
                ]
            )
    rows.append([(ctx.t("nomination-button-back"), cb("m", month_id))])
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def ask_reason(
    update: Update, ctx: CoopContext, entry_id: int, placed: bool, over_cap: bool = False
) -> None:
    member = ctx.require_member()
    service = ctx.services.nomination
    entry = await service.entry(entry_id)
    if entry is None:
        await overview(update, ctx)
        return
    if placed and not over_cap:
        same = await service.cap_reached(entry_id)
        if same:  # one more of this cooperative would pass the cap: warn, ask to confirm
            month = await service.month(entry.month_id)
            question = ctx.t(
                "nomination-over-cap-question",
                rank=entry.rank,
                count=same,
                cap=month.coop_cap if month else same,
            )
            markup = keyboards.inline(
                [
                    [(ctx.t("nomination-button-over-cap"), cb("mvc", entry_id))],
                    [(ctx.t("nomination-button-back"), cb("c", entry.month_id, entry.course_id))],
                ]
            )
            await show(update, ctx, question, markup)
            return
    data = {"entry": entry_id, "placed": placed, "month": entry.month_id, "over_cap": over_cap}
    await ctx.services.chat_state.set(member.id, FLOW, "reason", data)
    await reply(update, ctx, ctx.t("nomination-ask-reason"))


async def ask_rejection(update: Update, ctx: CoopContext, month_id: int, reg_id: int) -> None:
    """TVTO did not take one person: ask for TVTO's reason (it is told to the person)."""
    member = ctx.require_member()
    sent = await ctx.services.nomination.sent_registrations(month_id)
    found = next((r for r, _ in sent if r.id == reg_id), None)
    if found is None:  # answered already, or an old button
        await confirm_screen(update, ctx, month_id, ctx.t("nomination-not-waiting"))
        return
    name = (await ctx.services.nomination.names([found.member_id]))[found.member_id]
    data = {"month": month_id, "registration": reg_id}
    await ctx.services.chat_state.set(member.id, FLOW, "reject", data)
    await reply(update, ctx, ctx.t("nomination-ask-rejection", name=name))


async def on_reason(update: Update, ctx: CoopContext, state: ChatState) -> None:
    member = ctx.require_member()
    if not await staff_now(ctx):
        await ctx.services.chat_state.clear(member.id, FLOW)
        await refuse(update, ctx)
        return
    rejecting = state.step == "reject"
    typed = typed_text(update.effective_message)
    note = reason_problem(ctx, typed)
    if note is not None:  # ask again; nothing changes
        again = ctx.t("nomination-ask-rejection-again" if rejecting else "nomination-ask-reason")
        await reply(update, ctx, f"{note}\n{again}")
        return
    await ctx.services.chat_state.clear(member.id, FLOW)
    data = state.data
    if rejecting:
        month_id = int(data["month"])
        result = await ctx.services.nomination.reject(
            month_id,
            int(data["registration"]),
            actor_id=member.id,
            reason=normalize_text(typed),
        )
        await confirm_screen(update, ctx, month_id, ctx.t(REJECT_KEYS[result]))
        return
    moved = await ctx.services.nomination.move(
        int(data["entry"]),
        placed=bool(data["placed"]),
        actor_id=member.id,
        reason=normalize_text(typed),
        over_cap=bool(data.get("over_cap")),
    )
    await month_screen(update, ctx, int(data["month"]), ctx.t(MOVE_KEYS[moved]))


async def confirm_step(
    update: Update, ctx: CoopContext, month_id: int, question_key: str, yes: str
) -> None:
    markup = keyboards.inline(
        [
            [(ctx.t("nomination-button-yes"), yes)],
            [(ctx.t("nomination-button-back"), cb("m", month_id))],
        ]
    )
    await show(update, ctx, ctx.t(question_key), markup)


async def export(update: Update, ctx: CoopContext, month_id: int, kind: str) -> None:
    service = ctx.services.nomination
    month = await service.month(month_id)
    if month is None:
        await overview(update, ctx)
        return
    fmt = "xlsx" if kind == "x" else "csv"
    rows = await service.export_rows(
        month_id, locale="fa", exported_by=ctx.require_member().id, fmt=fmt
    )
    label = month_label(month.year, month.month, "fa")
    stem = f"nominees-{month.year}-{month.month:02d}"
    # A big month takes seconds to write: off the event loop, so the bot keeps answering.
    if kind == "x":
        data = await asyncio.to_thread(nominees_xlsx, rows, sheet_title=label)
        filename = f"{stem}.xlsx"
    else:
        data, filename = await asyncio.to_thread(nominees_csv, rows), f"{stem}.csv"
    caption = ctx.t(
        "nomination-export-caption",
        month=month_label(month.year, month.month, ctx.locale),
        count=len(rows),
    )
    await sender.send_document(ctx.bot, chat_id_of(update), data, filename, caption)


async def confirm_screen(update: Update, ctx: CoopContext, month_id: int, note: str = "") -> None:
    sent = await ctx.services.nomination.sent_registrations(month_id)
    names = await ctx.services.nomination.names([r.member_id for r, _ in sent])
    rows = [
        [
            (
                f"{names[r.member_id]} — {course.title(ctx.locale)}",
                cb("cf1", month_id, r.id),
            ),
            (ctx.t("nomination-button-reject"), cb("rj", month_id, r.id)),
        ]
        for r, course in sent
    ]
    if sent:
        rows.append([(ctx.t("nomination-button-confirm-all"), cb("cfa", month_id))])
    rows.append([(ctx.t("nomination-button-back"), cb("m", month_id))])
    text = ctx.t("nomination-confirm-title") if sent else ctx.t("nomination-confirm-empty")
    await show(update, ctx, f"{note}\n\n{text}" if note else text, keyboards.inline(rows))


# --- routing -------------------------------------------------------------------------------------


async def command(update: Update, ctx: CoopContext) -> None:
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    await overview(update, ctx)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    data = callbacks.parse(query.data)
    action = data.action if data else ""
    first = data.int_arg(0) if data else None
    second = data.int_arg(1) if data else None
    if not (action in ("home", "pv") or (action in MONTH_ACTIONS and first is not None)):
        await stale(update, ctx)
        return
    member = ctx.require_member()
    service = ctx.services.nomination
    if action in ("x", "csv") and first is not None:
        await answer(query)
        await export(update, ctx, first, action)
        return
    await answer(query)
    if action == "pv":
        await preview_screen(update, ctx)
    elif first is None:
        await overview(update, ctx)
    elif action == "m":
        await month_screen(update, ctx, first)
    elif action == "c" and second is not None:
        await course_screen(update, ctx, first, second)
    elif action == "mv" and second in (0, 1):
        await ask_reason(update, ctx, first, placed=second == 1)
    elif action == "mvc":
        await ask_reason(update, ctx, first, placed=True, over_cap=True)
    elif action == "ap":
        await confirm_step(update, ctx, first, "nomination-approve-question", cb("apok", first))
    elif action == "apok":
        result = await service.approve(first, actor_id=member.id)
        await month_screen(update, ctx, first, ctx.t(STEP_KEYS[result]))
    elif action == "snt":
        await confirm_step(update, ctx, first, "nomination-sent-question", cb("sntok", first))
    elif action == "sntok":
        result = await service.mark_sent(first, actor_id=member.id)
        await month_screen(update, ctx, first, ctx.t(STEP_KEYS[result]))
    elif action == "cf":
        await confirm_screen(update, ctx, first)
    elif action == "cf1" and second is not None:
        n = await service.confirm(first, actor_id=member.id, registration_ids=[second])
        await confirm_screen(update, ctx, first, ctx.t("nomination-confirmed", count=n))
    elif action == "rj" and second is not None:
        await ask_rejection(update, ctx, first, second)
    elif action == "cfa":
        n = await service.confirm(first, actor_id=member.id)
        await confirm_screen(update, ctx, first, ctx.t("nomination-confirmed", count=n))
    else:
        await overview(update, ctx)


async def freeze_job(context: CoopContext) -> None:
    """Periodic: freeze the month whose cut-off has just passed (once; safe in any process)."""
    await context.application.bot_data["services"].nomination.freeze_due()


def register(app: Application, registry: Registry) -> None:
    registry.add_menu(MenuEntry("nomination-menu", cb("home"), ROLES_STAFF))
    registry.add_command(Command("nominations", "cmd-nominations", ROLES_STAFF))
    registry.add_flow(FLOW, on_reason)
    app.add_handler(CommandHandler("nominations", command))
    app.add_handler(CallbackQueryHandler(on_callback, pattern=callbacks.pattern(FEATURE)))
    if app.job_queue is not None:
        app.job_queue.run_repeating(freeze_job, interval=300, first=90, name="nominations")
