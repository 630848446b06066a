"""Exports read back: the XLSX cell by cell, the CSV bytes, the .ics parsed."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from icalendar import Calendar
from lxml import etree

from bot.services.courses import CourseService
from bot.services.exports import (
    HEADERS_FA,
    WIDTHS,
    CalendarEvent,
    NomineeRow,
    calendar_ics,
    nominees_csv,
    nominees_xlsx,
    write_xlsx,
)
from bot.services.nomination import split_name
from storage.assessments import AssessmentsRepo
from storage.cooperatives import CooperativesRepo
from storage.registrations import RegistrationsRepo
from tests.services.courses_support import FakeNeeds, add_course, add_members, services

ROW = NomineeRow(
    first_name="زهرا",
    last_name="محمدی",
    national_id="0076229645",
    mobile="09121234567",
    cooperative_name="تعاونی فرش دستباف ورامین",
    cooperative_national_id="01234567890",
    registration_no="0456",
    cooperative_kind="تولیدی",
    role="مدیرعامل",
    province="تهران",
    county="ورامین",
    course_title="حسابداری مقدماتی",
    standard_code="0012345678",
    priority=1,
    requested_at=datetime(2025, 11, 16, 21, 0, tzinfo=UTC),  # 1404/08/26 00:30 Tehran
    tvto_answer="تأیید شد",
)


def test_xlsx_cell_by_cell():
    other = NomineeRow(**{**ROW.__dict__, "first_name": "علی", "priority": 2})
    data = nominees_xlsx([ROW, other], sheet_title="آبان ۱۴۰۴: فهرست")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "آبان ۱۴۰۴- فهرست"
    assert sheet.sheet_view.rightToLeft
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 3 and sheet.max_column == len(HEADERS_FA) == 17
    assert [c.value for c in sheet[1]] == list(HEADERS_FA)
    assert all(c.font.bold for c in sheet[1])
    expected = [
        1,
        "زهرا",
        "محمدی",
        "0076229645",
        "09121234567",
        "تعاونی فرش دستباف ورامین",
        "01234567890",
        "0456",
        "تولیدی",
        "مدیرعامل",
        "تهران",
        "ورامین",
        "حسابداری مقدماتی",
        "0012345678",
        1,
        "1404/08/26",
        "تأیید شد",
    ]
    assert [c.value for c in sheet[2]] == expected
    for column in ("D", "E", "G", "H", "N"):  # national ID, mobile, coop ID, reg. no, code
        cell = sheet[f"{column}2"]
        assert cell.data_type == "s" and cell.number_format == "@", column
    assert sheet["D2"].value.startswith("00")
    assert sheet["A3"].value == 2 and sheet["B3"].value == "علی" and sheet["O3"].value == 2


def test_xlsx_layout_and_styles():
    book = openpyxl.load_workbook(io.BytesIO(nominees_xlsx([ROW])))
    sheet = book.active
    for index, width in enumerate(WIDTHS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        # Excel stores a width with its cell padding: 6 characters is 6.71
        assert sheet.column_dimensions[letter].width == pytest.approx(width, abs=1)
    header = sheet["A1"]
    assert header.alignment.horizontal == "center" and header.alignment.wrap_text
    assert not sheet["B2"].font.bold and sheet["B2"].number_format == "General"
    assert sheet["A2"].data_type == "n" and sheet["O2"].data_type == "n"
    assert sheet["P2"].data_type == "s"  # the Jalali date: text, Latin digits


def test_xlsx_parts_are_well_formed_xml():
    with zipfile.ZipFile(io.BytesIO(nominees_xlsx([ROW] * 3))) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        types = archive.read("[Content_Types].xml").decode()
        for name in names:
            etree.fromstring(archive.read(name))  # raises on malformed XML
            if name.startswith("xl/") and not name.startswith("xl/_rels"):
                assert f'PartName="/{name}"' in types, name


def test_xlsx_text_that_needs_care():
    """Markup, spaces at the ends, a carriage return and control characters (which XML cannot
    hold: dropped) in any column; numbers in a text column stay text, None is an empty cell."""
    out = io.BytesIO()
    values = ("A & B <c> >", " lead", "trail ", "a\x01b\x0bc", "x\r\ny", 7, None, 1.5, "09\u200c12")
    count = write_xlsx(
        out,
        [values],
        header=("h&1", *(f"h{i}" for i in range(2, 10))),
        title='a&b "c"',
        text_columns=frozenset({5}),
    )
    assert count == 1
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.title == 'a&b "c"'
    assert not sheet.sheet_view.rightToLeft
    assert sheet["A1"].value == "h&1"
    assert [c.value for c in sheet[2]] == [
        "A & B <c> >",
        " lead",
        "trail ",
        "abc",
        "x\ny",
        "7",
        None,
        1.5,
        "09\u200c12",
    ]
    assert sheet["F2"].data_type == "s" and sheet["F2"].number_format == "@"


def test_xlsx_streams_many_rows():
    """More rows than one written chunk; read back in read-only mode (which trusts the sheet's
    stated size)."""
    rows = [NomineeRow(**{**ROW.__dict__, "national_id": f"{i:010d}"}) for i in range(2500)]
    data = nominees_xlsx(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet.max_row == 2501 and sheet.max_column == len(HEADERS_FA)
    read = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(read) == 2500
    assert [r[0] for r in read] == list(range(1, 2501))
    assert read[0][3] == "0000000000" and read[-1][3] == "0000002499"
    assert nominees_xlsx(iter(rows[:3]))  # an iterator (size unknown) works too


def test_csv_has_a_bom_and_the_same_columns():
    data = nominees_csv([ROW])
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS_FA)
    assert rows[1][3] == "0076229645" and rows[1][15] == "1404/08/26"


def test_names_split_into_first_and_last():
    assert split_name("زهرا محمدی") == ("زهرا", "محمدی")
    assert split_name("زهرا  سادات محمدی") == ("زهرا", "سادات محمدی")
    assert split_name("زهرا") == ("زهرا", "")
    assert split_name(None) == ("", "")


# --- iCalendar ---------------------------------------------------------------------------------


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    lines: list[str] = []
    for raw in text[:-2].split("\r\n"):
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def parse_ics(data: bytes) -> list[dict[str, str]]:
    """A small RFC 5545 reader: the VEVENTs as {name(;params): value}, values unescaped."""
    text = data.decode("utf-8")
    for raw in text.split("\r\n"):
        assert len(raw.encode("utf-8")) <= 75, raw
    events: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = (
                value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
            ).replace("\\\\", "\\")
    return events


def test_long_persian_text_is_folded_and_escaped():
    start = datetime(2025, 12, 6, 5, 30, tzinfo=UTC)
    summary = "حسابداری; مقدماتی, " * 12 + "\\ پایان"
    event = CalendarEvent(uid="y@coopbot", start=start, end=start, summary=summary)
    data = calendar_ics([event], now=start, name="دوره; «حسابداری»")
    [parsed] = parse_ics(data)  # every raw line at most 75 octets
    assert parsed["SUMMARY"] == summary
    assert Calendar.from_ical(data).walk("VEVENT")[0]["SUMMARY"] == summary


def test_calendar_round_trip():
    start = datetime(2025, 12, 6, 5, 30, tzinfo=UTC)  # 09:00 Tehran
    event = CalendarEvent(
        uid="x@coopbot",
        start=start,
        end=start + timedelta(hours=3),
        summary="حسابداری; مقدماتی, سطح ۱",
        location="مرکز شماره ۱، تهران",
        description="خط اول\nخط دوم",
    )
    data = calendar_ics([event], now=datetime(2025, 11, 16, 6, 0, tzinfo=UTC))
    text = data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "TZID:Asia/Tehran" in text and "TZOFFSETTO:+0330" in text
    [parsed] = parse_ics(data)
    assert parsed["DTSTART;TZID=Asia/Tehran"] == "20251206T090000"
    assert parsed["DTEND;TZID=Asia/Tehran"] == "20251206T120000"
    assert parsed["DTSTAMP"] == "20251116T060000Z"
    assert parsed["SUMMARY"] == "حسابداری; مقدماتی, سطح ۱"
    assert parsed["DESCRIPTION"] == "خط اول\nخط دوم"


async def test_course_calendar_has_every_session(db, clock):
    # Saturdays and Mondays 09:00-12:00 from 15 Azar to 9 Dey 1404 (2025-12-06 .. 2025-12-30)
    course = await add_course(db, clock.now(), start=date(2025, 12, 6), end=date(2025, 12, 30))
    service = CourseService(db, clock)
    filename, data = service.calendar(course, "fa")
    assert filename == f"course-{course.id}.ics"
    events = parse_ics(data)
    starts = [e["DTSTART;TZID=Asia/Tehran"] for e in events]
    assert starts == [
        "20251206T090000",
        "20251208T090000",
        "20251213T090000",
        "20251215T090000",
        "20251220T090000",
        "20251222T090000",
        "20251227T090000",
        "20251229T090000",
    ]
    assert len({e["UID"] for e in events}) == len(events)
    assert events[0]["SUMMARY"] == "حسابداری مقدماتی"
    assert events[0]["LOCATION"].startswith("مرکز آموزش فنی و حرفه‌ای")
    assert service.session_occurrences(course)[0] == (
        datetime(2025, 12, 6, 5, 30, tzinfo=UTC),
        datetime(2025, 12, 6, 8, 30, tzinfo=UTC),
    )


async def test_month_export_rows(db, clock):
    """A nominee without a profile yet still gets a row with the course's facts."""
    course = await add_course(
        db,
        clock.now(),
        start=date(2026, 1, 10),
        end=date(2026, 3, 1),
        deadline=datetime(2026, 1, 1, tzinfo=UTC),
    )
    [member] = await add_members(db, clock.now(), 1)
    needs = FakeNeeds()
    needs.submit(member, 5)
    _, registration, nomination = services(db, clock, needs)
    clock.set(datetime(2025, 11, 10, 6, 0, tzinfo=UTC))  # 19 Aban 1404
    await registration.register(member, course.id)
    clock.set(datetime(2025, 11, 16, 20, 30, tzinfo=UTC))  # 1404/08/26: Aban's list is closed
    month = await nomination.freeze_due()
    [row] = await nomination.export_rows(month.id)
    assert (row.course_title, row.standard_code, row.priority) == (
        "حسابداری مقدماتی",
        "0012345678",
        1,
    )
    assert (row.province, row.county, row.national_id) == ("تهران", "تهران", "")


