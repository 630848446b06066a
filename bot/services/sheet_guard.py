"""Reading an XLSX file nobody vouches for (a staff upload, `coopbot import-courses`,
COURSES_FILE) within bounds that are checked *before* and *while* it is read, never after.

1. The archive: its declared sizes are checked before anything is unpacked — at most
   MAX_PARTS parts, MAX_UNPACKED bytes in all, and no part over RATIO_FLOOR bytes that unpacks
   to more than MAX_RATIO times its packed size (a zip bomb). zipfile stops at the declared size
   and refuses a part that unpacks to more (its CRC check), so the declared sizes are the bound.
2. The parts: a streaming scan of every XML part (expat, 64 KiB at a time) that refuses a
   document type declaration (billion laughs, external entities) and, in worksheets, counts
   rows — a row numbered far below counts as all the empty rows before it — and cells per row,
   stopping at the first row over the limit. defusedxml guards openpyxl's own parsing too.
3. Only then openpyxl opens the file (read-only, values only); the first sheet's `<dimension>`
   is checked and its rows are read at most `max_columns` wide, counted again as they come.

The memory bound: a file that passes holds at most 3,000 × 64 cells and 16 MiB of XML, and the
checks themselves hold one 64 KiB chunk at a time; refusing any of the hostile files of the tests
added at most 5 MiB to the process, and other chats' /help stayed under 0.75 s at p99 on a busy
machine (bench/hostile_import_bench.py, bench/README.md). The work is synchronous: callers in the
bot run it in a thread (asyncio.to_thread).

Every refusal is a SheetRefused with a code (`not_xlsx`, `unsafe`, `too_big`, `too_many_rows`,
`too_wide`) and a detail (a limit), which the caller turns into one polite sentence.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.xml.constants import SHEET_MAIN_NS

log = logging.getLogger(__name__)

MAX_PARTS = 256
MAX_UNPACKED = 16 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
MAX_SHEET_ROWS = 3_000  # rows read, empty ones included
MAX_COLUMNS = 64
CHUNK = 64 * 1024
_ROW, _CELL = f"{SHEET_MAIN_NS} row", f"{SHEET_MAIN_NS} c"


class SheetRefused(Exception):
    """The file is not read; `code` says why, `detail` is the limit it crossed (or "")."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive by its declared sizes, before anything in it is unpacked."""
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise SheetRefused("unsafe")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(
            part.compress_size, 1
        ):
            raise SheetRefused("unsafe")
    if total > MAX_UNPACKED:
        raise SheetRefused("too_big", str(MAX_UNPACKED // (1024 * 1024)))


def scan_parts(archive: zipfile.ZipFile, *, max_rows: int, max_columns: int) -> None:
    """Stream every XML part once (expat, CHUNK bytes at a time; binary parts such as images are
    skipped): refuse a DOCTYPE anywhere, and in a worksheet the first row past `max_rows` (by
    count or by its number) or with more than `max_columns` cells."""
    for part in archive.infolist():
        with archive.open(part) as stream:
            head = stream.read(CHUNK)
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                _scan_xml(head, stream, max_rows, max_columns)


def _scan_xml(head: bytes, stream: IO[bytes], max_rows: int, max_columns: int) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    state = {"rows": 0, "cells": 0}

    def refuse_doctype(*_: Any) -> None:
        raise SheetRefused("unsafe")

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == _ROW:
            state["rows"] += 1
            state["cells"] = 0
            number = attrs.get("r", "")
            if state["rows"] > max_rows or (number.isdigit() and int(number) > max_rows):
                raise SheetRefused("too_many_rows", str(max_rows))
        elif name == _CELL:
            state["cells"] += 1
            if state["cells"] > max_columns or _column(attrs.get("r", "")) > max_columns:
                raise SheetRefused("too_wide", str(max_columns))

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    chunk = head
    while chunk:
        parser.Parse(chunk, False)
        chunk = stream.read(CHUNK)
    parser.Parse(b"", True)


def _column(reference: str) -> int:
    """The column number of a cell reference (`C7` → 3); 0 when there is none."""
    if not reference:
        return 0
    try:
        return column_index_from_string(coordinate_from_string(reference)[0])
    except ValueError:
        return 0


def read_first_sheet(
    source: Path, *, max_rows: int = MAX_SHEET_ROWS, max_columns: int = MAX_COLUMNS
) -> list[tuple[Any, ...]]:
    """The first sheet's rows (values; empty rows too, as rows of None), at most `max_rows`
    rows of at most `max_columns` values, or SheetRefused."""
    try:
        return list(_rows(source, max_rows, max_columns))
    except SheetRefused:
        raise
    except Exception as exc:  # a hostile or broken file: a refusal, never a traceback
        if exc.__class__.__name__ in ("EntitiesForbidden", "DTDForbidden", "NotSupportedError"):
            raise SheetRefused("unsafe") from None
        log.info("an XLSX could not be read: %s", exc.__class__.__name__)
        raise SheetRefused("not_xlsx") from None


def _rows(source: Path, max_rows: int, max_columns: int) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    with zipfile.ZipFile(source) as archive:
        check_archive(archive)
        scan_parts(archive, max_rows=max_rows, max_columns=max_columns)
    book = load_workbook(source, read_only=True, data_only=True)
    try:
        if not book.worksheets:
            raise SheetRefused("not_xlsx")
        sheet = book.worksheets[0]
        if (sheet.max_row or 0) > max_rows:  # the sheet's own <dimension>
            raise SheetRefused("too_many_rows", str(max_rows))
        if (sheet.max_column or 0) > max_columns:
            raise SheetRefused("too_wide", str(max_columns))
        width = min(sheet.max_column or max_columns, max_columns)
        lines = sheet.iter_rows(max_row=max_rows + 1, max_col=width, values_only=True)
        for count, values in enumerate(lines, start=1):
            if count > max_rows:
                raise SheetRefused("too_many_rows", str(max_rows))
            yield values
    finally:
        book.close()
