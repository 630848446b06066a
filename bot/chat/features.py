"""Every callback prefix and every dialog (chat_states.flow) of the bot, named once.

Callback data reads `feature:action[:arg...]` (bot/chat/callbacks.py); the first part is a
`Feature`. The values are what buttons already sent carry, so they never change: rename a member
freely, never its value. A new feature adds a member here and nowhere else spells its prefix.
`Flow` names the dialog a person is in, as stored in chat_states; a stored value must keep
meaning the same dialog.

The enums live in bot/chat so that services (which build buttons for notices and reminders) and
handlers share them; handlers import them from handlers.features.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class Feature(StrEnum):
    """The prefix of a feature's callback data (at most a few ASCII letters)."""

    ADMIN = "adm"
    ASSESSMENT = "assess"
    AUDIT = "aud"
    BROADCAST = "bc"
    BROADCAST_LIST = "bcs"
    COURSE_ADMIN = "cad"
    COURSES = "crs"
    LANGUAGE = "lang"
    MAIN_MENU = "menu"
    MY_COURSES = "my"
    NOMINATION = "nom"
    PRIVACY = "prv"
    REMINDERS = "rem"
    ROADMAP = "roadmap"
    SETTINGS = "set"
    STAFF = "stf"
    STATS = "sts"


@unique
class Flow(StrEnum):
    """A multi-step dialog, as stored in chat_states.flow."""

    ASSESSMENT = "assessment"
    BROADCAST = "broadcast"
    COURSE_ADMIN = "course_admin"
    COURSE_IMPORT = "course_import"
    NOMINATION = "nomination"
    STAFF = "staff"
