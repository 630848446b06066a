from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat import keyboards


def test_an_inline_keyboard_is_the_same_json_as_python_telegram_bots_own():
    rows = [[("دوره‌ها", "crs:list"), ("راهنما", "menu:help")], [("English", "lang:set:en")]]
    ours = keyboards.inline(rows)
    theirs = InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )
    assert ours.to_dict() == theirs.to_dict()
    assert ours.to_dict(recursive=False).keys() == theirs.to_dict(recursive=False).keys()
    assert ours == theirs


def test_one_layout_is_one_keyboard_and_its_json_cannot_be_spoiled():
    rows = [[("الف", "a:1")], [("ب", "b:2")]]
    first = keyboards.inline(rows)
    assert keyboards.inline(tuple(tuple(r) for r in rows)) is first
    assert keyboards.inline([[("الف", "a:1")]]) is not first
    sent = first.to_dict()
    sent["inline_keyboard"] = []  # whoever gets the dict may change it
    assert first.to_dict()["inline_keyboard"][1][0]["callback_data"] == "b:2"
