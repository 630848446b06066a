"""/roadmap: the cooperative's training roadmap, and the "why this priority" explanation of need
scores (also shown at the end of the assessment).

Callback data: `roadmap:show` (the roadmap of the cooperative named in my latest assessment).
"""

from __future__ import annotations

from telegram import Update

from bot.chat import callbacks, keyboards
from bot.chat.context import CoopContext
from bot.chat.replies import answer, pressed, show
from bot.core.i18n import format_number
from bot.persian.jalali import format_date
from bot.persian.normalize import to_persian_digits
from bot.services.assessment import Standing
from bot.services.roadmap import Roadmap
from bot.services.scoring import Score
from bot.services.topics import topic_key
from handlers.features import Feature
from handlers.registration import Registrar


def _whole(value: float) -> int | float:
    """76.0 → 76; 7.5 stays."""
    return int(value) if value == int(value) else value


def points_text(value: float, locale: str) -> str:
    """76.0 → «۷۶», 7.5 → «۷٫۵» (fa) / "76", "7.5" (en)."""
    number = _whole(value)
    text = str(number) if isinstance(number, int) else f"{number:g}"
    return to_persian_digits(text).replace(".", "٫") if locale == "fa" else text


def count_text(value: int, locale: str) -> str:
    return format_number(value, locale)


def _topic(ctx: CoopContext, topic: str | None) -> str:
    return ctx.t(topic_key(topic or "other"))


def _urgency(ctx: CoopContext, urgency: str | None) -> str | None:
    question = ctx.services.assessment.questionnaire.by_field("needs.urgency")
    option = question.option(urgency) if question is not None and urgency else None
    return option.text.get(ctx.locale) if option is not None else None


def _bonus_label(ctx: CoopContext, question_id: str | None) -> str:
    question = ctx.services.assessment.questionnaire.question(question_id or "")
    return question.label.get(ctx.locale) if question is not None else question_id or ""


def why_lines(ctx: CoopContext, score: Score) -> list[str]:
    """One line per part of a need score, then the total."""
    lines = [ctx.t("assessment-why-title")]
    for part in score.parts:
        # the points as shown, and as a number that picks the noun ("1 point", "2.5 points")
        points = {"points": points_text(part.points, ctx.locale), "amount": _whole(part.points)}
        if part.kind == "topic":
            urgency = _urgency(ctx, part.urgency)
            topic = _topic(ctx, part.topic)
            if part.respondents is not None:
                count = part.respondents
                lines.append(ctx.t("roadmap-why-topic", topic=topic, count=count, **points))
            elif urgency:
                lines.append(ctx.t("assessment-why-topic", topic=topic, urgency=urgency, **points))
            else:
                lines.append(ctx.t("assessment-why-topic-plain", topic=topic, **points))
        elif part.kind == "members":
            members_text = count_text(part.count or 0, ctx.locale)
            lines.append(ctx.t("assessment-why-members", count=members_text, **points))
        elif part.kind == "bonus":
            label = _bonus_label(ctx, part.question)
            lines.append(ctx.t("assessment-why-bonus", label=label, **points))
    return lines


def roadmap_text(ctx: CoopContext, roadmap: Roadmap) -> str:
    coop = roadmap.cooperative
    name = coop.name if coop is not None else "?"
    lines = [ctx.t("roadmap-title", name=name)]
    if not roadmap.items:
        lines.append(ctx.t("roadmap-empty"))
        return "\n".join(lines)
    if roadmap.updated_at is not None:
        lines.append(
            ctx.t(
                "roadmap-basis",
                count=roadmap.respondents,
                date=format_date(roadmap.updated_at, ctx.locale),
            )
        )
    sep = "، " if ctx.locale == "fa" else ", "
    for position, item in enumerate(roadmap.items, start=1):
        lines.append("")
        lines.append(
            ctx.t(
                "roadmap-item",
                position=count_text(position, ctx.locale),
                topic=_topic(ctx, item.topic),
            )
        )
        members = item.members_needing
        score = points_text(item.score, ctx.locale)
        urgency = _urgency(ctx, item.urgency)
        if urgency:
            lines.append(
                ctx.t("roadmap-item-detail", members=members, urgency=urgency, score=score)
            )
        else:
            lines.append(ctx.t("roadmap-item-detail-plain", members=members, score=score))
        if item.requests:
            lines.append(ctx.t("roadmap-requests", requests=sep.join(item.requests)))
        if item.categories:
            courses = sep.join(c.get(ctx.locale) for c in item.categories)
            lines.append(ctx.t("roadmap-courses", courses=courses))
    lines.append("")
    lines.append(ctx.t("roadmap-score", score=points_text(roadmap.need_score, ctx.locale)))
    lines.extend(why_lines(ctx, _extras_only(roadmap.score)))
    return "\n".join(lines)


def _extras_only(score: Score) -> Score:
    """The cooperative's topics are listed above; the explanation adds the other parts."""
    return Score(score.total, tuple(p for p in score.parts if p.kind != "topic"))


async def show_roadmap(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    roadmap = await ctx.services.assessment.member_roadmap(member.id)
    if roadmap is None:
        start = keyboards.inline(
            [[(ctx.t("assessment-menu"), callbacks.encode(Feature.ASSESSMENT, "start"))]]
        )
        await show(update, ctx, ctx.t("roadmap-none"), start)
        return
    back = keyboards.inline(
        [[(ctx.t("roadmap-menu"), callbacks.encode(Feature.MAIN_MENU, "main"))]]
    )
    await show(update, ctx, roadmap_text(ctx, roadmap), back)


async def on_callback(update: Update, ctx: CoopContext) -> None:
    if await pressed(update, ctx, "show") is None:
        return
    await answer(update.callback_query)
    await show_roadmap(update, ctx)


async def standing_of(ctx: CoopContext) -> Standing:
    """The person's assessment standing (kept in memory by the service)."""
    return await ctx.services.assessment.standing(ctx.require_member().id)


async def menu_label(ctx: CoopContext) -> str | None:
    """The roadmap is in the main menu once the person has a submitted assessment."""
    if not (await standing_of(ctx)).submitted:
        return None
    return ctx.t("roadmap-menu-button")


def register(r: Registrar) -> None:
    r.menu("roadmap-menu-button", callbacks.encode(Feature.ROADMAP, "show"), label=menu_label)
    r.command("roadmap", show_roadmap, "cmd-roadmap")
    r.buttons(Feature.ROADMAP, on_callback)
