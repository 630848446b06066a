"""What the broadcast screens say and carry: the keys of their texts, their callback data, and
`Words`, the reader's language with the names of what an audience filter picks (kinds of
cooperative, provinces, counties, courses, people of a course).

Pure: a `Words` is a Reader (bot/chat/reader.py: ctx in handlers, `Lang` in tests) with the
questionnaire (which names the kinds and places); nothing here reads the database or sends.

Callback data: `bc:<action>:<broadcast id>[:<arg>]` for /broadcast (`cb`), `bcs:<action>[:<arg>]`
for /broadcasts (`list_cb`); handlers/broadcast/__init__.py lists the actions. The strings never
change: buttons in people's chats carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.chat import callbacks
from bot.chat.reader import Reader
from bot.persian.jalali import format_date
from bot.questionnaire.model import Questionnaire
from bot.services.broadcast import PLATFORM_LABEL_KEYS as PLATFORM_KEYS
from bot.services.broadcast import Audience
from bot.services.courses import Course
from bot.services.topics import topic_key
from handlers.features import Feature

REFUSAL_KEY = "broadcast-not-allowed"  # a member at a staff command, button or step
GROUP_KEYS = {
    "registrants": "broadcast-group-registrants",
    "waitlist": "broadcast-group-waitlist",
    "nominees": "broadcast-group-nominees",
}
STATUS_KEYS = {
    "draft": "broadcast-status-draft",
    "scheduled": "broadcast-status-scheduled",
    "sending": "broadcast-status-sending",
    "stopped": "broadcast-status-stopped",
    "done": "broadcast-status-done",
    "cancelled": "broadcast-status-cancelled",
}
KIND_KEYS = {
    "text": "broadcast-kind-text",
    "photo": "broadcast-kind-photo",
    "document": "broadcast-kind-document",
    "video": "broadcast-kind-video",
    "template": "broadcast-kind-template",
}


def cb(action: str, *args: object) -> str:
    """Callback data of a /broadcast button."""
    return callbacks.encode(Feature.BROADCAST, action, *args)


def list_cb(action: str, *args: object) -> str:
    """Callback data of a /broadcasts button."""
    return callbacks.encode(Feature.BROADCAST_LIST, action, *args)


@dataclass(frozen=True)
class Words:
    """A Reader itself (`t`, `digits`, `locale`); `w(key, ...)` is `w.t(key, ...)`."""

    reader: Reader
    questionnaire: Questionnaire

    @property
    def locale(self) -> str:
        return self.reader.locale

    def t(self, key: str, **args: object) -> str:
        return self.reader.t(key, **args)

    __call__ = t

    def digits(self, text: object) -> str:
        return self.reader.digits(text)

    def joined(self, items: list[str]) -> str:
        return (", " if self.locale == "en" else "، ").join(items)

    def platform(self, platform: str | None) -> str:
        if platform is None:
            return self("broadcast-platform-all")
        return self(PLATFORM_KEYS[platform]) if platform in PLATFORM_KEYS else platform

    def coop_kinds(self) -> list[tuple[str, str]]:
        """(id, label) of the kinds of cooperative the questionnaire offers."""
        question = self.questionnaire.by_field("coop.kind")
        if question is None:
            return []
        return [(o.id, o.text.get(self.locale)) for o in question.choices()]

    def place(self, province: str, county: str | None = None) -> str:
        found = self.questionnaire.places.province(province)
        name = found.name(self.locale) if found else province
        if county is None:
            return name
        return self.joined([self.county(province, county), name])

    def county(self, province: str, county: str) -> str:
        place = self.questionnaire.places.county(province, county)
        return place.name(self.locale) if place else county

    def course(self, course: Course | None, course_id: int) -> str:
        return course.title(self.locale) if course else self.digits(course_id)


def mark(on: bool, label: str) -> str:
    return f"✅ {label}" if on else label


def audience_lines(w: Words, a: Audience, course: Course | None) -> list[str]:
    """The audience in words, one line per filter (`course`: the one `a.course_id` names)."""
    if a.is_everyone():
        return [w("broadcast-audience-everyone")]
    lines = []
    if a.platform:
        lines.append(w("broadcast-audience-platform", value=w.platform(a.platform)))
    if a.coop_kinds:
        labels = dict(w.coop_kinds())
        value = w.joined([labels.get(k, k) for k in a.coop_kinds])
        lines.append(w("broadcast-audience-kinds", value=value))
    if a.province:
        lines.append(w("broadcast-audience-place", value=w.place(a.province, a.county)))
    if a.course_id is not None:
        groups = w.joined([w(GROUP_KEYS[g]) for g in a.course_groups or ("registrants",)])
        title = w.course(course, a.course_id)
        lines.append(w("broadcast-audience-course", title=title, value=groups))
    if a.topics:
        value = w.joined([w(topic_key(topic)) for topic in a.topics])
        lines.append(w("broadcast-audience-topics", value=value))
    if a.unfinished_assessment:
        lines.append(w("broadcast-audience-unfinished"))
    if a.registered_since or a.registered_before:
        lines.append(w("broadcast-audience-range", value=joined_range(w, a)))
    return lines


def joined_range(w: Words, a: Audience) -> str:
    since = format_date(a.registered_since, w.locale) if a.registered_since else None
    # registered_before is the first instant after the range: show the day before it
    until = (
        format_date(a.registered_before - timedelta(seconds=1), w.locale)
        if a.registered_before
        else None
    )
    if since and until:
        return w("broadcast-audience-between", **{"from": since, "to": until})
    if since:
        return w("broadcast-audience-since", **{"from": since})
    return w("broadcast-audience-until", to=until)
