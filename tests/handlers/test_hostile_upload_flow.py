"""A staff member uploads hostile spreadsheets in the chat (issue 14): each gets one polite
sentence in the staff member's language, nothing is loaded, the import keeps waiting for a good
file, and the good file still loads afterwards."""

from __future__ import annotations

from bot.services.course_import import MAX_BYTES
from storage.schema.courses import courses
from tests.handlers.harness import make_bot
from tests.handlers.test_admin_flow import count, send_file
from tests.services import hostile_files as hostile
from tests.services.test_cli_admin import COURSE, spreadsheet

FAILED_FA = "هیچ دوره‌ای بارگذاری نشد:\n"


async def test_hostile_uploads_get_one_sentence_and_change_nothing(tmp_path):
    async with make_bot(tmp_path, admins=[("telegram", 9001), ("telegram", 9002)]) as bot:
        staff = bot.person(9001, "کارشناس")
        await staff.command("/admin")
        await staff.press("بارگذاری فایل اکسل دوره‌ها")

        await send_file(staff, "courses.xlsx", hostile.zip_bomb())
        assert staff.last().text == FAILED_FA + (
            "این فایل به شکلی بسته‌بندی شده که هیچ برنامهٔ صفحه‌گسترده‌ای نمی‌سازد، پس باز نشد؛ "
            "لطفاً آن را در اکسل یا لیبره‌آفیس دوباره ذخیره کنید و بفرستید."
        )
        assert staff.buttons() == ["خروج"]  # still waiting for a file
        await send_file(staff, "courses.xlsx", hostile.empty_rows(4000))
        assert staff.last().text == FAILED_FA + (
            "برگهٔ این فایل بیش از ۳٬۰۰۰ ردیف دارد (ردیف‌های خالی هم شمرده می‌شوند)؛ لطفاً "
            "ردیف‌های خالی زیر دوره‌ها را پاک کنید یا دوره‌ها را در چند فایل بفرستید."
        )
        await send_file(staff, "courses.xlsx", hostile.RENAMED_PDF)
        assert staff.last().text == FAILED_FA + (
            "لطفاً فایل اکسل (xlsx) قالب را بفرستید؛ این فایل خوانده نشد."
        )
        await send_file(staff, "courses.xlsx", b"PK" + b"\0" * MAX_BYTES)
        assert staff.last().text == (
            "این فایل بزرگ‌تر از ۵ مگابایت است؛ لطفاً دوره‌ها را در چند فایل کوچک‌تر بفرستید."
        )
        assert await count(bot, courses) == 0

        member = bot.person(3001, "عضو")
        assert (await member.command("/help"))[0].text  # the others are served all along

        await send_file(staff, "courses.xlsx", spreadsheet([COURSE]))
        assert staff.last().text.startswith("بارگذاری انجام شد: ۱ دورهٔ تازه")
        assert await count(bot, courses) == 1

        english = bot.person(9002, "Sara", language_code="en")
        await english.command("/admin")
        await english.press("Upload a course spreadsheet")
        await send_file(english, "courses.xlsx", hostile.billion_laughs())
        assert english.last().text == (
            "No course was loaded:\nThis file is packed in a way no spreadsheet program writes, "
            "so it was not opened; please save it again in Excel or LibreOffice and send that."
        )
        await send_file(english, "courses.xlsx", hostile.wide_row())
        assert english.last().text == (
            "No course was loaded:\nA sheet of this file has more than 64 columns; please use "
            "the bot's template."
        )
        assert await count(bot, courses) == 1
