"""Courses managed in the chat: field checks, add, edit, capacity (→ waitlist offers), close,
reopen, cancel (everyone told), lists with masked IDs, export with full IDs; audit entries."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.services.course_admin import Problem, build, check_field, raw_of
from bot.services.registration import RegistrationService
from bot.services.roles import NotAllowed
from storage.assessments import AssessmentsRepo
from storage.schema.ledger import deliveries
from tests.services.admin_support import audit_actions, make_services, person
from tests.services.courses_support import add_course, course_data

RAW = {
    "standard_code": "0012345678",
    "title_fa": "حسابداری ۱",
    "title_en": "Accounting 1",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز شماره 1",
    "provider_address": "",
    "provider_phone": "",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1404/09/15",
    "end": "1404/10/30",
    "sessions": [{"day": "Saturday", "start": "09:00", "end": "12:00"}],
    "total_hours": 48,
    "capacity": 2,
    "deadline": "1404/09/10",
}


class SubmittedNeeds:
    """Stands in for the needs assessment: everyone has submitted one (need 1.0, consent)."""

    class Latest:
        def __init__(self, member_id):
            self.id, self.member_id, self.cooperative_id = member_id, member_id, None
            self.need_score, self.consent, self.topics = 1.0, True, []

    async def latest(self, member_id):
        return self.Latest(member_id)


def registering(services) -> RegistrationService:
    """The registration service over the same database, with everyone's assessment submitted."""
    return RegistrationService(services.db, services.clock, services.settings, SubmittedNeeds())


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title_fa", "  حسابداری   2 ", "حسابداری ۲"),
        ("standard_code", "۰۰۱۲۳۴۵۶۷۸", "0012345678"),
        ("topic", "ICT", "ict"),
        ("provider_phone", "۰۲۱-۶۶۰۰۰۰۰۰", "02166000000"),
        ("provider_address", "", ""),
        ("total_hours", "۴۸", 48),
        ("start", "۱۵ آذر ۱۴۰۴", "15 آذر 1404"),
        (
            "sessions",
            "شنبه ۹:۰۰-۱۲:۰۰؛ دوشنبه 14:00-16:30",
            [
                {"day": "Saturday", "start": "09:00", "end": "12:00"},
                {"day": "Monday", "start": "14:00", "end": "16:30"},
            ],
        ),
    ],
)
def test_check_field_accepts(field, value, expected):
    assert check_field(field, value) == (expected, None)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("title_fa", "x", "too_short"),
        ("title_en", "", "required"),
        ("standard_code", "abc", "invalid"),
        ("topic", "cooking", "invalid"),
        ("provider_phone", "12", "invalid"),
        ("capacity", "0", "range"),
        ("capacity", "ده", "invalid"),
        ("start", "1404/07/31", "invalid"),  # no such day
        ("sessions", "شنبه 12:00-09:00", "invalid"),
        ("deadline", "tomorrow", "invalid"),
    ],
)
def test_check_field_refuses(field, value, code):
    cleaned, problem = check_field(field, value)
    assert cleaned is None and problem is not None and problem.code == code


def test_cross_field_checks():
    assert check_field("end", "1404/09/01", {"start": "1404/09/15"})[1] == Problem(
        "course", "end_before_start"
    )
    assert check_field("deadline", "1404/09/16", {"start": "1404/09/15"})[1] == Problem(
        "course", "deadline_after_start"
    )
    assert check_field("deadline", "1404/09/15 18:00", {"start": "1404/09/15"})[1] is None
    course = build({**RAW, "ref": "x"})
    assert course.start_date == date(2025, 12, 6) and course.capacity == 2
    assert build(raw_of(course)) == course  # raw_of is the inverse of build


