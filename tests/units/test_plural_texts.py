"""English counts read as English ("one member", "3 members"); Persian needs no plural forms."""

from bot.i18n import Translator

T = Translator()


def test_english_counts_agree_with_their_noun():
    assert T("en", "roadmap-basis", count=1, date="2 Azar 1405").startswith(
        "Based on the answers of one member;"
    )
    assert T("en", "roadmap-basis", count=1200, date="x").startswith(
        "Based on the answers of 1,200 members;"
    )
    assert T("en", "roadmap-item-detail-plain", members=1, score="10") == (
        "One member needs it, score 10"
    )
    assert T("en", "nomination-confirmed", count=3) == "3 confirmations recorded."


def test_persian_counts_are_in_persian_digits_without_plural_forms():
    assert T("fa", "roadmap-basis", count=1200, date="x").startswith("بر پایهٔ پاسخ ۱٬۲۰۰ نفر")
    assert "۱ " in T("fa", "roadmap-item-detail-plain", members=1, score="۱۰")
