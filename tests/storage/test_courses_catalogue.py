"""Catalogue files (YAML, XLSX) checked row by row and loaded into the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.services.catalogue import (
    FIELDS,
    CatalogueError,
    load_catalogue,
    main,
    parse_deadline,
    parse_sessions,
)
from bot.services.courses import CourseService

SAMPLE = Path(__file__).resolve().parents[2] / "bot" / "data" / "sample_courses.yaml"

GOOD = """\
  - ref: ok-1
    standard_code: "0012345678"
    title_fa: حسابداری
    title_en: Accounting
    topic: accounting
    provider_kind: tvto_centre
    provider_name: مرکز ۱
    province: تهران
    county: ری
    delivery_mode: in_person
    start: ۱۴۰۴/۰۹/۱۵
    end: 1404/10/30
    sessions: "شنبه ۰۹:۰۰-۱۲:۰۰؛ دوشنبه 9:00-12:00"
    total_hours: 48
    capacity: 20
    deadline: 1404/09/10
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text("courses:\n" + body, encoding="utf-8")
    return path


def test_the_sample_catalogue_is_valid():
    catalogue = load_catalogue(SAMPLE)
    assert catalogue.errors == []
    assert len(catalogue.courses) == 12
    assert {c.province for c in catalogue.courses} == {"تهران"}
    assert len({c.county for c in catalogue.courses}) >= 6
    assert all(c.standard_code.isdigit() for c in catalogue.courses)


def test_a_good_row(tmp_path):
    [course] = load_catalogue(write(tmp_path, GOOD)).courses
    assert course.start_date == date(2025, 12, 6) and course.end_date == date(2026, 1, 20)
    assert [(s.weekday, s.start, s.end) for s in course.sessions] == [
        (5, time(9), time(12)),
        (0, time(9), time(12)),
    ]
    # registration closes at the end of 10 Azar 1404, Tehran
    assert course.registration_deadline == datetime(2025, 12, 1, 20, 30, tzinfo=UTC)


def test_errors_are_reported_row_by_row(tmp_path):
    bad = (
        GOOD.replace("ok-1", "bad-1")
        .replace('"0012345678"', "12345678")
        .replace("topic: accounting", "topic: cooking")
    )
    worse = (
        GOOD.replace("ok-1", "bad-2")
        .replace("start: ۱۴۰۴/۰۹/۱۵", "start: 1404/07/31")
        .replace("شنبه ۰۹:۰۰-۱۲:۰۰؛", "جمعه‌شب 12:00-09:00;")
    )
    catalogue = load_catalogue(write(tmp_path, GOOD + bad + worse + GOOD))
    assert [c.ref for c in catalogue.courses] == ["ok-1"]
    found = {(e.row, e.field) for e in catalogue.errors}
    assert {(2, "standard_code"), (2, "topic"), (3, "start"), (3, "sessions"), (4, "ref")} <= found
    text = [str(e) for e in catalogue.errors]
    assert any("in quotes" in t for t in text)
    assert any(t.startswith("row 4 (ok-1): ref: used already in row 1") for t in text)


def test_sessions_and_deadlines_in_their_forms():
    assert parse_sessions([{"day": "Tuesday", "start": "16:00", "end": "19:00"}])[0].weekday == 1
    assert parse_sessions("sat 08:30-11:30")[0].start == time(8, 30)
    with pytest.raises(ValueError, match="ends before"):
        parse_sessions("شنبه 12:00-09:00")
    assert parse_deadline("1404/09/10 18:00") == datetime(2025, 12, 1, 14, 30, tzinfo=UTC)


def test_unreadable_files(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("courses: 3", encoding="utf-8")
    with pytest.raises(CatalogueError, match="list of courses"):
        load_catalogue(path)
    with pytest.raises(CatalogueError, match="does not exist"):
        load_catalogue(tmp_path / "missing.yaml")


def test_xlsx_catalogue(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(list(FIELDS))
    sheet.append(
        [
            "x-1",
            "0012345678",
            "حسابداری",
            "Accounting",
            "accounting",
            "private_institute",
            "آموزشگاه نوین",
            "تهران",
            "0216600",
            "تهران",
            "تهران",
            "online",
            "1404/09/15",
            "1404/10/30",
            "شنبه 09:00-12:00; دوشنبه 09:00-12:00",
            48,
            20,
            "1404/09/10",
        ]
    )
    sheet.append([None] * len(FIELDS))  # blank rows are skipped
    path = tmp_path / "catalogue.xlsx"
    book.save(path)
    catalogue = load_catalogue(path)
    assert catalogue.errors == []
    assert catalogue.courses[0].standard_code == "0012345678"
    assert catalogue.courses[0].delivery_mode == "online"


async def test_loading_twice_updates_instead_of_duplicating(db, clock):
    service = CourseService(db, clock)
    courses = load_catalogue(SAMPLE).courses
    assert await service.import_courses(courses) == (12, 0)
    assert await service.import_courses(courses) == (0, 12)
    assert await service.count() == 12


def test_the_command_line_checks_a_file(tmp_path, capsys):
    assert main([str(SAMPLE), "--check"]) == 0
    assert "12 courses are valid" in capsys.readouterr().out
    assert main([str(write(tmp_path, GOOD.replace("accounting", "x")))]) == 1
    assert "topic" in capsys.readouterr().err
