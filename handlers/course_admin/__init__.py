"""Staff manage courses in the chat: a guided add-course dialog (every field checked, Jalali
dates typed, weekly sessions by weekday and time), edit any field, capacity, close/reopen,
cancel; the people of a course (IDs masked) and their XLSX export; the XLSX template, import
and catalogue export.

- texts.py     text keys, callback data, how a field's value reads
- views.py     the screens: pure functions of a Reader and models → Screen
- questions.py the dialog's questions (pure, like views.py)
- draft.py     the dialog's steps and draft (what chat_states holds)
- dialog.py    the step table on the dialog kit (flow `course_admin`)
- imports.py   the import waiting for its file (flow `course_import`)
- actions.py   lists, screens, status changes, exports

Callback data (`cad:...`, staff only, re-checked every press):
- `cad:list:<page>[:all]`, `cad:v:<course>`                          the courses, one course
- `cad:new`, `cad:ch:<value>`, `cad:pv:<province>`, `cad:ct:<county>`  the dialog's choices
- `cad:wd:<weekday>`, `cad:sd`, `cad:sc`, `cad:skip`, `cad:dt:<yyyymmdd>`   sessions, skip, dates
- `cad:save`, `cad:fix:<field>`, `cad:quit`                          review, fix a field, leave
- `cad:e:<course>`, `cad:f:<course>:<field>`, `cad:cap:<course>`     edit
- `cad:cls:<course>`, `cad:opn:<course>`, `cad:cx:<course>`, `cad:cxy:<course>`
- `cad:p:<course>:<list>`, `cad:att:<course>`, `cad:xp:<course>`     people, attendance, export
- `cad:tpl`, `cad:imp`, `cad:exp`                                    template, import, export
"""

from __future__ import annotations

from telegram import Update

from bot.chat import dialog as kit
from bot.chat.context import CoopContext
from bot.chat.course_texts import value_display
from bot.chat.replies import answer, pressed, stale
from bot.services.course_admin import STEPS, raw_of
from handlers.course_admin import actions
from handlers.course_admin.dialog import COURSE_DIALOG, At, CourseDraft, places
from handlers.course_admin.draft import Nothing
from handlers.course_admin.imports import IMPORT_DIALOG, Waiting
from handlers.course_admin.texts import EDIT_RESULT_KEYS
from handlers.features import Feature, Flow
from handlers.registration import Registrar

__all__ = ["EDIT_RESULT_KEYS", "register", "value_display"]

DIALOG_ACTIONS = COURSE_DIALOG.flow.actions - {"quit"}
COURSE_ACTIONS = frozenset({"v", "e", "f", "cap", "cls", "opn", "cx", "cxy", "p", "att", "xp"})
OTHER_ACTIONS = COURSE_ACTIONS | {"list", "new", "quit", "tpl", "imp", "exp"}


async def start_edit(
    update: Update, ctx: CoopContext, course_id: int | None, field: str | None
) -> None:
    """One field of a course (`capacity`: its own question, which counts the seats taken)."""
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None or field not in STEPS or course.status == "cancelled":
        await actions.course_screen(update, ctx, course_id)
        return
    original = raw_of(course)
    draft = CourseDraft(mode="edit", course_id=course.id, original=original)
    if field == "capacity":
        await COURSE_DIALOG.begin(update, ctx, At.SET_CAPACITY, draft)
        return
    province = next((p for p in places(ctx).provinces if p.fa == original["province"]), None)
    draft = draft.model_copy(
        update={
            "values": {k: v for k, v in original.items() if k != "sessions"},
            "province_id": province.id if province is not None else None,
        }
    )
    await COURSE_DIALOG.begin(update, ctx, At(field), draft)


async def ask_cancel_reason(update: Update, ctx: CoopContext, course_id: int | None) -> None:
    course = await ctx.services.courses.find(course_id) if course_id is not None else None
    if course is None or course.status == "cancelled":  # cancelled meanwhile: nothing to ask
        await actions.course_screen(update, ctx, course_id)
        return
    await COURSE_DIALOG.begin(update, ctx, At.CANCEL_REASON, CourseDraft(course_id=course.id))


async def on_callback(update: Update, ctx: CoopContext) -> None:
    data = await pressed(update, ctx, *DIALOG_ACTIONS, *OTHER_ACTIONS)
    if data is None:
        return
    if data.action in DIALOG_ACTIONS:  # answered there: valid only at the current step
        await COURSE_DIALOG.on_press(update, ctx, data)
        return
    if data.action == "quit":  # answered there: only while a dialog is open
        await kit.press(update, ctx, data, COURSE_DIALOG, IMPORT_DIALOG)
        return
    action = data.action
    course_id = data.int_arg(0)
    if action in COURSE_ACTIONS and (
        course_id is None or await ctx.services.courses.find(course_id) is None
    ):  # a course that is not there (any more): nothing to show or change
        await stale(update, ctx)
        return
    await answer(update.callback_query)
    if action == "list":
        await actions.list_screen(update, ctx, course_id or 0, data.arg(1) == "all")
    elif action == "v":
        await actions.course_screen(update, ctx, course_id)
    elif action == "new":
        await COURSE_DIALOG.begin(update, ctx, At.TITLE_FA, CourseDraft(mode="new"))
    elif action == "e":
        await actions.edit_menu(update, ctx, course_id)
    elif action in ("f", "cap"):
        await start_edit(update, ctx, course_id, data.arg(1) if action == "f" else "capacity")
    elif action in ("cls", "opn"):
        await actions.change_status(update, ctx, course_id, action)
    elif action == "cx":
        await actions.ask_cancel(update, ctx, course_id)
    elif action == "cxy":
        await ask_cancel_reason(update, ctx, course_id)
    elif action == "p":
        await actions.people_screen(update, ctx, course_id, data.arg(1))
    elif action == "att":
        await actions.attendance_screen(update, ctx, course_id)
    elif action == "xp":
        await actions.export_people(update, ctx, course_id)
    elif action == "tpl":
        await actions.send_template(update, ctx)
    elif action == "imp":
        await IMPORT_DIALOG.begin(update, ctx, Waiting.FILE, Nothing())
    elif action == "exp":
        await actions.send_catalogue(update, ctx)


def register(r: Registrar) -> None:
    """Every `cad:` press and both dialogs, for staff (the role read at every call; the dialog
    kit reads it again for the dialogs' own steps)."""
    r.buttons(Feature.COURSE_ADMIN, on_callback, role="staff")
    r.flow(Flow.COURSE_ADMIN, COURSE_DIALOG.on_message, role="staff", place=COURSE_DIALOG.place)
    r.flow(Flow.COURSE_IMPORT, IMPORT_DIALOG.on_message, role="staff", place=IMPORT_DIALOG.place)
