"""How the monthly list's states and results are said (keys of locales/*/nomination.ftl): one
table for the chat (handlers/nomination/) and the web console (web/pages/nominations.py)."""

from __future__ import annotations

MONTH_STATUS_KEYS = {
    "frozen": "nomination-status-frozen",
    "superseded": "nomination-status-superseded",
    "approved": "nomination-status-approved",
    "sent": "nomination-status-sent",
    "confirmed": "nomination-status-confirmed",
}
# Why a person is not placed (an entry's `reason`).
REASON_KEYS = {
    "cap": "nomination-reason-cap",
    "seats": "nomination-reason-seats",
    "staff": "nomination-reason-staff",
}
# NominationService.move's results.
MOVE_KEYS = {
    "moved": "nomination-moved",
    "unchanged": "nomination-unchanged",
    "no_seat": "nomination-no-seat",
    "over_cap": "nomination-over-cap",
    "not_frozen": "nomination-not-frozen",
    "not_found": "nomination-not-found",
}
# approve and mark_sent.
STEP_KEYS = {
    "done": "nomination-done",
    "wrong_status": "nomination-wrong-status",
    "not_found": "nomination-not-found",
}
# reject (TVTO did not take a person).
REJECT_KEYS = {
    "done": "nomination-rejection-done",
    "wrong_status": "nomination-not-waiting",
    "not_found": "nomination-not-found",
}
