"""/courses: browse (recommended for me, by topic, by county), the course card, register, cancel,
waitlist offers and the .ics of a confirmed course.

- texts.py    text keys, the actions buttons may carry, callback data
- views.py    the screens: pure functions of a Reader and models → Screen
- actions.py  what /courses and each press do

Callback data (`crs:...`, re-checked against the database on every press):
- `crs:menu`, `crs:rec`, `crs:topics`, `crs:topic:<topic>`, `crs:counties`, `crs:county:<i>`
- `crs:view:<course>`, `crs:reg:<course>`, `crs:can:<course>`, `crs:canok:<course>`
- `crs:acc:<registration>` / `crs:dec:<registration>`  (offer buttons, also sent by the ledger)
- `crs:ics:<course>`
"""

from __future__ import annotations

from handlers.courses.actions import command, on_callback
from handlers.courses.texts import COURSE_STATUS_KEYS, FROM_MY, MY_STATUS_KEYS, cb
from handlers.courses.views import card_text
from handlers.features import Feature
from handlers.registration import Registrar

__all__ = ["COURSE_STATUS_KEYS", "FROM_MY", "MY_STATUS_KEYS", "card_text", "cb", "register"]


def register(r: Registrar) -> None:
    r.menu("courses-menu", cb("menu"))
    r.command("courses", command, "cmd-courses")
    r.buttons(Feature.COURSES, on_callback)
