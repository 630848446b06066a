"""The /audit screen names recorded statuses and other codes in the reader's language (office
wording, not the member's own status texts); an unknown code shows as recorded."""

from __future__ import annotations

from typing import get_args

from bot.core.i18n import Translator
from storage.broadcasts import BroadcastKind, BroadcastStatus
from storage.courses import CourseStatus
from storage.nominations import MonthStatus
from storage.registrations import STATUSES
from tests.handlers.harness import make_bot


async def record_statuses(bot) -> None:
    """Entries as the services write them: a registration, a month, a course, a broadcast."""
    record = bot.services.admin.audit.record
    await record(
        None,
        "tvto_reject",
        "registration",
        7,
        before={"status": "sent"},
        after={"status": "rejected", "month_id": 2},
    )
    await record(
        None,
        "return_to_list",
        "registration",
        8,
        before={"status": "waitlisted"},
        after={"status": "requested"},
    )
    await record(
        None, "approve", "month", 2, before={"status": "frozen"}, after={"status": "approved"}
    )
    await record(
        None,
        "course_cancelled",
        "course",
        3,
        before={"status": "open"},
        after={"status": "cancelled", "registrations_cancelled": 4},
    )
    await record(
        None,
        "broadcast.start",
        "broadcast",
        5,
        after={
            "status": "sending",
            "audience": {"platform": "bale", "course_groups": ["waitlist"]},
            "urgent": False,
        },
    )
    await record(
        None,
        "broadcast.create",
        "broadcast",
        6,
        after={"status": "draft", "kind": "photo", "platform": "telegram"},
    )
    await record(
        None,
        "place",
        "entry",
        9,
        before={"placed": False, "reason": "mystery"},
        after={"placed": True, "reason": "staff"},
    )


async def test_audit_screen_names_statuses_in_persian_and_english(tmp_path):
    async with make_bot(tmp_path) as bot:
        admin = bot.person(9001, "مدیر")
        await admin.command("/start")
        await record_statuses(bot)
        await admin.command("/audit")
        text = admin.last().text
        assert (
            "پیش از: وضعیت: فرستاده‌شده به فنی و حرفه‌ای ← پس از: وضعیت: نپذیرفتهٔ فنی و حرفه‌ای"
            in text
        )
        assert "پیش از: وضعیت: در فهرست انتظار ← پس از: وضعیت: درخواست داده (در نوبت)" in text
        assert "پیش از: وضعیت: بسته‌شده، در انتظار تأیید ← پس از: وضعیت: تأییدشده" in text
        assert "پیش از: وضعیت: ثبت‌نام باز ← پس از: وضعیت: لغوشده، ثبت‌نام‌های لغوشده: ۴" in text
        assert "وضعیت: در حال فرستادن، گیرندگان: پیام‌رسان: بله، گروه‌های دوره: فهرست انتظار" in text
        assert "وضعیت: پیش‌نویس، گونهٔ پیام: عکس، پیام‌رسان: تلگرام" in text
        # an unknown code shows as recorded; the staff's own choice in words
        assert (
            "پیش از: در فهرست: خیر، دلیل: mystery ← پس از: در فهرست: بله، دلیل: به تصمیم کارشناس"
            in text
        )
        for code in ("requested", "waitlisted", "frozen", "approved", "sending", "draft", "photo"):
            assert code not in text

        await admin.command("/language")
        await admin.press("English")
        await admin.command("/audit")
        text = admin.last().text
        assert "Before: status: sent to TVTO → after: status: not accepted by TVTO" in text
        assert "status: on the waiting list → after: status: requested (in the queue)" in text
        assert "status: frozen, awaiting approval → after: status: approved" in text
        assert "status: registration open → after: status: cancelled" in text
        assert "status: sending, recipients: messenger: Bale, course groups: waiting list" in text
        assert "status: draft, message kind: photo, messenger: Telegram" in text
        assert "reason: mystery → after:" in text and "reason: staff's decision" in text


def test_every_stored_status_has_an_audit_text():
    t = Translator()
    codes = {
        "status-registration": STATUSES,
        "status-month": get_args(MonthStatus),
        "status-course": get_args(CourseStatus),
        "status-broadcast": get_args(BroadcastStatus),
        "kind": get_args(BroadcastKind),
    }
    missing = [
        f"audit-{group}-{code}"
        for group, found in codes.items()
        for code in found
        for locale in ("fa", "en")
        if not t.has(f"audit-{group}-{code}", locale)
    ]
    assert not missing
