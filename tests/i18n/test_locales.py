"""Every text exists in fa and en, and every key the code uses exists."""

import re
from pathlib import Path

from bot.core.i18n import LOCALES_DIR, Translator

ROOT = Path(__file__).resolve().parents[2]
# ctx.t("key"), translator(locale, "key"), t("key") and keys written as "xxx-yyy" in KEY tables
USE = re.compile(
    r"""\b(?:t|translate|translator)\(\s*(?:[a-z_.]+,\s*)?["']([a-z0-9]+(?:-[a-z0-9]+)+)["']"""
)
KEY_ARG = re.compile(
    r"""(?:_|\b)key=["']([a-z0-9]+(?:-[a-z0-9]+)+)["']|["']([a-z0-9]+(?:-[a-z0-9]+)+)["'],\s*\)?\s*#\s*i18n"""
)


def used_keys() -> set[str]:
    keys: set[str] = set()
    sources = [p for package in ("bot", "handlers", "web") for p in (ROOT / package).rglob("*.py")]
    sources += sorted((ROOT / "web" / "templates").glob("*.html"))  # t("key") in the pages
    for path in sources:
        text = path.read_text(encoding="utf-8")
        keys.update(USE.findall(text))
        for a, b in KEY_ARG.findall(text):
            keys.add(a or b)
        for match in re.finditer(r'(?:label_key|description_key)\s*=\s*"([^"]+)"', text):
            keys.add(match.group(1))
        for match in re.finditer(r'(?:MenuEntry|Command)\(\s*"[^"]*",\s*"([^"]+)"', text):
            keys.add(match.group(1))
        for match in re.finditer(r'MenuEntry\(\s*"([^"]+)"', text):
            keys.add(match.group(1))
    return keys


def test_same_keys_in_every_locale():
    t = Translator()
    assert t.keys("fa") == t.keys("en")
    files_fa = {p.name for p in (LOCALES_DIR / "fa").glob("*.ftl")}
    files_en = {p.name for p in (LOCALES_DIR / "en").glob("*.ftl")}
    assert files_fa == files_en


def test_every_key_used_in_code_exists():
    t = Translator()
    used = used_keys()
    assert used, "the scan found no keys at all"
    missing = sorted(k for k in used if not t.has(k, "fa") or not t.has(k, "en"))
    assert not missing


def test_no_formatting_errors_with_sample_arguments():
    t = Translator()
    for locale in ("fa", "en"):
        for key in t.keys(locale):
            text = t(locale, key, name="x", n=3, count=3, total=5, position=2, title="x")
            assert text and text != key


def test_persian_numbers_are_persian_digits():
    from bot.core.i18n import format_number

    assert format_number(1800, "fa") == "۱٬۸۰۰"
    assert format_number(1800, "en") == "1,800"


def test_persian_lines_start_with_a_right_to_left_character():
    t = Translator()
    ltr_ok = {"language-choose"}
    for key in t.keys("fa") - ltr_ok:
        text = t("fa", key, name="x", n=1, count=1, total=1, position=1, title="x")
        first = text.lstrip()[:1]
        assert first and (("\u0600" <= first <= "\u06ff") or first in "«\u200f/(۰۱۲۳۴۵۶۷۸۹"), (
            key,
            text[:30],
        )