async def test_month_nominees_in_one_query_make_the_same_rows(db, clock):
    """export_rows reads the month in one streamed query (RegistrationsRepo.month_nominees): a
    profile with a cooperative, one without, a person with no profile, by course and rank;
    someone who cancelled after the freeze and someone left without a seat are not in it."""
    clock.set(datetime(2025, 11, 10, 6, 0, tzinfo=UTC))  # 19 Aban 1404
    now = clock.now()
    first = await add_course(
        db, now, capacity=3, start=date(2026, 1, 10), deadline=datetime(2026, 1, 1, tzinfo=UTC)
    )
    second = await add_course(
        db,
        now,
        ref="c2",
        capacity=1,
        start=date(2026, 1, 10),
        deadline=datetime(2026, 1, 1, tzinfo=UTC),
    )
    members = await add_members(db, now, 5)
    async with db.write() as conn:
        coop = await CooperativesRepo(conn).insert(
            {
                "name": "تعاونی فرش",
                "identity_key": "farsh|0456|varamin",
                "national_id": "01234567890",
                "registration_no": "0456",
                "kind": "production",
                "county": "ورامین",
            },
            now,
        )
        profiles = AssessmentsRepo(conn)
        await profiles.save_profile(
            members[0],
            {
                "full_name": "زهرا محمدی",
                "national_id": "0076229645",
                "mobile": "09121234567",
                "role": "ceo",
                "cooperative_id": coop.id,
            },
            now,
        )
        await profiles.save_profile(members[1], {"full_name": "علی"}, now)
    needs = FakeNeeds()
    for score, member in enumerate(members, start=1):
        needs.submit(member, score)
    _, registration, nomination = services(db, clock, needs)
    for member, course in zip(members, (first, first, second, second, first), strict=True):
        clock.advance(seconds=1)
        await registration.register(member, course.id)
    clock.set(datetime(2025, 11, 16, 20, 30, tzinfo=UTC))  # Aban's list is closed
    month = await nomination.freeze_due()
    await registration.cancel(members[4], first.id)

    expected = await nomination.export_rows(month.id)
    async with db.read() as conn:
        found = [n async for n in RegistrationsRepo(conn).month_nominees(month.id, chunk=2)]
    assert [(r.first_name, r.priority) for r in expected] == [("علی", 2), ("زهرا", 3), ("", 1)]
    assert [r.course_title for r in expected] == ["حسابداری مقدماتی"] * 2 + [second.title_fa]
    assert [(n.member_id, n.rank) for n in found] == [
        (members[1], 2),  # rank 1 of this course was the person who cancelled
        (members[0], 3),
        (members[3], 1),
    ]
    assert found[1].cooperative.registration_no == "0456" and found[0].cooperative is None
    assert expected[1].national_id == "0076229645" and expected[1].county == "ورامین"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_xlsx_opens_in_libreoffice(tmp_path):
    """A second reader besides openpyxl: LibreOffice Calc turns the file into CSV. Text that
    looks like a formula, a link or an XML escape comes back as it was written."""
    other = NomineeRow(
        **{
            **ROW.__dict__,
            "first_name": "A & <B>",
            "last_name": "=1+2",
            "national_id": "0000000001",
            "cooperative_name": "http://example.org",
            "role": "_x0041_",
            "priority": 2,
        }
    )
    month = tmp_path / "month.xlsx"
    month.write_bytes(nominees_xlsx([ROW, other]))
    to_csv = "csv:Text - txt - csv (StarCalc):44,34,76"  # comma, double quote, UTF-8
    subprocess.run(
        ["soffice", "--headless", "--convert-to", to_csv, "--outdir", tmp_path, month],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},  # a profile of its own
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "month.csv").read_text(encoding="utf-8"))))
    assert rows[0] == list(HEADERS_FA)
    assert rows[1][3:5] == ["0076229645", "09121234567"] and rows[1][15] == "1404/08/26"
    assert rows[2][1] == "A & <B>" and rows[2][3] == "0000000001" and rows[2][13] == "0012345678"
    assert (rows[2][2], rows[2][5], rows[2][9]) == ("=1+2", "http://example.org", "_x0041_")
    assert (rows[1][0], rows[1][14], rows[2][0], rows[2][14]) == ("1", "1", "2", "2")


