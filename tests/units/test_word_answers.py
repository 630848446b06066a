"""Names, titles and places must hold words, wherever they come from: the chat, an XLSX import or
the command line share the same checks (the questionnaire parser, course_admin.check_field)."""

from datetime import date

from bot.questionnaire import load_questionnaire
from bot.questionnaire.answers import EMPTY, LETTERS, Invalid, Valid, parse_typed
from bot.services.course_admin import check_field

Q = load_questionnaire(None)
TODAY = date(2025, 11, 16)


def test_questionnaire_text_answers_need_a_letter():
    name = Q.question("full_name")
    for typed, code in (("😀😀😀", LETTERS), ("۱۲۳۴", LETTERS), ("\u200c\u200d \u200c", EMPTY)):
        result = parse_typed(name, typed, {}, TODAY)
        assert isinstance(result, Invalid) and result.code == code, typed
    assert isinstance(parse_typed(name, "مریم احمدی", {}, TODAY), Valid)
    # a question with its own pattern (the registration number) decides for itself
    assert isinstance(parse_typed(Q.question("coop_reg_no"), "۴۵۶۷", {}, TODAY), Valid)


def test_course_word_fields_need_a_letter_in_every_path():
    value, problem = check_field("title_fa", "۱۲۳۴۵")
    assert value is None and (problem.field, problem.code) == ("title_fa", "letters")
    assert check_field("county", "😀")[1].code == "letters"
    assert check_field("title_fa", "حسابداری ۲")[1] is None  # words with digits are fine
    assert check_field("capacity", "۲۰") == (20, None)
