"""Hostile files made on the spot, small on disk (shared by the tests and
bench/hostile_import_bench.py): spreadsheets that try to stall or swell whatever reads them, and
YAML that nests or expands without end."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>ref</t></is></c></row>'


def plain_xlsx() -> bytes:
    """A real one-sheet workbook (openpyxl) whose parts the others replace."""
    book = Workbook()
    book.active.append(["ref", "title_fa"])
    book.active.append(["a-1", "حسابداری"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_parts(replace: dict[str, bytes], extra: int = 0) -> bytes:
    """`plain_xlsx()` with some parts replaced (deflated), and `extra` empty parts added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(plain_xlsx())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for number in range(extra):
            target.writestr(f"docProps/extra{number}.txt", b"")
    return out.getvalue()


def sheet(rows_xml: str | bytes, dimension: str = "") -> bytes:
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
    if dimension:
        head += f'<dimension ref="{dimension}"/>'
    body = rows_xml if isinstance(rows_xml, bytes) else rows_xml.encode()
    return head.encode() + b"<sheetData>" + body + b"</sheetData></worksheet>"


SHEET = "xl/worksheets/sheet1.xml"


def million_empty_rows() -> bytes:
    """The issue's upload: a million empty rows (~0.2 MB packed, ~14 MB unpacked)."""
    rows = b"".join(b"<row/>" for _ in range(1_000_000))
    return with_parts({SHEET: sheet(HEADER_ROW.encode() + rows)})


def many_rows(count: int = 300_000) -> bytes:
    """Numbered rows of one number each (300,000: ~2 MB packed, ~13 MB unpacked): packed only
    ~7:1, so it is the row count that stops it, not the zip's ratio or size."""
    numbers = range(2, count + 2)
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in numbers)
    return with_parts({SHEET: sheet(HEADER_ROW.encode() + rows)})


def empty_rows(count: int) -> bytes:
    """`count` numbered empty rows under the header: not packed tightly enough to be a bomb."""
    rows = "".join(f'<row r="{n}"/>' for n in range(2, count + 2))
    return with_parts({SHEET: sheet(HEADER_ROW + rows)})


def last_row_only() -> bytes:
    """One cell in Excel's last row: openpyxl would fill in a million empty rows before it."""
    row = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return with_parts({SHEET: sheet(HEADER_ROW + row)})


def lying_dimension() -> bytes:
    return with_parts({SHEET: sheet(HEADER_ROW, dimension="A1:R900000")})


def wide_row(cells: int = 100) -> bytes:
    row = "".join(f"<c><v>{n}</v></c>" for n in range(cells))
    return with_parts({SHEET: sheet(HEADER_ROW + f'<row r="2">{row}</row>')})


def far_column() -> bytes:
    return with_parts({SHEET: sheet(HEADER_ROW + '<row r="2"><c r="XFD2"><v>1</v></c></row>')})


def zip_bomb(megabytes: int = 64) -> bytes:
    """A sheet that unpacks to `megabytes` MB of spaces (~65 KB packed per 64 MB)."""
    filler = b" " * (megabytes * 1024 * 1024)
    return with_parts({SHEET: sheet(HEADER_ROW.encode() + filler)})


def billion_laughs(part: str = SHEET) -> bytes:
    """Ten entities of ten: a DTD that expands to a billion «lol»s where the text is read."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    dtd = f"<!DOCTYPE worksheet [{''.join(entities)}]>"
    body = (
        f'<?xml version="1.0"?>{dtd}<worksheet xmlns="{NS}"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        f"</sheetData></worksheet>"
    )
    return with_parts({part: body.encode()})


def many_parts(count: int = 300) -> bytes:
    return with_parts({}, extra=count)


RENAMED_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def truncated() -> bytes:
    data = plain_xlsx()
    return data[: len(data) // 2]


# --- YAML ----------------------------------------------------------------------------------------


def deep_yaml(levels: int = 100_000) -> str:
    return "courses: " + "[" * levels + "]" * levels + "\n"


def yaml_laughs() -> str:
    """Nine anchors of nine aliases: 9**9 (387 million) values once expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, 10):
        aliases = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{aliases}]")
    lines.append("courses:\n  - ref: x\n    sessions: *a9")
    return "\n".join(lines) + "\n"
