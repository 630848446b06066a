"""Every handler module, registered here and nowhere else, in one visible order.

Group -1 identifies the person; group 0 holds the features, then the free-text router, then the
fallbacks (in a group only the first matching handler runs, so the order below is the priority).
Each module's `register(r)` declares its commands, buttons and dialogs with the role they need
(handlers/registration.py);
"""

from __future__ import annotations

from collections.abc import Callable

from telegram.ext import Application

from bot.chat.menu import Registry
from handlers import (
    admin,
    assessment,
    audit,
    broadcast,
    cancel,
    course_admin,
    courses,
    demo,
    errors,
    fallback,
    identify,
    language,
    mycourses,
    nomination,
    privacy,
    reminders,
    resume,
    roadmap,
    settings,
    staff,
    start,
    stats,
    text_router,
    web_link,
)
from handlers.registration import Registrar

Register = Callable[[Registrar], None]


TABLE: tuple[Register, ...] = (
    identify.register,  # group -1: who is writing, in which language
    start.register,  # /start, /help, /menu and the main menu's own buttons
    language.register,
    cancel.register,
    # features: member ones first, then the staff tools
    assessment.register,
    roadmap.register,
    courses.register,
    mycourses.register,
    nomination.register,
    reminders.register,
    broadcast.register,  # /broadcast and /broadcasts (handlers/broadcast/)
    admin.register,  # /admin: the menu of the staff tools below
    staff.register,
    course_admin.register,
    stats.register,
    audit.register,
    privacy.register,  # /mydata, /deleteme
    web_link.register,  # /web: a one-time sign-in link to the staff web console
    demo.register,  # /closemonth, in `coopbot demo --staff` only
    settings.register,  # the menu's way to /reminders, language, /mydata, /deleteme
    # last: what no feature took
    text_router.register,
    fallback.register,
    errors.register,
    resume.register,  # a run again of an update whose answer a lost worker may not have sent
)


def register(app: Application, registry: Registry) -> None:
    registrar = Registrar(app, registry)
    for entry in TABLE:
        entry(registrar)