async def test_the_list_names_province_and_county_in_the_files_language(db, clock):
    """A cooperative stores its place as ids (`isfahan`, `kashan`); the official list shows the
    names, read back from the XLSX and the CSV; an English file has the English names; a county
    typed by staff (not in the list) stays as typed."""
    clock.set(datetime(2025, 11, 10, 6, 0, tzinfo=UTC))  # 19 Aban 1404
    now = clock.now()
    course = await add_course(
        db, now, capacity=3, start=date(2026, 1, 10), deadline=datetime(2026, 1, 1, tzinfo=UTC)
    )
    members = await add_members(db, now, 2)
    async with db.write() as conn:
        places = [("isfahan", "kashan"), ("tehran", "روستای دور")]
        for number, (member, (province, county)) in enumerate(zip(members, places, strict=True)):
            coop = await CooperativesRepo(conn).insert(
                {
                    "name": f"تعاونی {number}",
                    "identity_key": f"coop|{number}|{county}",
                    "kind": "production",
                    "province": province,
                    "county": county,
                },
                now,
            )
            await AssessmentsRepo(conn).save_profile(
                member, {"full_name": f"عضو {number}", "cooperative_id": coop.id}, now
            )
    needs = FakeNeeds()
    for score, member in enumerate(members, start=1):
        needs.submit(member, 10 - score)
    _, registration, nomination = services(db, clock, needs)
    for member in members:
        clock.advance(seconds=1)
        await registration.register(member, course.id)
    clock.set(datetime(2025, 11, 16, 20, 30, tzinfo=UTC))  # Aban's list is closed
    month = await nomination.freeze_due()

    rows = await nomination.export_rows(month.id)
    sheet = openpyxl.load_workbook(io.BytesIO(nominees_xlsx(rows))).active
    province, county = HEADERS_FA.index("استان"), HEADERS_FA.index("شهرستان")
    read = [(r[province].value, r[county].value) for r in sheet.iter_rows(min_row=2)]
    assert read == [("اصفهان", "کاشان"), ("تهران", "روستای دور")]
    lines = list(csv.reader(io.StringIO(nominees_csv(rows).decode("utf-8-sig"))))
    assert [(line[province], line[county]) for line in lines[1:]] == read
    english = await nomination.export_rows(month.id, locale="en")
    assert [(r.province, r.county) for r in english] == [
        ("Isfahan", "Kashan"),
        ("Tehran", "روستای دور"),
    ]
