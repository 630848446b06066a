"""The course import waiting for the filled template (flow `course_import`, on the dialog kit):
a document is read and imported; anything else is told what the import waits for."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import Message
from telegram.error import TelegramError

from bot.chat import dialog as kit
from bot.chat import keyboards
from bot.chat.replies import reply
from bot.services.course_import import MAX_BYTES
from handlers.authz import refuse, reread
from handlers.course_admin import views
from handlers.course_admin.dialog import leave
from handlers.course_admin.draft import Nothing
from handlers.features import Flow


class Waiting(StrEnum):
    FILE = "file"


ImportTurn = kit.Turn[Waiting, Nothing]


async def not_a_file(turn: ImportTurn, _: Any = None) -> None:
    """Anything but a document (a text, an empty one too): what the import waits for, again;
    nothing changes."""
    ctx = turn.ctx
    note = f"{ctx.t('flow-not-text')}\n{ctx.t('course-import-send-file')}"
    await reply(turn.update, ctx, note, keyboards.inline(views.quit_rows(ctx)))


async def took_file(turn: ImportTurn, message: Message) -> None:
    ctx = turn.ctx
    document = message.document
    if document is None:
        await not_a_file(turn)
        return
    quit_markup = keyboards.inline(views.quit_rows(ctx))
    name = (document.file_name or "").lower()
    if not name.endswith((".xlsx", ".xlsm")):
        text = ctx.t("course-admin-problem-not-xlsx", field="", detail="")
        await reply(turn.update, ctx, text, quit_markup)
        return
    if (document.file_size or 0) > MAX_BYTES:  # not even downloaded
        too_big = ctx.t("course-admin-problem-too-big", detail=MAX_BYTES // (1024 * 1024))
        await reply(turn.update, ctx, too_big, quit_markup)
        return
    try:
        file = await ctx.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        await reply(turn.update, ctx, ctx.t("course-import-download-failed"), quit_markup)
        return
    report = await ctx.services.admin.imports.import_xlsx(ctx.require_member(), data)
    if report.imported:
        await turn.leave()
    screen = views.report_view(ctx, report)
    await reply(turn.update, ctx, screen.text, screen.markup)


def file_screen(turn: ImportTurn) -> kit.Screen:
    return views.file_view(turn.ctx)


IMPORT_FLOW: kit.Flow[Waiting, Nothing] = kit.Flow(
    name=Flow.COURSE_IMPORT,
    steps=Waiting,
    draft=Nothing,
    role="staff",
    table={
        Waiting.FILE: kit.Step(
            file_screen, on_text=not_a_file, on_other=took_file, unreadable=not_a_file
        )
    },
    buttons={"quit": leave},
)
IMPORT_DIALOG = kit.Dialog(IMPORT_FLOW, reread=reread, refuse=refuse)
