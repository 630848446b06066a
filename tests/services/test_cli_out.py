"""`coopbot export ... --out F` keeps what is there (issue 14): an existing file only with
`--force`, never through a symbolic link, never a folder; each refusal is one sentence on
stderr with exit code 2, and nothing is exported or recorded. `coopbot import-courses` answers a
hostile file with one sentence too."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from openpyxl import load_workbook

from bot.__main__ import main
from bot.cli import out_file
from tests.services import hostile_files as hostile
from tests.services.test_cli_admin import COURSE, office, spreadsheet  # noqa: F401 (fixture)


def said(capsys) -> str:
    """The sentence the command wrote on stderr (under the log lines), checked to be alone."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()[-1]


def audit_count(folder) -> int:
    with sqlite3.connect(folder / "data" / "coopbot.sqlite3") as conn:
        return conn.execute("SELECT count(*) FROM course_audit").fetchone()[0]


@pytest.fixture
def loaded(office, capsys):  # noqa: F811 (the fixture above)
    folder, _db = office
    (folder / "courses.xlsx").write_bytes(spreadsheet([COURSE]))
    assert main(["import-courses", "courses.xlsx"]) == 0
    capsys.readouterr()
    return folder


def test_an_existing_file_is_kept_unless_forced(loaded, capsys):
    target = loaded / "courses-out.xlsx"
    target.write_bytes(b"the office's own notes")
    before = audit_count(loaded)
    assert main(["export", "courses", "--out", str(target)]) == 2
    assert said(capsys) == (
        f"{target} exists already and was left as it is; give a new name, "
        "or add --force to replace it."
    )
    assert target.read_bytes() == b"the office's own notes" and audit_count(loaded) == before

    assert main(["export", "courses", "--out", str(target), "--force"]) == 0
    assert load_workbook(target).worksheets[0].cell(2, 1).value == "acc-1"
    assert not [p for p in loaded.iterdir() if p.name.endswith(".part")]


def test_a_new_file_is_for_its_owner_only(loaded):
    assert main(["export", "audit", "--out", "new/audit.xlsx"]) == 0
    assert stat.S_IMODE((loaded / "new" / "audit.xlsx").stat().st_mode) == out_file.MODE


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_symbolic_link_is_never_followed(loaded, capsys, force):
    secret = loaded / "secret.txt"
    secret.write_text("keep me")
    link = loaded / "link.xlsx"
    link.symlink_to(secret)
    dangling = loaded / "dangling.xlsx"
    dangling.symlink_to(loaded / "nowhere.xlsx")
    for target in (link, dangling):
        assert main(["export", "audit", "--out", str(target), *force]) == 2
        assert said(capsys) == (
            f"{target} is a symbolic link, which coopbot does not write through; "
            "give the name of a new file."
        )
    assert secret.read_text() == "keep me" and not (loaded / "nowhere.xlsx").exists()
    assert link.is_symlink() and os.readlink(link) == str(secret)


def test_a_folder_is_refused_in_the_chosen_language(loaded, capsys):
    (loaded / "exports").mkdir()
    assert main(["export", "courses", "--out", "exports", "--force"]) == 2
    assert said(capsys) == "exports is a folder; give the name of a file in it."
    assert main(["export", "courses", "--out", "exports", "--lang", "fa"]) == 2
    assert said(capsys) == "مسیر exports پوشه است؛ نام فایلی درون آن بدهید."


def test_a_link_that_appears_after_the_check_is_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    target = tmp_path / "out.xlsx"
    out_file.check(target, force=False)
    target.symlink_to(secret)  # a race: the link comes between the check and the write
    with pytest.raises(OSError):
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
    with pytest.raises(out_file.OutRefused):
        out_file.write(target, b"data", force=True)
    assert secret.read_text() == "keep me"


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (
            hostile.zip_bomb,
            "This file is packed in a way no spreadsheet program writes, so it was not opened; "
            "please save it again in Excel or LibreOffice and send that.",
        ),
        (
            lambda: hostile.RENAMED_PDF,
            "Please send the template as an .xlsx spreadsheet; this file could not be read.",
        ),
        (
            lambda: hostile.empty_rows(4000),
            "A sheet of this file has more than 3,000 rows (empty rows count too); please "
            "delete the empty rows below the courses or send the courses in several files.",
        ),
    ],
)
def test_import_of_a_hostile_file_is_one_sentence(office, capsys, make, sentence):  # noqa: F811
    folder, _db = office
    (folder / "evil.xlsx").write_bytes(make())
    assert main(["import-courses", "evil.xlsx"]) == 1
    assert capsys.readouterr().out == f"No course was loaded:\n{sentence}\n"
