"""Courses in bulk: the XLSX template, imports that are all-or-nothing with a row-by-row report,
the catalogue export in the same form (round trip), and the catalogue loader reading it."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from bot.services.catalogue import FIELDS, load_catalogue
from storage.courses import CoursesRepo
from tests.services.admin_support import audit_actions, make_services, person

GOOD = {
    "ref": "acc-1",
    "standard_code": "0012345678",
    "title_fa": "حسابداری مقدماتی",
    "title_en": "Basic accounting",
    "topic": "accounting",
    "provider_kind": "tvto_centre",
    "provider_name": "مرکز شماره ۱",
    "provider_address": "تهران",
    "provider_phone": "02166000000",
    "province": "تهران",
    "county": "تهران",
    "delivery_mode": "in_person",
    "start": "1404/10/01",
    "end": "1404/11/30",
    "sessions": "شنبه 09:00-12:00; دوشنبه 09:00-12:00",
    "total_hours": 48,
    "capacity": 25,
    "deadline": "1404/09/25",
}


def t(key: str) -> str:
    return f"[{key}]"


def xlsx(rows: list[dict], header: tuple[str, ...] = FIELDS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_template_has_the_catalogue_columns_and_a_guide(db, clock):
    services = make_services(db, clock)
    name, data = services.admin.imports.template(t)
    assert name == "courses-template.xlsx"
    book = load_workbook(io.BytesIO(data))
    first, guide = book.worksheets
    assert tuple(c.value for c in first[1]) == FIELDS
    assert first.cell(1, 1).comment.text == "[course-import-col-ref]"
    assert first.cell(2, 2).number_format == "@"  # codes keep their leading zeros
    assert guide.title == "-course-import-guide-sheet-"
    assert guide.cell(2, 1).value == "ref" and guide.cell(2, 2).value == "[course-import-col-ref]"
    assert first.max_row >= 2 and first.cell(2, 1).value is None  # no example row to forget


async def test_good_file_is_imported(db, clock):
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff")
    second = {**GOOD, "ref": "", "title_fa": "قوانین تعاون", "topic": "coop_law"}
    report = await services.admin.imports.import_xlsx(staff, xlsx([GOOD, second]))
    assert report.ok and report.imported
    assert (report.added, report.updated) == (2, 0)
    assert [(r.row, r.ref, r.action) for r in report.rows] == [
        (2, "acc-1", "add"),
        (3, None, "add"),
    ]
    async with db.read() as conn:
        course = await CoursesRepo(conn).get_by_ref("acc-1")
        assert await CoursesRepo(conn).count() == 2
    assert course.standard_code == "0012345678" and course.capacity == 25
    assert [a[0] for a in await audit_actions(db)] == ["course.import", "course.import"]

    # the same file again: updates, nothing changed, no audit noise; a new capacity: one entry
    again = await services.admin.imports.import_xlsx(staff, xlsx([{**GOOD, "capacity": 30}]))
    assert (again.added, again.updated) == (0, 1)
    async with db.read() as conn:
        assert (await CoursesRepo(conn).get_by_ref("acc-1")).capacity == 30
    assert [a[0] for a in await audit_actions(db)].count("course.import") == 3


async def test_one_bad_row_imports_nothing_and_reports_every_row(db, clock):
    services = make_services(db, clock)
    rows = [
        GOOD,
        {**GOOD, "ref": "b", "topic": "cooking", "start": "1404/13/01"},
        {**GOOD, "ref": "acc-1"},  # the same ref twice
        {**GOOD, "ref": "c", "end": "1404/09/01"},  # ends before it starts
        {**GOOD, "ref": "d", "standard_code": 12345, "capacity": 0},
    ]
    report = await services.admin.imports.import_xlsx(None, xlsx(rows))
    assert not report.ok and not report.imported
    by_row = {r.row: {(p.field, p.code) for p in r.problems} for r in report.rows}
    assert by_row[2] == set()
    assert {("topic", "invalid"), ("start", "invalid")} <= by_row[3]
    assert ("ref", "duplicate_ref") in by_row[4]
    assert by_row[5] == {("course", "end_before_start")}
    assert {("standard_code", "invalid"), ("capacity", "range")} <= by_row[6]
    async with db.read() as conn:
        assert await CoursesRepo(conn).count() == 0
    assert await audit_actions(db) == []


async def test_file_problems(db, clock):
    imports = make_services(db, clock).admin.imports
    assert (await imports.import_xlsx(None, b"not a spreadsheet")).file_problems[0].code == (
        "not_xlsx"
    )
    assert (await imports.import_xlsx(None, b"")).file_problems[0].code == "empty"
    assert (await imports.import_xlsx(None, xlsx([]))).file_problems[0].code == "empty"
    unknown = await imports.import_xlsx(None, xlsx([GOOD], (*FIELDS, "colour")))
    assert (unknown.file_problems[0].code, unknown.file_problems[0].detail) == (
        "unknown_column",
        "colour",
    )


async def test_export_round_trip_and_catalogue_loader(db, clock, tmp_path):
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff")
    await services.admin.imports.import_xlsx(
        staff, xlsx([GOOD, {**GOOD, "ref": "x2", "deadline": "1404/09/25 18:30"}])
    )
    name, data = await services.admin.imports.export(staff, t)
    assert name == "courses.xlsx"
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    values = {sheet.cell(1, i).value: sheet.cell(3, i).value for i in range(1, len(FIELDS) + 1)}
    assert values["deadline"] == "1404/09/25 18:30" and values["standard_code"] == "0012345678"
    assert values["sessions"] == "Saturday 09:00-12:00; Monday 09:00-12:00"
    # importing the export changes nothing
    again = await services.admin.imports.import_xlsx(staff, data)
    assert again.ok and again.updated == 2
    assert [a[0] for a in await audit_actions(db)].count("course.import") == 2
    # the courses feature's own loader reads the same file
    path = tmp_path / "courses.xlsx"
    path.write_bytes(data)
    catalogue = load_catalogue(path)
    assert catalogue.errors == [] and [c.ref for c in catalogue.courses] == ["acc-1", "x2"]


async def test_persian_template_guide_in_persian_digits_and_its_examples_import(db, clock):
    """The Persian guide's prose and examples read in Persian digits (no Latin digit in a
    Persian text); the examples, typed as shown, pass the importer (it reads any digits)."""
    from bot.core.i18n import Translator

    translator = Translator()
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff")
    _, data = services.admin.imports.template(lambda key: translator("fa", key), rtl=True)
    first, guide = load_workbook(io.BytesIO(data)).worksheets
    fields = guide.iter_rows(min_row=2, max_row=len(FIELDS) + 1)  # one row per column
    rows = {r[0].value: (r[1].value, r[2].value) for r in fields}
    assert tuple(rows) == FIELDS
    texts = [first.cell(1, i).comment.text for i in range(1, len(FIELDS) + 1)]
    texts += [text for name, (text, _) in rows.items() if name in FIELDS]
    texts += [example for name, (_, example) in rows.items() if name in FIELDS and example]
    assert not [text for text in texts if any(ch.isascii() and ch.isdigit() for ch in text)]
    assert rows["sessions"][1] == "شنبه ۰۹:۰۰-۱۲:۰۰; دوشنبه ۰۹:۰۰-۱۲:۰۰"
    assert rows["start"][1] == "۱۴۰۴/۱۰/۰۱" and rows["standard_code"][1] == "۰۰۱۲۳۴۵۶۷۸"
    assert "۰۹:۰۰-۱۲:۰۰" in rows["sessions"][0] and "۱۸:۰۰" in rows["deadline"][0]

    typed = {name: example or "" for name, (_, example) in rows.items() if name in FIELDS}
    report = await services.admin.imports.import_xlsx(staff, xlsx([{**typed, "ref": "ex-1"}]))
    assert report.ok and report.added == 1
    async with db.read() as conn:
        course = await CoursesRepo(conn).get_by_ref("ex-1")
    assert (course.standard_code, course.provider_phone) == ("0012345678", "02166000000")
    assert (course.capacity, course.total_hours) == (25, 48)
    assert course.start_date.isoformat() == "2025-12-22"  # 1404/10/01

    # the English guide keeps Latin digits
    _, data = services.admin.imports.template(lambda key: translator("en", key), rtl=False)
    guide = load_workbook(io.BytesIO(data)).worksheets[1]
    examples = {r[0].value: r[2].value for r in guide.iter_rows(min_row=2, max_row=len(FIELDS) + 1)}
    assert examples["start"] == "1404/10/01" and examples["capacity"] == "25"
