"""All feature handlers, registered in one visible order.

Group -1 identifies the person; group 0 holds the features, then the free-text router, then the
fallbacks (in a group only the first matching handler runs, so the order below is the priority).
"""

from __future__ import annotations

from telegram.ext import Application

from bot.chat.menu import Registry
from handlers import (
    admin,
    assessment,
    broadcasts,
    cancel,
    courses,
    demo,
    errors,
    fallback,
    identify,
    language,
    mycourses,
    nomination,
    reminders,
    roadmap,
    settings,
    start,
    text_router,
    web_link,
)


def register(app: Application, registry: Registry) -> None:
    identify.register(app)
    start.register(app, registry)
    language.register(app, registry)
    cancel.register(app, registry)
    # feature modules go here, before the text router and the fallbacks
    assessment.register(app, registry)
    roadmap.register(app, registry)
    courses.register(app, registry)
    mycourses.register(app, registry)
    nomination.register(app, registry)
    reminders.register(app, registry)
    broadcasts.register(app, registry)  # staff announcements: /broadcast and /broadcasts
    admin.register(app, registry)  # /admin, staff, course admin, /stats, /audit, /mydata
    demo.register(app, registry)  # /closemonth, in `coopbot demo --staff` only
    web_link.register(app, registry)  # /web: a one-time sign-in link to the staff web console
    settings.register(app, registry)  # the menu's way to /reminders, language, /mydata, /deleteme
    text_router.register(app, registry)
    fallback.register(app, registry)
    errors.register(app)
