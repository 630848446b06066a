"""Every text exists in fa and en, every key the code uses exists, and every key is used.

The code is read as Python (tests/i18n/key_uses.py): a string literal that is a key is a use of
it, wherever it stands (a call, a table of keys, a registration); an f-string or a
`"family-" + code` head names the family of keys it builds. Nothing in the code marks keys for
this test.
"""

from pathlib import Path

from bot.core.i18n import LOCALES_DIR, Translator
from tests.i18n.key_uses import KeyUses, scan, scan_templates

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "web")


def uses() -> KeyUses:
    found = scan([p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))])
    return scan_templates(sorted((ROOT / "web" / "templates").rglob("*.html")), found)


def test_same_keys_in_every_locale():
    t = Translator()
    assert t.keys("fa") == t.keys("en")
    files_fa = {p.name for p in (LOCALES_DIR / "fa").glob("*.ftl")}
    files_en = {p.name for p in (LOCALES_DIR / "en").glob("*.ftl")}
    assert files_fa == files_en


def test_every_key_used_in_code_exists():
    t = Translator()
    found = uses()
    keys = t.keys("fa") | t.keys("en")
    assert found.exact, "the scan found no keys at all"
    missing = sorted(found.claimed(keys) - (t.keys("fa") & t.keys("en")))
    assert not missing


def test_every_key_is_used_somewhere():
    t = Translator()
    unused = sorted(uses().unused(t.keys("fa") | t.keys("en")))
    assert not unused


def test_the_scan_finds_a_missing_key_and_an_unused_one(tmp_path):
    code = tmp_path / "sample.py"
    code.write_text(
        "KINDS = {'a': 'audit-kind-photo', 'b': 'audit-kind-sculpture'}\n"
        "ctx.t('menu-tpyo')\n"
        "label = f'reminders-kind-{kind}'\n"
        "name = 'audit-field-' + code\n"
        "encoding = 'utf-8-sig'\n",
        encoding="utf-8",
    )
    found = scan([code])
    keys = {
        "audit-kind-photo",
        "audit-kind-video",
        "menu-main",
        "reminders-kind-session",
        "audit-field-role",
        "stats-title",
    }
    assert found.claimed(keys) - keys == {"audit-kind-sculpture", "menu-tpyo"}
    assert found.unused(keys) == {"audit-kind-video", "menu-main", "stats-title"}


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
