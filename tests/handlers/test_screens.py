"""The screen check the flow harness runs at the end of every flow test finds what it should."""

from tests.handlers.screens import check


def whys(text: str, typed=()) -> list[str]:
    return [p.why for p in check(text, "here", typed)]


def test_latin_digits_in_a_persian_line_are_found():
    assert whys("اصفهان (2)")
    assert whys("امتیاز نیاز 52.5")
    assert whys("شمارهٔ 8، ۲۵ آبان ۱۴۰۴")
    assert not whys("اصفهان (۲)")


def test_english_lines_and_persian_names_in_english_are_not_persian():
    assert not whys("Isfahan (2)")
    assert not whys("Welcome, مریم, step 2 of 5")
    assert whys("Step 2 of 5\nسؤال 2 از ۵")  # line by line


def test_deliberate_exceptions():
    assert not whys("پیوند: https://t.me/coopbot?start=inv_ab12-Xy")
    assert not whys("یا بفرستید: /start inv_3kd-9")
    assert not whys("شناسهٔ دوره در فایل: acc-1")
    assert whys("شناسه: bale:123")  # the digits after a Latin word are still Latin digits


def test_what_people_typed_is_theirs_but_numbers_are_not():
    assert not whys("عنوان: Excel 2019 پیشرفته", typed=["Excel 2019"])
    assert whys("ظرفیت: 25 نفر", typed=["25"])  # a number typed is written back in Persian
    assert whys("نمونه: 25", typed=["نه"])  # a typed word inside another word hides nothing


def test_raw_keys_and_placeables_in_any_language():
    assert whys("courses-card-title")
    assert whys("Seats: {???}")
    assert whys("ظرفیت: { $count }")
    assert whys("Score: None")
    assert not whys("e-commerce and hand-woven carpets")  # two-part words are words
