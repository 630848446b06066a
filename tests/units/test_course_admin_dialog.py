"""The course dialog's declaration (handlers/course_admin/dialog.py): the buttons it takes are the
callback data people's chats already hold, and a dialog stored before the dialog kit (the same
keys in chat_states.data) still loads."""

from __future__ import annotations

from bot.services.course_admin import STEPS
from handlers.course_admin import DIALOG_ACTIONS
from handlers.course_admin.dialog import COURSE_FLOW
from handlers.course_admin.draft import FIELD_STEPS, At, CourseDraft
from handlers.course_admin.imports import IMPORT_FLOW


def test_the_dialog_takes_the_callback_actions_it_always_took():
    assert DIALOG_ACTIONS == {"ch", "pv", "ct", "wd", "sd", "sc", "skip", "fix", "save", "dt"}
    assert COURSE_FLOW.actions == DIALOG_ACTIONS | {"quit"}
    assert IMPORT_FLOW.actions == {"quit"}


def test_the_field_steps_are_the_course_fields_in_order():
    assert [str(step) for step in FIELD_STEPS] == list(STEPS)
    assert {str(step) for step in At} == {
        *STEPS,
        "session_time",
        "review",
        "set_capacity",
        "cancel_reason",
    }


def test_each_button_belongs_to_the_steps_that_show_it():
    buttons = {step: set(COURSE_FLOW.table[step].buttons) for step in At}
    assert buttons[At.TOPIC] == {"ch"}
    assert buttons[At.PROVIDER_PHONE] == {"skip"}
    assert buttons[At.SESSIONS] == {"wd", "sd", "sc"}
    assert buttons[At.DEADLINE] == {"dt"}
    assert buttons[At.REVIEW] == {"save", "fix"}
    assert buttons[At.TITLE_FA] == buttons[At.CANCEL_REASON] == set()
    assert COURSE_FLOW.table[At.TOPIC].on_text is None  # a choice is made with its buttons


def test_a_draft_stored_with_the_old_keys_loads_and_is_stored_the_same_way():
    stored = {
        "mode": "new",
        "draft": {"title_fa": "حسابداری", "sessions": [{"day": "Saturday", "start": "09:00"}]},
        "province_id": "tehran",
        "fixing": True,
        "day": "Monday",
    }
    draft = CourseDraft.model_validate(stored)
    assert draft.values["title_fa"] == "حسابداری"
    assert draft.sessions == [{"day": "Saturday", "start": "09:00"}]
    dumped = draft.model_dump(mode="json")
    assert dumped["draft"] == stored["draft"]
    assert {k: v for k, v in dumped.items() if k in stored} == stored
    assert CourseDraft.model_validate({"course_id": 7}).course_id == 7  # a cancel reason's
