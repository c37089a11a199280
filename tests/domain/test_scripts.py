"""The direction of a text from its letters; its language only when the text makes it plain."""

from __future__ import annotations

import pytest

from dateline.domain.scripts import guess_language, text_direction


@pytest.mark.parametrize(
    ("text", "direction", "lang"),
    [
        ("The bridge is closed and the ferries are not running.", "ltr", "en"),
        ("الجسر مغلق والعبارات متوقفة منذ الصباح", "rtl", "ar"),
        ("پل بسته است و کشتی‌ها کار نمی‌کنند", "rtl", "fa"),
        ("پل بند ہے اور کشتیاں نہیں چل رہیں", "rtl", "ur"),
        ("הגשר סגור והמעבורות אינן פועלות", "rtl", "he"),
        ("Мост закрыт, паромы не ходят с утра", "ltr", "ru"),
        ("Міст закритий, пороми не ходять", "ltr", "uk"),
        ("Le pont est fermé et les ferries ne sont pas en service", "ltr", "fr"),
        ("La carretera está cortada y los servicios no funcionan", "ltr", "es"),
        ("Die Brücke ist gesperrt und die Fähren fahren nicht", "ltr", "de"),
        ("Η γέφυρα είναι κλειστή", "ltr", "el"),
        ("橋は閉鎖されています", "ltr", "ja"),
    ],
)
def test_direction_and_language_from_the_text(text, direction, lang):
    assert text_direction(text) == direction
    assert guess_language(text) == lang


def test_links_handles_and_numbers_do_not_decide_the_direction():
    arabic = "عاجل: انقطاع الكهرباء https://example.com/news/report @CityDesk 2016"
    assert text_direction(arabic) == "rtl"
    assert text_direction("https://example.com 12:45") is None
    assert guess_language("12:45 🙏") is None


def test_a_short_latin_phrase_is_not_guessed():
    assert guess_language("Bridge closed") is None
    assert text_direction("Bridge closed") == "ltr"
