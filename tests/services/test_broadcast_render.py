"""The live status message of a broadcast: bar, counts, time left, quiet hours, final summary."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.background.broadcast_progress import eta_text, progress_bar, progress_markup, progress_text
from bot.core.i18n import Translator
from bot.services.broadcast import Progress
from storage.audience import Audience
from storage.broadcasts import Broadcast

NOW = datetime(2025, 11, 16, 6, 0, tzinfo=UTC)
t = Translator()


def broadcast(**kw) -> Broadcast:
    values = dict(
        id=7,
        created_by=1,
        platform="telegram",
        source_chat_id=1,
        source_message_id=2,
        kind="text",
        body="x",
        template=None,
        audience=Audience(),
        audience_size=2000,
        status="sending",
        urgent=False,
        scheduled_at=None,
        started_at=NOW,
        stopped_at=None,
        finished_at=None,
        stopped_by=None,
        enqueue_cursor=0,
        enqueue_done=True,
        enqueued=2000,
        status_chat_id=None,
        status_message_id=None,
        created_at=NOW,
        updated_at=NOW,
    )
    values.update(kw)
    return Broadcast.model_validate(values)


def progress(b: Broadcast, **kw) -> Progress:
    values = dict(
        broadcast=b,
        total=2000,
        sent=900,
        blocked=50,
        failed=2,
        cancelled=0,
        expired=0,
        uncertain=0,
        open=1048,
        reasons=(),
        rate=25.0,
        eta_seconds=1048 / 25,
        quiet_until=None,
    )
    values.update(kw)
    return Progress(**values)


def test_bar_and_time_left():
    assert progress_bar(0) == "▱" * 12
    assert progress_bar(0.5) == "▰" * 6 + "▱" * 6
    assert progress_bar(1) == "▰" * 12
    assert eta_text(t, "fa", 42) == "۴۲ ثانیه"
    assert eta_text(t, "en", 600) == "10 min"
    assert eta_text(t, "fa", 3 * 3600 + 65) == "۳ ساعت و ۲ دقیقه"


def test_live_status_in_persian_and_english():
    p = progress(broadcast())
    text = progress_text(t, "fa", p)
    assert text.splitlines() == [
        "در حال ارسال پیام شمارهٔ ۷",
        "پیشرفت: ▰▰▰▰▰▱▱▱▱▱▱▱ ۴۷٪",
        "ارسال‌شده: ۹۰۰ از ۲٬۰۰۰؛ مسدودکرده: ۵۰؛ ناموفق: ۲",
        "زمان باقی‌مانده: حدود ۴۲ ثانیه",
    ]
    assert "Sent: 900 of 2,000; blocked: 50; failed: 2" in progress_text(t, "en", p)
    markup = progress_markup(t, "fa", p)
    assert markup.inline_keyboard[0][0].callback_data == "bc:stop:7"


def test_quiet_hours_and_preparing():
    b = broadcast(enqueue_done=False)
    text = progress_text(
        t, "fa", progress(b, quiet_until=datetime(2025, 11, 17, 4, 30, tzinfo=UTC))
    )
    assert "فهرست گیرندگان در حال آماده شدن است…" in text
    assert "اکنون ساعت سکوت است؛ ارسال از ۰۸:۰۰ ادامه می‌یابد." in text
    assert "زمان باقی‌مانده" not in text


def test_final_summary_has_no_stop_button():
    b = broadcast(status="stopped", finished_at=NOW)
    p = progress(b, sent=900, cancelled=1048, open=0, reasons=(("BadRequest: chat not found", 2),))
    text = progress_text(t, "fa", p)
    assert text.startswith("ارسال پیام شمارهٔ ۷ متوقف شد.")
    assert "رسید: ۹۰۰ از ۲٬۰۰۰؛ مسدودکرده: ۵۰؛ ناموفق: ۲؛ لغوشده: ۱٬۰۴۸" in text
    assert "• BadRequest: chat not found (۲)" in text  # the count in Persian digits
    assert progress_markup(t, "fa", p) is None


def test_messages_of_unknown_outcome_are_shown_live_and_in_the_summary():
    p = progress(broadcast(), sent=899, uncertain=1)
    text = progress_text(t, "fa", p)
    assert "وضعیت نامعلوم: ۱ پیام (بات در میانهٔ ارسالشان متوقف شد" in text
    assert "Unknown: one message (the bot stopped" in progress_text(t, "en", p)
    assert "Unknown: 3 messages" in progress_text(t, "en", progress(broadcast(), uncertain=3))
    done = progress(broadcast(status="done", finished_at=NOW), sent=1947, open=0, uncertain=1)
    assert "وضعیت نامعلوم: ۱ پیام" in progress_text(t, "fa", done)
    assert "نامعلوم" not in progress_text(t, "fa", progress(broadcast()))