async def test_add_edit_capacity_close_cancel(db, clock):
    services = make_services(db, clock)
    tools = services.admin.courses
    staff = await person(db, clock, 7001, "staff")
    member = await person(db, clock, 7002)
    assert tools.check("start", "1404/08/20", new=True)[1] == Problem("start", "past")
    assert tools.check("start", "1404/09/15", new=True)[1] is None
    with pytest.raises(NotAllowed):
        await tools.create(member, RAW)

    course = await tools.create(staff, RAW)
    assert course.ref.startswith("chat-") and course.title_fa == "حسابداری ۱"
    # edits: one field, then an invalid combination
    outcome = await tools.edit(staff, course.id, {"title_en": "Accounting I"})
    assert outcome.result == "changed" and outcome.course.title_en == "Accounting I"
    assert (await tools.edit(staff, course.id, {"title_en": "Accounting I"})).result == "unchanged"
    bad = await tools.edit(staff, course.id, {"end": "1404/09/01"})
    assert bad.result == "invalid" and bad.problems[0].code == "end_before_start"

    # three registrations on two seats: one waitlisted; two more seats → an offer
    people = [await person(db, clock, 8000 + i) for i in range(3)]
    registration = registering(services)
    for p in people:
        await registration.register(p.id, course.id)
    below = await tools.set_capacity(staff, course.id, 1)
    assert (below.result, below.taken) == ("below_taken", 2)
    more = await tools.set_capacity(staff, course.id, "۴")
    assert (more.result, more.offered, more.course.capacity) == ("changed", 1, 4)
    assert more.course.status == "open"

    overview = await tools.overview(course.id)
    assert overview.counts == {"requested": 2, "offered": 1} and overview.seats_left == 1

    assert (await tools.close(staff, course.id)).result == "changed"
    assert (await tools.close(staff, course.id)).result == "unchanged"
    assert (await tools.reopen(staff, course.id)).result == "changed"

    affected = await tools.cancel(staff, course.id, "no teacher")
    assert affected == 3
    assert await tools.cancel(staff, course.id, "again") is None
    assert (await tools.edit(staff, course.id, {"title_en": "x y z"})).result == "cancelled"
    async with db.read() as conn:
        keys = [
            r.payload["text"]["key"]
            for r in (await conn.execute(select(deliveries))).all()
            if r.cause == "course.status"
        ]
    assert keys.count("courses-notice-course-cancelled") == 3

    actions = [a[0] for a in await audit_actions(db)]
    assert actions == [
        "course.add",
        "course.edit",
        "course.capacity",
        "course.close",
        "course.reopen",
        "course_cancelled",
    ]


async def test_lists_mask_ids_and_export_shows_them(db, clock):
    services = make_services(db, clock)
    tools = services.admin.courses
    staff = await person(db, clock, 7001, "staff")
    course = await add_course(db, clock.now(), capacity=1)
    a = await person(db, clock, 8001, first_name="Arash")
    b = await person(db, clock, 8002, first_name="Bahar")
    async with db.write() as conn:
        await AssessmentsRepo(conn).save_profile(
            a.id,
            {"full_name": "آرش آرشی", "national_id": "0076229645", "mobile": "09121234567"},
            clock.now(),
        )

    registration = registering(services)
    await registration.register(a.id, course.id)
    await registration.register(b.id, course.id)
    registrants = await tools.people(course.id, "registrants")
    assert [(p.name, p.national_id, p.mobile) for p in registrants] == [
        ("آرش آرشی", "******9645", "0912***4567")
    ]
    waitlist = await tools.people(course.id, "waitlist")
    assert [(p.name, p.position) for p in waitlist] == [("Bahar", 1)]

    name, data = await tools.export_people(staff, course.id, headers={"national_id": "کد ملی"})
    assert name.endswith(".xlsx")
    import io

    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.cell(1, 3).value == "کد ملی"
    assert sheet.cell(2, 3).value == "0076229645" and sheet.cell(2, 3).number_format == "@"
    assert ("course.export", staff.id, "course", course.id) in await audit_actions(db)


def test_course_data_helper_round_trip():
    data = course_data()
    assert build(raw_of(data)) == data
