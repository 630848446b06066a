"""How the monthly list's states and results are said (keys of locales/*/nomination.ftl): one
table for the chat (handlers/nomination.py) and the web console (web/pages/nominations.py)."""

from __future__ import annotations

MONTH_STATUS_KEYS = {
    "frozen": "nomination-status-frozen",  # i18n
    "superseded": "nomination-status-superseded",  # i18n
    "approved": "nomination-status-approved",  # i18n
    "sent": "nomination-status-sent",  # i18n
    "confirmed": "nomination-status-confirmed",  # i18n
}
# Why a person is not placed (an entry's `reason`).
REASON_KEYS = {
    "cap": "nomination-reason-cap",  # i18n
    "seats": "nomination-reason-seats",  # i18n
    "staff": "nomination-reason-staff",  # i18n
}
# NominationService.move's results.
MOVE_KEYS = {
    "moved": "nomination-moved",  # i18n
    "unchanged": "nomination-unchanged",  # i18n
    "no_seat": "nomination-no-seat",  # i18n
    "over_cap": "nomination-over-cap",  # i18n
    "not_frozen": "nomination-not-frozen",  # i18n
    "not_found": "nomination-not-found",  # i18n
}
# approve and mark_sent.
STEP_KEYS = {
    "done": "nomination-done",  # i18n
    "wrong_status": "nomination-wrong-status",  # i18n
    "not_found": "nomination-not-found",  # i18n
}
# reject (TVTO did not take a person).
REJECT_KEYS = {
    "done": "nomination-rejection-done",  # i18n
    "wrong_status": "nomination-not-waiting",  # i18n
    "not_found": "nomination-not-found",  # i18n
}
