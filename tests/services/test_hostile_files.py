"""Hostile files staff might be handed (issue 14): each is refused while it is read — before a
million rows are built or a bomb is unpacked — with one polite sentence in both locales,
nothing imported and no traceback; the catalogue and questionnaire YAML likewise."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.app import load_catalogue_file
from bot.chat.course_texts import import_report
from bot.core import safe_yaml
from bot.core.config import ConfigError
from bot.core.i18n import Translator
from bot.questionnaire.loader import QuestionnaireError, load_questionnaire
from bot.services import sheet_guard
from bot.services.catalogue import CatalogueError, load_catalogue
from bot.services.course_import import ImportReport, read_rows
from storage.courses import CoursesRepo
from tests.services import hostile_files as hostile
from tests.services.admin_support import audit_actions, make_services, person
from tests.services.test_course_import import GOOD, xlsx

CASES = {
    "a million empty rows": (hostile.million_empty_rows, "unsafe"),  # packed 1,000:1
    "300,000 numbered rows": (hostile.many_rows, "too_many_rows"),  # packed 7:1
    "4,000 empty rows": (lambda: hostile.empty_rows(4000), "too_many_rows"),
    "one cell in the last row": (hostile.last_row_only, "too_many_rows"),
    "a dimension of 900,000 rows": (hostile.lying_dimension, "too_many_rows"),
    "a row of 100 cells": (hostile.wide_row, "too_wide"),
    "a cell in column XFD": (hostile.far_column, "too_wide"),
    "a zip bomb": (hostile.zip_bomb, "unsafe"),
    "billion laughs in the sheet": (hostile.billion_laughs, "unsafe"),
    "billion laughs in another part": (
        lambda: hostile.billion_laughs("docProps/app.xml"),
        "unsafe",
    ),
    "300 parts": (hostile.many_parts, "unsafe"),
    "a renamed PDF": (lambda: hostile.RENAMED_PDF, "not_xlsx"),
    "half a file": (hostile.truncated, "not_xlsx"),
    "nothing": (lambda: b"", "empty"),
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_spreadsheet_is_refused_while_read(name):
    make, code = CASES[name]
    rows, problems = read_rows(make())
    assert rows == [] and [p.code for p in problems] == [code]


def test_the_unpacked_size_is_checked_before_unpacking(monkeypatch):
    monkeypatch.setattr(sheet_guard, "MAX_UNPACKED", 4096)
    rows, problems = read_rows(hostile.plain_xlsx())
    assert rows == [] and [(p.code, p.detail) for p in problems] == [("too_big", "0")]


def test_a_file_over_the_upload_limit_is_not_opened():
    _rows, problems = read_rows(b"PK" + b"\0" * (5 * 1024 * 1024))
    assert [(p.code, p.detail) for p in problems] == [("too_big", "5")]


def test_rows_and_columns_within_the_limits_are_read():
    book = Workbook()
    book.active.append(["ref", "title_fa"])
    for number in range(2, 2000):
        book.active.append([f"c-{number}", "حسابداری"] if number % 2 else [])
    out = io.BytesIO()
    book.save(out)
    rows, problems = read_rows(out.getvalue())
    assert problems == () and len(rows) == 999
    assert rows[0] == (3, {"ref": "c-3", "title_fa": "حسابداری"})


def test_more_courses_than_the_limit_are_refused(monkeypatch):
    from bot.services import course_import

    monkeypatch.setattr(course_import, "MAX_ROWS", 2)
    _rows, problems = read_rows(xlsx([GOOD, GOOD, GOOD]))
    assert [(p.code, p.detail) for p in problems] == [("too_many_rows", "2")]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("locale", ["fa", "en"])
def test_every_refusal_reads_as_one_sentence_in_both_locales(name, locale):
    make, _code = CASES[name]
    _rows, problems = read_rows(make())
    translator = Translator()
    report = ImportReport([], problems)
    text = import_report(lambda key, **kw: translator(locale, key, **kw), report)
    first, sentence = text.split("\n")
    assert first in ("هیچ دوره‌ای بارگذاری نشد:", "No course was loaded:")
    assert sentence.endswith(".") and not re.search(r"[.!?؟]\s", sentence), sentence
    assert "{" not in sentence and "course-admin" not in sentence and "Traceback" not in text


def test_limits_are_shown_in_the_readers_digits():
    translator = Translator()
    _rows, problems = read_rows(hostile.empty_rows(4000))
    report = ImportReport([], problems)
    assert "۳٬۰۰۰ ردیف" in import_report(lambda k, **kw: translator("fa", k, **kw), report)
    assert "3,000 rows" in import_report(lambda k, **kw: translator("en", k, **kw), report)


async def test_a_hostile_upload_changes_nothing(db, clock):
    services = make_services(db, clock)
    staff = await person(db, clock, 7001, "staff")
    for make, _code in CASES.values():
        report = await services.admin.imports.import_xlsx(staff, make())
        assert not report.imported and report.file_problems
    async with db.read() as conn:
        assert await CoursesRepo(conn).count() == 0
    assert await audit_actions(db) == []


# --- the catalogue file (COURSES_FILE) and the questionnaire ------------------------------------


def test_catalogue_xlsx_refusals_are_one_sentence(tmp_path):
    path = tmp_path / "courses.xlsx"
    path.write_bytes(hostile.zip_bomb())
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert str(caught.value) == (
        "courses.xlsx is packed in a way no spreadsheet program writes, so it was not opened"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (hostile.deep_yaml(), "it nests deeper than 64 levels"),
        (hostile.yaml_laughs(), "it expands to more than 500,000 values"),
        ("a: &a [*a]\ncourses: []\n", "it expands to more than 500,000 values"),
    ],
)
async def test_hostile_catalogue_yaml_stops_start_up_with_one_sentence(
    tmp_path, db, clock, text, expected
):
    path = tmp_path / "courses.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    assert str(caught.value) == f"courses.yaml was not read: {expected}"
    with pytest.raises(ConfigError) as stopped:
        await load_catalogue_file(make_services(db, clock), path)
    assert str(stopped.value) == (
        f"The course catalogue {path} (COURSES_FILE) cannot be read: "
        f"courses.yaml was not read: {expected}."
    )


def test_a_yaml_file_over_the_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_yaml, "MAX_BYTES", 1000)
    path = tmp_path / "courses.yaml"
    path.write_text("courses:\n" + "  - ref: x\n" * 200, encoding="utf-8")
    with pytest.raises(CatalogueError, match="was not read: it is larger than 0 MB"):
        load_catalogue(path)


def test_hostile_questionnaire_is_one_sentence(tmp_path: Path):
    path = tmp_path / "questionnaire.yaml"
    path.write_text(hostile.deep_yaml(), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(path)
    assert str(caught.value) == (
        f"The questionnaire file {path} was not read: it nests deeper than 64 levels."
    )


def test_ordinary_yaml_with_anchors_still_loads():
    text = "base: &s شنبه 09:00-12:00\ncourses:\n  - sessions: *s\n  - sessions: *s\n"
    assert safe_yaml.safe_load(text)["courses"][1] == {"sessions": "شنبه 09:00-12:00"}
