"""Opening, redoing and submitting the assessment, and its label in the main menu."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import CoopContext
from bot.chat.replies import answer, reply, show
from bot.services.assessment import Incomplete
from handlers.assessment import views
from handlers.assessment.screens import FLOW, REVIEW, questionnaire, resume_target, screen
from handlers.roadmap import points_text, roadmap_text, standing_of, why_lines
from handlers.start import main_menu


async def entry(update: Update, ctx: CoopContext) -> None:
    """/assess and the menu: continue the open assessment, or offer the last one, or begin."""
    member = ctx.require_member()
    service = ctx.services.assessment
    q = questionnaire(ctx)
    draft = await service.draft(member.id)
    if draft is None:
        latest = await service.latest(member.id)
        if latest is not None:
            already = views.already_screen(ctx, latest.submitted_at)
            await reply(update, ctx, already.text, already.markup)
            return
        draft = await service.begin(member.id)
        await reply(update, ctx, views.intro_text(ctx, q))
        await screen(update, ctx, draft.answers, resume_target(q, draft.answers), new=True)
        return
    state = await ctx.services.chat_state.get(member.id)
    notice = ctx.t("assessment-welcome-back") if draft.answers else None
    await screen(
        update,
        ctx,
        draft.answers,
        resume_target(q, draft.answers),
        notice=notice,
        new=True,
        had_keyboard=bool(state and state.flow == FLOW and state.data.get("kb")),
    )


async def redo(update: Update, ctx: CoopContext) -> None:
    """Answer again: a new draft starts from the last submitted answers."""
    member = ctx.require_member()
    q = questionnaire(ctx)
    draft = await ctx.services.assessment.begin(member.id)
    target = resume_target(q, draft.answers)
    notice = ctx.t("assessment-redo-started") if target == REVIEW else None
    await screen(update, ctx, draft.answers, target, notice=notice, new=True)


async def submit(update: Update, ctx: CoopContext) -> None:
    member = ctx.require_member()
    service = ctx.services.assessment
    query = update.callback_query
    try:
        submitted = await service.submit(member.id)
    except Incomplete as exc:
        await answer(query, ctx.t("assessment-error-incomplete"))
        draft = await service.draft(member.id)
        await screen(update, ctx, draft.answers if draft else {}, exc.key, new=True)
        return
    except LookupError:
        await answer(query, ctx.t("assessment-closed"))
        await entry(update, ctx)
        return
    await answer(query)
    await ctx.services.chat_state.clear(member.id, FLOW)
    score = service.score_of(submitted)
    lines = [
        ctx.t("assessment-submitted"),
        "",
        ctx.t("assessment-score", score=points_text(score.total, ctx.locale)),
        *why_lines(ctx, score),
    ]
    if not submitted.consent:
        lines += ["", ctx.t("assessment-consent-no")]
    await show(update, ctx, "\n".join(lines))
    if submitted.cooperative_id is not None:
        roadmap = await service.roadmap(submitted.cooperative_id)
        # the roadmap stays in the chat: the menu comes in a message of its own, below it
        await reply(update, ctx, roadmap_text(ctx, roadmap))
    await reply(update, ctx, ctx.t("menu-title"), await main_menu(ctx))


async def menu_label(ctx: CoopContext) -> str:
    """«نیازسنجی آموزشی», «ادامهٔ نیازسنجی» while one is unfinished, «به‌روزرسانی نیازسنجی» after."""
    standing = await standing_of(ctx)
    if standing.unfinished:
        return ctx.t("assessment-menu-continue")
    if standing.submitted:
        return ctx.t("assessment-menu-again")
    return ctx.t("assessment-menu")
