"""The monthly nomination cycle to TVTO.

1. Requests collect through the Jalali month. The list of month M closes on its cut-off day
   (`nomination_cutoff_day`, default the 25th) at `nomination_cutoff_time` (default 09:00),
   Tehran time: the same moment the reminders feature tells staff to send the list. A cut-off
   day past the month's end means its last day (31 in a 30-day month → the 30th; 30 in Esfand of
   a common year → the 29th). Without a cut-off time the list closes at the end of the day.
2. Freezing takes every waiting request (requested or waitlisted before the cut-off) and allocates
   the seats the month can give per course (capacity − seats already committed − open offers) by
   need score, then request time, with at most `nomination_coop_cap` people of one cooperative per
   course. Nothing changes for the members yet: the allocation is a proposal.
3. Staff review it, move people in or out (each move records who and why) and approve. Approval
   nominates the placed people (a waitlisted person placed takes the seat of the lowest-ranked
   unplaced request, who goes to the waitlist), carries the unplaced over to next month's list,
   and offers any seat left free to the waitlist.
4. Staff export the list (XLSX/CSV), mark it sent to TVTO, then mark whom TVTO confirmed.
   Marking it sent also cancels the month's pending deadline reminders to staff and admins
   (bot/services/reminders/), in the same transaction.
Every step is told to the members through the ledger, inside the same transaction, and written
to the audit log with who did it (exports too).

The modules:
- cutoffs.py: when a month's list closes, the month a request joins (`Cycle`);
- allocation.py: ranking and caps, the lists under review;
- results.py: what the service returns;
- reading.py: the overview, a month's allocation, the audit trail, names;
- freezing.py: freezing at the cut-off, the preview of the collecting month;
- review.py: staff moving people in or out;
- month_steps.py: one step of a month's status in one transaction, registrations advanced;
- approval.py: approval (nominate, carry over, offer free seats) and marking the list sent;
- tvto.py: TVTO's confirmation or rejection, a nomination returned to the list;
- seats.py: what the nomination uses of the registration service;
- export.py: the rows of the file sent to TVTO;
- service.py: NominationService, the one object the bot holds.
"""

from bot.services.nomination.allocation import InReview, allocate, allocations, under_review
from bot.services.nomination.cutoffs import (
    Cycle,
    cutoff_at,
    cutoff_day,
    last_closed_month,
    list_month_for,
)
from bot.services.nomination.export import (
    TVTO_ANSWERS,
    NomineeExport,
    nominee_row,
    option_labels,
    split_name,
    tvto_answer,
)
from bot.services.nomination.results import (
    CourseAllocation,
    ListEntry,
    MonthView,
    MoveResult,
    Overview,
    PreviewLine,
    StepResult,
)
from bot.services.nomination.seats import SeatKeeper
from bot.services.nomination.service import NominationService
from storage.nominations import NominationEntry as NominationEntry  # handlers take it from here

__all__ = [
    "TVTO_ANSWERS",
    "CourseAllocation",
    "Cycle",
    "InReview",
    "ListEntry",
    "MonthView",
    "MoveResult",
    "NominationEntry",
    "NominationService",
    "NomineeExport",
    "Overview",
    "PreviewLine",
    "SeatKeeper",
    "StepResult",
    "allocate",
    "allocations",
    "cutoff_at",
    "cutoff_day",
    "last_closed_month",
    "list_month_for",
    "nominee_row",
    "option_labels",
    "split_name",
    "tvto_answer",
    "under_review",
]
