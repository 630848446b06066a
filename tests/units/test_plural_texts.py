"""English counts read as English ("one member", "3 members"); Persian needs no plural forms."""

from bot.core.i18n import Translator

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


def test_english_counts_of_one_in_admin_import_broadcast_and_privacy_texts():
    one = {
        "audit-title": ({"page": 1, "pages": 1, "total": 1}, "(one entry; newest first)"),
        "course-admin-capacity-below-taken": ({"taken": 1}, "the one seat already taken."),
        "course-admin-cancel-ask": ({"title": "x", "count": 1}, "One active registration will"),
        "course-import-done": ({"added": 1, "updated": 2}, "Done: one new course added, 2 "),
        "course-import-rejected": ({"bad": 1, "total": 4}, "one row of 4 is wrong"),
        "course-import-more": ({"count": 1}, "and one more wrong row."),
        "broadcast-media-one-platform": ({"count": 1, "platform": "Bale"}, "One of these recipi"),
        "broadcast-stop-answer": ({"count": 1}, "one unsent message was cancelled."),
        "privacy-delete-done": ({"courses": 1}, "(one active registration cancelled)"),
        "nomination-month-title": ({"cap": 1}, "at most one person of one cooperative"),
    }
    for key, (args, text) in one.items():
        assert text in T("en", key, **args), key
    assert "the only row is wrong" in T("en", "course-import-rejected", bad=1, total=1)
    assert "Length: 1 hour\n" in T("en", "courses-card", hours=1)


def test_english_counts_of_several_keep_the_plural():
    assert "(25 entries;" in T("en", "audit-title", page=1, pages=2, total=25)
    assert "the 4 seats already taken." in T("en", "course-admin-capacity-below-taken", taken=4)
    assert "2 of 4 rows are wrong" in T("en", "course-import-rejected", bad=2, total=4)
    assert T("en", "course-import-more", count=6) == "and 6 more wrong rows."
    assert "1,200 unsent messages were" in T("en", "broadcast-stop-answer", count=1200)
    assert "at most 3 people of one" in T("en", "nomination-month-title", cap=3)
    assert "Length: 48 hours\n" in T("en", "courses-card", hours=48)
    assert "3 new courses added" in T("en", "course-import-done", added=3, updated=0)


def test_english_points_agree_with_their_noun():
    """Points reach the text already formatted ($points); $amount picks the noun."""
    assert T("en", "assessment-why-bonus", label="x", points="1", amount=1) == '"x": 1 point'
    assert T("en", "assessment-why-bonus", label="x", points="2.5", amount=2.5).endswith("points")
    assert T("en", "assessment-why-topic-plain", topic="t", points="7", amount=7).endswith(
        "7 points"
    )
    assert T("en", "roadmap-why-topic", topic="t", count=1, points="1", amount=1) == (
        '"t": one member, 1 point'
    )
    assert T("fa", "assessment-why-bonus", label="x", points="۱", amount=1) == "«x»: ۱ امتیاز"


def test_english_option_limits_agree_with_their_noun():
    assert T("en", "assessment-error-too-many", max=1) == "You can choose at most one option."
    assert T("en", "assessment-error-too-many", max=3) == "You can choose at most 3 options."
