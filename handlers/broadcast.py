"""/broadcast: staff write an announcement, choose who gets it, preview it, send or schedule it.

Staff and admins only: the command AND every button press re-check the presser's role on the
server (and the service checks it again); a member gets a polite refusal and nothing changes.
Buttons name the broadcast; its current status is re-checked on every press (a scheduled one can
be edited until it starts; a started one cannot).

Typed input, with the chat state (flow "broadcast"): step `compose` (the message itself: text,
photo, document or video; every message reaches the flow through handlers/text_router.py),
`when` (the schedule: a Jalali date and a Tehran time), `from` / `to` (a date range). A message
a step cannot take gets that step's question again, and nothing changes.
Callback data `bc:<action>:<broadcast id>[:<arg>]`:
- `bc:new:0`, `bc:tpl:0:<template>`          compose; start from a prepared template
- `bc:aud:<id>`, `bc:clr:<id>`                the audience screen; remove every filter
- `bc:plat:<id>`                              messenger: all → Telegram → Bale → all
- `bc:kinds:<id>`, `bc:kind:<id>:<kind>`      kinds of cooperative (toggles)
- `bc:prov:<id>`, `bc:pv:<id>:<province|->`, `bc:ct:<id>:<county|->`     province and county
- `bc:crs:<id>:<page>`, `bc:cs:<id>:<course|->`, `bc:grp:<id>:<group>`   course and its people
- `bc:tops:<id>`, `bc:tp:<id>:<topic>`        need topics (toggles)
- `bc:unf:<id>`                               unfinished assessment (toggle)
- `bc:rng:<id>`, `bc:rg:<id>:<7|30|type|clear>`  when people joined the bot
- `bc:prev:<id>`                              preview: the message copied back exactly
- `bc:next:<id>`, `bc:urg:<id>`               confirm screen; urgent on/off
- `bc:now:<id>`, `bc:sch:<id>`                send now (the screen becomes the live status
                                              message); schedule (asks for the time)
- `bc:stop:<id>`                              Stop: every pending message is cancelled
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.background.broadcast_progress import progress_markup, progress_text
from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.menu import ROLES_STAFF, Command, MenuEntry, Registry
from bot.chat.replies import answer, chat_id_of, reply, show, stale
from bot.core.i18n import as_written
from bot.persian.jalali import (
    format_date,
    format_date_numeric,
    format_datetime,
    format_time,
    tehran_today,
)
from bot.persian.normalize import looks_empty
from bot.services.broadcast import (
    COURSE_GROUPS,
    TEMPLATES,
    Audience,
    Broadcast,
    NotAllowed,
    parse_when,
    range_start,
)
from bot.services.topics import TOPICS, topic_key
from handlers.authz import staff_now
from handlers.text_router import typed_text, unreadable_note
from storage.chat_states import ChatState

FEATURE = "bc"
FLOW = "broadcast"
EDITABLE = ("draft", "scheduled")
COURSES_PER_PAGE = 8
PLATFORM_CYCLE = (None, "telegram", "bale")

PLATFORM_KEYS = {
    "telegram": "broadcast-platform-telegram",  # i18n
    "bale": "broadcast-platform-bale",  # i18n
}
GROUP_KEYS = {
    "registrants": "broadcast-group-registrants",  # i18n
    "waitlist": "broadcast-group-waitlist",  # i18n
    "nominees": "broadcast-group-nominees",  # i18n
}
MEDIA = ("photo", "video", "document")


def schedule_example(ctx: CoopContext) -> str:
    """Tomorrow at 10:30 as a person types it («۱۴۰۴/۰۸/۲۶ ساعت ۱۰:۳۰»): always in the future."""
    tomorrow = tehran_today(ctx.services.clock.now()) + timedelta(days=1)
    date_text = format_date_numeric(tomorrow, ctx.locale)
    return ctx.t("broadcast-schedule-example", date=date_text, time=ctx.digits("10:30"))
# Steps that take typed text, and what they ask for.
TYPED_PROMPTS = {
    "when": "broadcast-schedule-ask",  # i18n
    "from": "broadcast-range-ask-from",  # i18n
    "to": "broadcast-range-ask-to",  # i18n
}


def cb(action: str, *args: object) -> str:
    return callbacks.encode(FEATURE, action, *args)


async def refuse(update: Update, ctx: CoopContext) -> None:
    if update.callback_query is not None:
        await answer(update.callback_query, ctx.t("broadcast-not-allowed"), alert=True)
    else:
        await reply(update, ctx, ctx.t("broadcast-not-allowed"))


def mark(on: bool, label: str) -> str:
    return f"✅ {label}" if on else label


def joined(ctx: CoopContext, items: list[str]) -> str:
    return (", " if ctx.locale == "en" else "، ").join(items)


def platform_name(ctx: CoopContext, platform: str | None) -> str:
    if platform is None:
        return ctx.t("broadcast-platform-all")
    return ctx.t(PLATFORM_KEYS[platform]) if platform in PLATFORM_KEYS else platform


def coop_kinds(ctx: CoopContext) -> list[tuple[str, str]]:
    """(id, label) of the kinds of cooperative the questionnaire offers."""
    question = ctx.services.assessment.questionnaire.by_field("coop.kind")
    if question is None:
        return []
    return [(o.id, o.text.get(ctx.locale)) for o in question.choices()]


def place_name(ctx: CoopContext, province: str, county: str | None = None) -> str:
    places = ctx.services.assessment.questionnaire.places
    found = places.province(province)
    name = found.name(ctx.locale) if found else province
    if county is None:
        return name
    return joined(ctx, [county_name(ctx, province, county), name])


def county_name(ctx: CoopContext, province: str, county: str) -> str:
    place = ctx.services.assessment.questionnaire.places.county(province, county)
    return place.name(ctx.locale) if place else county


async def audience_lines(ctx: CoopContext, a: Audience) -> list[str]:
    """The audience in words, one line per filter (also used by /broadcasts)."""
    if a.is_everyone():
        return [ctx.t("broadcast-audience-everyone")]
    t = ctx.t
    lines = []
    if a.platform:
        lines.append(t("broadcast-audience-platform", value=platform_name(ctx, a.platform)))
    if a.coop_kinds:
        labels = dict(coop_kinds(ctx))
        value = joined(ctx, [labels.get(k, k) for k in a.coop_kinds])
        lines.append(t("broadcast-audience-kinds", value=value))
    if a.province:
        lines.append(t("broadcast-audience-place", value=place_name(ctx, a.province, a.county)))
    if a.course_id is not None:
        course = await ctx.services.broadcast.course(a.course_id)
        title = course.title(ctx.locale) if course else ctx.digits(a.course_id)
        groups = joined(ctx, [t(GROUP_KEYS[g]) for g in a.course_groups or ("registrants",)])
        lines.append(t("broadcast-audience-course", title=title, value=groups))
    if a.topics:
        value = joined(ctx, [t(topic_key(topic)) for topic in a.topics])
        lines.append(t("broadcast-audience-topics", value=value))
    if a.unfinished_assessment:
        lines.append(t("broadcast-audience-unfinished"))
    if a.registered_since or a.registered_before:
        since = format_date(a.registered_since, ctx.locale) if a.registered_since else None
        # registered_before is the first instant after the range: show the day before it
        until = (
            format_date(a.registered_before - timedelta(seconds=1), ctx.locale)
            if a.registered_before
            else None
        )
        if since and until:
            value = t("broadcast-audience-between", **{"from": since, "to": until})
        elif since:
            value = t("broadcast-audience-since", **{"from": since})
        else:
            value = t("broadcast-audience-until", to=until)
        lines.append(t("broadcast-audience-range", value=value))
    return lines


# --- loading what a button names ---------------------------------------------------------------


async def editable(update: Update, ctx: CoopContext, data: callbacks.Callback) -> Broadcast | None:
    """The broadcast a button names, if it can still be changed; otherwise say so."""
    broadcast_id = data.int_arg(0)
    b = await ctx.services.broadcast.get(broadcast_id) if broadcast_id else None
    if b is None or b.status not in EDITABLE:
        await answer(update.callback_query, ctx.t("broadcast-gone"), alert=True)
        return None
    return b


async def change(update: Update, ctx: CoopContext, b: Broadcast, **filters) -> Broadcast | None:
    updated = await ctx.services.broadcast.set_audience(
        ctx.require_member().id, b.id, b.audience.model_copy(update=filters)
    )
    if updated is None:
        await answer(update.callback_query, ctx.t("broadcast-gone"), alert=True)
    return updated


def toggled(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else (*values, value)


# --- screens -----------------------------------------------------------------------------------


async def compose(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    await ctx.services.chat_state.set(member.id, FLOW, "compose", {})
    rows = [[(ctx.t(label), cb("tpl", 0, template))] for template, (label, _) in TEMPLATES.items()]
    rows.append([(ctx.t("broadcast-quit"), cb("quit", 0))])
    await reply(update, ctx, ctx.t("broadcast-compose"), keyboards.inline(rows))


async def audience_screen(
    update: Update, ctx: CoopContext, b: Broadcast, *, new: bool = False
) -> None:
    """Who gets it: the filters in words, the count, notes on messengers, toggle buttons.
    Edits the pressed message, or (`new`, or after typed input) sends a new one."""
    service = ctx.services.broadcast
    a = b.audience
    lines = [ctx.t("broadcast-audience-title", id=b.id)]
    lines += [f"• {line}" for line in await audience_lines(ctx, a)]
    lines.append(ctx.t("broadcast-audience-count", count=await service.count(a, b.only_platform)))
    if b.kind != "template":
        for platform, n in (await service.count_by_platform(a)).items():
            if platform == b.platform or not n:
                continue
            key = "broadcast-media-one-platform" if b.only_platform else "broadcast-relay-note"
            lines.append(ctx.t(key, count=n, platform=platform_name(ctx, platform)))
    lines.append(ctx.t("broadcast-audience-blocked-note"))
    t = ctx.t
    rows = [
        [(t("broadcast-btn-platform", value=platform_name(ctx, a.platform)), cb("plat", b.id))],
        [
            (mark(bool(a.coop_kinds), t("broadcast-btn-kinds")), cb("kinds", b.id)),
            (mark(bool(a.province), t("broadcast-btn-place")), cb("prov", b.id)),
        ],
        [
            (mark(a.course_id is not None, t("broadcast-btn-course")), cb("crs", b.id, 0)),
            (mark(bool(a.topics), t("broadcast-btn-topics")), cb("tops", b.id)),
        ],
        [
            (mark(a.unfinished_assessment, t("broadcast-btn-unfinished")), cb("unf", b.id)),
            (
                mark(bool(a.registered_since or a.registered_before), t("broadcast-btn-range")),
                cb("rng", b.id),
            ),
        ],
    ]
    if not a.is_everyone():
        rows.append([(t("broadcast-btn-clear"), cb("clr", b.id))])
    rows.append(
        [
            (t("broadcast-btn-preview"), cb("prev", b.id)),
            (t("broadcast-btn-next"), cb("next", b.id)),
        ]
    )
    rows.append([back_or_quit(ctx, b)])
    present = reply if new else show
    await present(update, ctx, "\n".join(lines), keyboards.inline(rows))


def back_or_quit(ctx: CoopContext, b: Broadcast) -> tuple[str, str]:
    """A draft can be dropped; a scheduled broadcast goes back to its page in /broadcasts."""
    if b.status == "scheduled":
        return ctx.t("broadcast-btn-back"), callbacks.encode("bcs", "open", b.id)
    return ctx.t("broadcast-quit"), cb("quit", b.id)


def back(ctx: CoopContext, b: Broadcast) -> list[tuple[str, str]]:
    return [(ctx.t("broadcast-btn-back"), cb("aud", b.id))]


async def kinds_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    chosen = b.audience.coop_kinds
    buttons = [(mark(k in chosen, label), cb("kind", b.id, k)) for k, label in coop_kinds(ctx)]
    rows = [*keyboards.grid(buttons, 2), back(ctx, b)]
    await show(update, ctx, ctx.t("broadcast-kinds-title"), keyboards.inline(rows))


async def provinces_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    found = await ctx.services.broadcast.provinces()
    if not found:
        await show(update, ctx, ctx.t("broadcast-place-none"), keyboards.inline([back(ctx, b)]))
        return
    current = b.audience.province
    buttons = [
        (mark(p == current, f"{place_name(ctx, p)} ({ctx.digits(n)})"), cb("pv", b.id, p))
        for p, n in found
    ]
    rows = [*keyboards.grid(buttons, 2), [(ctx.t("broadcast-place-any"), cb("pv", b.id, "-"))]]
    rows.append(back(ctx, b))
    await show(update, ctx, ctx.t("broadcast-place-title"), keyboards.inline(rows))


async def counties_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    province = b.audience.province
    assert province is not None
    found = await ctx.services.broadcast.counties(province)
    current = b.audience.county
    buttons = [
        (
            mark(c == current, f"{county_name(ctx, province, c)} ({ctx.digits(n)})"),
            cb("ct", b.id, c),
        )
        for c, n in found
    ]
    rows = [*keyboards.grid(buttons, 2), [(ctx.t("broadcast-county-any"), cb("ct", b.id, "-"))]]
    rows.append(back(ctx, b))
    text = ctx.t("broadcast-county-title", province=place_name(ctx, province))
    await show(update, ctx, text, keyboards.inline(rows))


async def courses_screen(update: Update, ctx: CoopContext, b: Broadcast, page: int) -> None:
    found = await ctx.services.broadcast.courses()
    if not found:
        await show(update, ctx, ctx.t("broadcast-course-none"), keyboards.inline([back(ctx, b)]))
        return
    pages = max(1, -(-len(found) // COURSES_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    chunk = found[page * COURSES_PER_PAGE : (page + 1) * COURSES_PER_PAGE]
    rows = [
        [(mark(c.id == b.audience.course_id, c.title(ctx.locale)), cb("cs", b.id, c.id))]
        for c in chunk
    ]
    nav = []
    if page > 0:
        nav.append(("«", cb("crs", b.id, page - 1)))
    if page < pages - 1:
        nav.append(("»", cb("crs", b.id, page + 1)))
    if nav:
        rows.append(nav)
    rows.append([(ctx.t("broadcast-course-any"), cb("cs", b.id, "-"))])
    rows.append(back(ctx, b))
    await show(update, ctx, ctx.t("broadcast-course-title"), keyboards.inline(rows))


async def groups_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    course = await ctx.services.broadcast.course(b.audience.course_id or 0)
    title = course.title(ctx.locale) if course else ""
    chosen = b.audience.course_groups
    rows = [[(mark(g in chosen, ctx.t(GROUP_KEYS[g])), cb("grp", b.id, g))] for g in COURSE_GROUPS]
    rows.append(back(ctx, b))
    await show(update, ctx, ctx.t("broadcast-course-groups", title=title), keyboards.inline(rows))


async def topics_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    chosen = b.audience.topics
    buttons = [(mark(t in chosen, ctx.t(topic_key(t))), cb("tp", b.id, t)) for t in TOPICS]
    rows = [*keyboards.grid(buttons, 2), back(ctx, b)]
    await show(update, ctx, ctx.t("broadcast-topics-title"), keyboards.inline(rows))


async def range_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    t = ctx.t
    rows = [
        [
            (t("broadcast-range-7"), cb("rg", b.id, 7)),
            (t("broadcast-range-30"), cb("rg", b.id, 30)),
        ],
        [(t("broadcast-range-type"), cb("rg", b.id, "type"))],
        [(t("broadcast-range-clear"), cb("rg", b.id, "clear"))],
        back(ctx, b),
    ]
    await show(update, ctx, t("broadcast-range-title"), keyboards.inline(rows))


async def confirm_screen(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    t = ctx.t
    settings = ctx.services.settings
    count = await ctx.services.broadcast.count(b.audience, b.only_platform)
    quiet = {
        "start": format_time(settings.quiet_hours_start, ctx.locale),
        "end": format_time(settings.quiet_hours_end, ctx.locale),
    }
    lines = [t("broadcast-confirm", id=b.id, count=count)]
    lines += [f"• {line}" for line in await audience_lines(ctx, b.audience)]
    lines.append(
        t("broadcast-confirm-urgent-on" if b.urgent else "broadcast-confirm-urgent-off", **quiet)
    )
    if b.status == "scheduled" and b.scheduled_at is not None:
        lines.append(
            t("broadcast-confirm-scheduled", when=format_datetime(b.scheduled_at, ctx.locale))
        )
    rows = []
    if count == 0:
        lines.append(t("broadcast-confirm-empty"))
    else:
        rows.append(
            [
                (t("broadcast-btn-now"), cb("now", b.id)),
                (t("broadcast-btn-schedule"), cb("sch", b.id)),
            ]
        )
        urgent = t("broadcast-btn-urgent-on" if b.urgent else "broadcast-btn-urgent-off")
        rows.append([(urgent, cb("urg", b.id))])
    rows.append(back(ctx, b))
    rows.append([back_or_quit(ctx, b)])
    await show(update, ctx, "\n".join(lines), keyboards.inline(rows))


async def preview(update: Update, ctx: CoopContext, b: Broadcast) -> None:
    chat_id = chat_id_of(update)
    if b.kind == "template" and b.template in TEMPLATES:
        _, key = TEMPLATES[b.template]
        await reply(update, ctx, ctx.t(key, day=ctx.services.settings.nomination_cutoff_day))
        note = ctx.t("broadcast-preview-template")
    elif b.platform == ctx.platform.name and b.source_chat_id and b.source_message_id:
        await ctx.bot.copy_message(
            chat_id=chat_id, from_chat_id=b.source_chat_id, message_id=b.source_message_id
        )
        note = ctx.t("broadcast-preview-note")
    else:
        await reply(update, ctx, as_written(b.body or "", ctx.locale))
        note = ctx.t("broadcast-preview-note")
    await reply(update, ctx, note)
    await audience_screen(update, ctx, b, new=True)  # below the preview, where the eyes are


# --- typed input -------------------------------------------------------------------------------


def kind_of(message: Message) -> str | None:
    if message.text:
        return "text"
    if message.photo:
        return "photo"
    if message.video:
        return "video"
    if message.document:
        return "document"
    return None


async def on_flow(update: Update, ctx: CoopContext, state: ChatState) -> None:
    member = ctx.require_member()
    if not await staff_now(ctx):
        await ctx.services.chat_state.clear(member.id, FLOW)
        await refuse(update, ctx)
        return
    message = update.effective_message
    data = dict(state.data or {})
    if state.step == "compose":
        await take_message(update, ctx, message)
        return
    b = await ctx.services.broadcast.get(int(data.get("id", 0)))
    if b is None or b.status not in EDITABLE:
        await ctx.services.chat_state.clear(member.id, FLOW)
        await reply(update, ctx, ctx.t("broadcast-gone"))
        return
    text = typed_text(message)
    prompt = TYPED_PROMPTS.get(state.step or "")
    if prompt is not None and (text is None or looks_empty(text)):  # ask again; nothing changes
        asked = ctx.t(prompt, example=schedule_example(ctx))
        await reply(update, ctx, f"{unreadable_note(ctx, text)}\n{asked}")
    elif state.step == "when":
        await take_when(update, ctx, b, text)
    elif state.step in ("from", "to"):
        await take_range(update, ctx, b, state.step, text, data)
    else:  # typed (or sent) while the buttons are expected: show them again
        await audience_screen(update, ctx, b)


async def take_message(update: Update, ctx: CoopContext, message: Message) -> None:
    """The compose step takes text, a photo, a video or a document; anything else (or a text
    with nothing to read in it) is answered with what it takes, and nothing is made."""
    member = ctx.require_member()
    kind = kind_of(message)
    if kind is None or (kind == "text" and looks_empty(message.text)):
        await reply(update, ctx, ctx.t("broadcast-compose-unsupported"))
        return
    b = await ctx.services.broadcast.create(
        member.id,
        platform=ctx.platform.name,
        kind=kind,
        chat_id=message.chat_id,
        message_id=message.message_id,
        body=message.text or message.caption or "",
    )
    await ctx.services.chat_state.set(member.id, FLOW, "audience", {"id": b.id})
    await audience_screen(update, ctx, b)


async def take_when(update: Update, ctx: CoopContext, b: Broadcast, text: str) -> None:
    member = ctx.require_member()
    service = ctx.services.broadcast
    at = parse_when(text)
    if at is None:
        await reply(update, ctx, ctx.t("broadcast-schedule-bad", example=schedule_example(ctx)))
        return
    if at <= ctx.services.clock.now():
        await reply(update, ctx, ctx.t("broadcast-schedule-past"))
        return
    scheduled = await service.schedule(member.id, b.id, at)
    await ctx.services.chat_state.clear(member.id, FLOW)
    if scheduled is None:
        await reply(update, ctx, ctx.t("broadcast-gone"))
        return
    count = await service.count(scheduled.audience, scheduled.only_platform)
    lines = [
        ctx.t(
            "broadcast-scheduled",
            id=b.id,
            when=format_datetime(at, ctx.locale),
            count=count,
        )
    ]
    starts = ctx.services.ledger.send_time(at, scheduled.urgent)
    if starts != at:
        lines.append(ctx.t("broadcast-scheduled-quiet", when=format_datetime(starts, ctx.locale)))
    await reply(update, ctx, "\n".join(lines))


async def take_range(
    update: Update, ctx: CoopContext, b: Broadcast, step: str, text: str, data: dict
) -> None:
    member = ctx.require_member()
    state = ctx.services.chat_state
    if step == "from":
        since = range_start(text)
        if since is None:
            await reply(update, ctx, ctx.t("broadcast-range-bad"))
            return
        await state.set(member.id, FLOW, "to", {"id": b.id, "from": since.isoformat()})
        await reply(update, ctx, ctx.t("broadcast-range-ask-to"))
        return
    since = datetime.fromisoformat(data["from"])
    if text.strip() in ("-", "—"):
        before = None
    else:
        last = range_start(text)
        if last is None:
            await reply(update, ctx, ctx.t("broadcast-range-bad"))
            return
        before = last + timedelta(days=1)
        if before <= since:
            await reply(update, ctx, ctx.t("broadcast-range-order"))
            return
    audience = b.audience.model_copy(
        update={"registered_since": since, "registered_before": before}
    )
    updated = await ctx.services.broadcast.set_audience(member.id, b.id, audience)
    await state.set(member.id, FLOW, "audience", {"id": b.id})
    if updated is None:
        await reply(update, ctx, ctx.t("broadcast-gone"))
        return
    await audience_screen(update, ctx, updated)


# --- buttons -----------------------------------------------------------------------------------


async def on_button(update: Update, ctx: CoopContext) -> None:
    query = update.callback_query
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    data = callbacks.parse(query.data)
    try:
        if data is not None and data.action in FREE:
            await FREE[data.action](update, ctx, data)
            return
        action = ACTIONS.get(data.action) if data is not None else None
        if action is None:
            await stale(update, ctx)
            return
        b = await editable(update, ctx, data)
        if b is not None:
            await action(update, ctx, b, data)
    except NotAllowed:  # the role was taken away between the check and the change
        await refuse(update, ctx)


async def refresh(update: Update, ctx: CoopContext, b: Broadcast | None, screen) -> None:
    """After a change: answer the press and show the screen again (`change` already said
    when the broadcast could not be changed)."""
    if b is not None:
        await answer(update.callback_query)
        await screen(update, ctx, b)


async def on_new(update: Update, ctx: CoopContext, data: callbacks.Callback) -> None:
    await answer(update.callback_query)
    await compose(update, ctx)


async def on_template(update: Update, ctx: CoopContext, data: callbacks.Callback) -> None:
    template = data.arg(1)
    if template not in TEMPLATES:
        await stale(update, ctx)
        return
    await answer(update.callback_query)
    member = ctx.require_member()
    b = await ctx.services.broadcast.create(
        member.id, platform=ctx.platform.name, kind="template", template=template
    )
    await ctx.services.chat_state.set(member.id, FLOW, "audience", {"id": b.id})
    await audience_screen(update, ctx, b)


async def on_quit(update: Update, ctx: CoopContext, data: callbacks.Callback) -> None:
    """Leave the dialog; a draft stays a draft (never sent, not listed). Of a dialog already
    left, the button is no longer active."""
    if not await ctx.services.chat_state.clear(ctx.require_member().id, FLOW):
        await stale(update, ctx)
        return
    await answer(update.callback_query)
    await show(update, ctx, ctx.t("broadcast-quit-done"))


async def on_audience(update, ctx, b: Broadcast, data) -> None:
    await refresh(update, ctx, b, audience_screen)


async def on_clear(update, ctx, b: Broadcast, data) -> None:
    b = await change(update, ctx, b, **Audience().model_dump())
    await refresh(update, ctx, b, audience_screen)


async def on_platform(update, ctx, b: Broadcast, data) -> None:
    following = PLATFORM_CYCLE[(PLATFORM_CYCLE.index(b.audience.platform) + 1) % 3]
    await refresh(update, ctx, await change(update, ctx, b, platform=following), audience_screen)


async def on_unfinished(update, ctx, b: Broadcast, data) -> None:
    flipped = not b.audience.unfinished_assessment
    b = await change(update, ctx, b, unfinished_assessment=flipped)
    await refresh(update, ctx, b, audience_screen)


async def on_kinds(update, ctx, b: Broadcast, data) -> None:
    await refresh(update, ctx, b, kinds_screen)


async def on_kind(update, ctx, b: Broadcast, data) -> None:
    kind = data.arg(1) or ""
    if kind in dict(coop_kinds(ctx)):
        b = await change(update, ctx, b, coop_kinds=toggled(b.audience.coop_kinds, kind))
    await refresh(update, ctx, b, kinds_screen)


async def on_provinces(update, ctx, b: Broadcast, data) -> None:
    await refresh(update, ctx, b, provinces_screen)


async def on_province(update, ctx, b: Broadcast, data) -> None:
    province = data.arg(1)
    if province == "-":
        b = await change(update, ctx, b, province=None, county=None)
        await refresh(update, ctx, b, audience_screen)
        return
    if province not in {p for p, _ in await ctx.services.broadcast.provinces()}:
        await refresh(update, ctx, b, provinces_screen)
        return
    b = await change(update, ctx, b, province=province, county=None)
    await refresh(update, ctx, b, counties_screen)


async def on_county(update, ctx, b: Broadcast, data) -> None:
    county = data.arg(1)
    province = b.audience.province
    if province is not None:
        if county == "-":
            b = await change(update, ctx, b, county=None)
        elif county in {c for c, _ in await ctx.services.broadcast.counties(province)}:
            b = await change(update, ctx, b, county=county)
    await refresh(update, ctx, b, audience_screen)


async def on_courses(update, ctx, b: Broadcast, data) -> None:
    page = data.int_arg(1) or 0
    await answer(update.callback_query)
    await courses_screen(update, ctx, b, page)


async def on_course(update, ctx, b: Broadcast, data) -> None:
    if data.arg(1) == "-":
        b = await change(update, ctx, b, course_id=None, course_groups=())
        await refresh(update, ctx, b, audience_screen)
        return
    course_id = data.int_arg(1)
    if course_id is None or await ctx.services.broadcast.course(course_id) is None:
        await refresh(update, ctx, b, audience_screen)
        return
    b = await change(update, ctx, b, course_id=course_id, course_groups=())
    await refresh(update, ctx, b, groups_screen)


async def on_group(update, ctx, b: Broadcast, data) -> None:
    group = data.arg(1)
    if group not in COURSE_GROUPS or b.audience.course_id is None:
        await refresh(update, ctx, b, audience_screen)
        return
    b = await change(update, ctx, b, course_groups=toggled(b.audience.course_groups, group))
    await refresh(update, ctx, b, groups_screen)


async def on_topics(update, ctx, b: Broadcast, data) -> None:
    await refresh(update, ctx, b, topics_screen)


async def on_topic(update, ctx, b: Broadcast, data) -> None:
    topic = data.arg(1)
    if topic in TOPICS:
        b = await change(update, ctx, b, topics=toggled(b.audience.topics, topic))
    await refresh(update, ctx, b, topics_screen)


async def on_ranges(update, ctx, b: Broadcast, data) -> None:
    await refresh(update, ctx, b, range_screen)


async def on_range(update, ctx, b: Broadcast, data) -> None:
    choice = data.arg(1)
    if choice == "type":
        await answer(update.callback_query)
        await ctx.services.chat_state.set(ctx.require_member().id, FLOW, "from", {"id": b.id})
        await reply(update, ctx, ctx.t("broadcast-range-ask-from"))
        return
    if choice in ("7", "30"):
        since = ctx.services.broadcast.joined_since(int(choice))
        b = await change(update, ctx, b, registered_since=since, registered_before=None)
    elif choice == "clear":
        b = await change(update, ctx, b, registered_since=None, registered_before=None)
    await refresh(update, ctx, b, audience_screen)


async def on_preview(update, ctx, b: Broadcast, data) -> None:
    await answer(update.callback_query)
    await preview(update, ctx, b)


async def on_next(update, ctx, b: Broadcast, data) -> None:
    await refresh(update, ctx, b, confirm_screen)


async def on_urgent(update, ctx, b: Broadcast, data) -> None:
    member = ctx.require_member()
    updated = await ctx.services.broadcast.set_urgent(member.id, b.id, not b.urgent)
    if updated is None:
        await answer(update.callback_query, ctx.t("broadcast-gone"), alert=True)
        return
    await refresh(update, ctx, updated, confirm_screen)


async def on_schedule(update, ctx, b: Broadcast, data) -> None:
    await answer(update.callback_query)
    await ctx.services.chat_state.set(ctx.require_member().id, FLOW, "when", {"id": b.id})
    await reply(update, ctx, ctx.t("broadcast-schedule-ask", example=schedule_example(ctx)))


async def on_send_now(update: Update, ctx: CoopContext, b: Broadcast, data=None) -> None:
    query = update.callback_query
    member = ctx.require_member()
    service = ctx.services.broadcast
    started = await service.send_now(member.id, b.id)
    if started is None:
        await answer(query, ctx.t("broadcast-gone"), alert=True)
        return
    await answer(query)
    await ctx.services.chat_state.clear(member.id, FLOW)
    progress = await service.progress(b.id)
    assert progress is not None
    t = ctx.services.translator
    shown = await show(
        update,
        ctx,
        progress_text(t, ctx.locale, progress),
        progress_markup(t, ctx.locale, progress),
    )
    if isinstance(shown, Message):
        await service.set_status_message(b.id, shown.chat_id, shown.message_id)


async def on_stop(update: Update, ctx: CoopContext, data: callbacks.Callback) -> None:
    query = update.callback_query
    member = ctx.require_member()
    service = ctx.services.broadcast
    broadcast_id = data.int_arg(0)
    stopped, cancelled = await service.stop(member.id, broadcast_id or 0)
    if stopped is None:
        await answer(query, ctx.t("broadcast-stop-late"), alert=True)
        return
    await answer(query, ctx.t("broadcast-stop-answer", count=cancelled))
    progress = await service.progress(stopped.id)
    if progress is not None:
        t = ctx.services.translator
        await show(
            update,
            ctx,
            progress_text(t, ctx.locale, progress),
            progress_markup(t, ctx.locale, progress),
        )


async def command(update: Update, ctx: CoopContext) -> None:
    if not await staff_now(ctx):
        await refuse(update, ctx)
        return
    await compose(update, ctx)


FREE = {"new": on_new, "tpl": on_template, "quit": on_quit, "stop": on_stop}
ACTIONS = {
    "aud": on_audience,
    "clr": on_clear,
    "plat": on_platform,
    "unf": on_unfinished,
    "kinds": on_kinds,
    "kind": on_kind,
    "prov": on_provinces,
    "pv": on_province,
    "ct": on_county,
    "crs": on_courses,
    "cs": on_course,
    "grp": on_group,
    "tops": on_topics,
    "tp": on_topic,
    "rng": on_ranges,
    "rg": on_range,
    "prev": on_preview,
    "next": on_next,
    "urg": on_urgent,
    "sch": on_schedule,
    "now": on_send_now,
}


def register(app: Application, registry: Registry) -> None:
    registry.add_command(Command("broadcast", "broadcast-cmd", ROLES_STAFF))
    registry.add_menu(MenuEntry("broadcast-menu", cb("new", 0), ROLES_STAFF))
    registry.add_flow(FLOW, on_flow)
    app.add_handler(CommandHandler("broadcast", command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=callbacks.pattern(FEATURE)))
