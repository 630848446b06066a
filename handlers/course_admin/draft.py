"""Where the course dialog is and what it has gathered (chat_states `step` and `data`).

The keys are those the dialog has always stored (`draft` holds the course's fields in raw form,
as the catalogue file writes them), so a dialog open when a new version starts continues."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.services.course_admin import STEPS


class At(StrEnum):
    """The steps: one per course field (in the order asked), then the dialog's own."""

    TITLE_FA = "title_fa"
    TITLE_EN = "title_en"
    STANDARD_CODE = "standard_code"
    TOPIC = "topic"
    PROVIDER_KIND = "provider_kind"
    PROVIDER_NAME = "provider_name"
    PROVIDER_ADDRESS = "provider_address"
    PROVIDER_PHONE = "provider_phone"
    PROVINCE = "province"
    COUNTY = "county"
    DELIVERY_MODE = "delivery_mode"
    START = "start"
    END = "end"
    SESSIONS = "sessions"
    TOTAL_HOURS = "total_hours"
    CAPACITY = "capacity"
    DEADLINE = "deadline"
    SESSION_TIME = "session_time"  # the time of the weekday just chosen
    REVIEW = "review"  # the whole draft, save or fix a field
    SET_CAPACITY = "set_capacity"  # an existing course's capacity
    CANCEL_REASON = "cancel_reason"  # why a course is cancelled


FIELD_STEPS: tuple[At, ...] = tuple(At(field) for field in STEPS)
assert [*FIELD_STEPS] == [*At][: len(STEPS)], "At lists the fields of STEPS in their order"


class CourseDraft(BaseModel):
    """`mode` new: every field in turn, then the review; edit: one field of `course_id`, saved
    at once (`original` is the course as it was); `fixing`: back to the review after one field;
    `day`: the weekday whose time is asked."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    mode: Literal["new", "edit"] | None = None
    course_id: int | None = None
    values: dict[str, Any] = Field(default_factory=dict, alias="draft")
    original: dict[str, Any] = Field(default_factory=dict)
    province_id: str | None = None
    fixing: bool = False
    day: str | None = None

    @property
    def sessions(self) -> list[dict[str, str]]:
        found = self.values.get("sessions")
        return found if isinstance(found, list) else []

    def with_value(self, field: str, value: Any, **changes: Any) -> CourseDraft:
        return self.model_copy(update={"values": {**self.values, field: value}, **changes})


class Nothing(BaseModel):
    """The import waits for a file and gathers nothing."""
