"""The audit log's XLSX export for office staff (the chat's /audit, the web page, `coopbot export
audit`): in the reader's language, one column of changes with a line per detail «field: old →
new», the fields by name, values in words, Jalali dates and the reader's digits. Without a
reader the sheet keeps its codes and compact JSON, for a program."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

from openpyxl import load_workbook

from bot.chat.reader import Lang
from bot.core.i18n import Translator
from tests.services.admin_support import make_services, person

WHEN = datetime(2025, 11, 19, 6, 0, tzinfo=UTC).isoformat()  # 28 Aban 1404, 09:30 Tehran


async def exported(db, clock, locale: str | None) -> list[tuple]:
    services = make_services(db, clock)
    staff = await person(db, clock, 7101, "staff", first_name="زهرا")
    audit = services.admin.audit
    await audit.record(
        staff.id, "course.capacity", "course", 12,
        before={"capacity": 20, "status": "full"}, after={"capacity": 1250, "status": "open"},
    )  # fmt: skip
    await audit.record(
        staff.id, "role.invite", "member", 0, after={"role": "staff", "expires_at": WHEN}
    )
    await audit.record(staff.id, "course.edit", "course", 3, before={"capacity": 30}, after={})
    reader = Lang(Translator(), locale) if locale else None
    data = await audit.export_xlsx(reader=reader)
    sheet = load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True))


async def test_the_export_reads_in_persian(db, clock):
    header, capacity, invite, gone = await exported(db, clock, "fa")
    assert header[-1] == "تغییرات" and len(header) == 9
    assert capacity[4] == "تغییر ظرفیت دوره" and capacity[5] == "دوره" and capacity[6] == 12
    assert capacity[8].splitlines() == ["ظرفیت: ۲۰ ← ۱٬۲۵۰", "وضعیت: پر ← ثبت‌نام باز"]
    assert invite[8].splitlines() == ["نقش: کارشناس", "اعتبار تا: ۲۸ آبان ۱۴۰۴، ساعت ۰۹:۳۰"]
    assert gone[8] == "ظرفیت: ۳۰ ← —"
    for row in (capacity, invite, gone):
        assert "{" not in row[8] and not re.search("[0-9]", row[8]), row[8]


async def test_the_export_reads_in_english(db, clock):
    header, capacity, invite, _gone = await exported(db, clock, "en")
    assert header[-1] == "Changes"
    assert capacity[4] == "course capacity changed"
    assert capacity[8].splitlines() == ["Capacity: 20 → 1,250", "status: full → registration open"]
    assert invite[8].splitlines()[1] == "valid until: 28 Aban 1404, 09:30"


async def test_without_a_reader_the_sheet_keeps_codes_and_json(db, clock):
    header, capacity, *_ = await exported(db, clock, None)
    assert len(header) == 10
    assert capacity[4] == "course.capacity" and capacity[5] == "course"
    assert capacity[8] == '{"capacity": 20, "status": "full"}'
    assert capacity[9] == '{"capacity": 1250, "status": "open"}'
