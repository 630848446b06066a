"""The report a broadcast's author gets through the ledger: rendered when sent, in the author's
language, every figure in that language's digits (the failure reasons' counts too, which are
joined into lines before the reader is known)."""

from __future__ import annotations

import re

import pytest

from bot.background.delivery import render_text
from bot.core.i18n import Translator
from bot.services.broadcast import BroadcastService
from tests.services.test_broadcast_render import broadcast, progress

t = Translator()
REASONS = (("Bad Request: chat not found", 1234), ("Bad Request: message is too long", 3))


def report(locale: str, status: str = "done", reasons=REASONS) -> str:
    p = progress(
        broadcast(status=status), sent=1960, failed=1237, blocked=40, open=0, reasons=reasons
    )
    payload = BroadcastService.report_payload(p)
    return render_text(payload["text"], locale, t)


@pytest.mark.parametrize("status", ["done", "stopped"])
def test_every_figure_of_the_report_in_persian_digits(status):
    text = report("fa", status)
    assert not re.search("[0-9]", text), text
    assert "• Bad Request: chat not found (۱٬۲۳۴)" in text
    assert "• Bad Request: message is too long (۳)" in text
    assert "ناموفق: ۱٬۲۳۷" in text and "رسید: ۱٬۹۶۰ از ۲٬۰۰۰" in text


def test_the_same_report_in_english_keeps_latin_digits():
    text = report("en")
    assert "• Bad Request: chat not found (1,234)" in text
    assert "Failed: 1,237" in text and "Delivered: 1,960 of 2,000" in text


def test_nothing_failed_reads_as_a_dash():
    assert "دلایل: -" in report("fa", reasons=())
    assert "Reasons: -" in report("en", reasons=())
