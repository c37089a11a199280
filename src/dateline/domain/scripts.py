"""The writing direction of a piece of text, and its language when the script tells it.

Captured posts usually come with a language tag; text pasted from an archive
does not. Direction can always be read from the letters (Unicode's bidi classes);
the language only when the script or a handful of common words make it plain.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .language import Direction

# URLs, handles and hashtags' `#` say nothing about the text's own direction.
_NOISE = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|[@#][\w.]+(?=\s|$)|\S+\.\w{2,}/\S*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Letters only Persian (and languages written like it) or only Urdu use.
_PERSIAN = set("پچژگ")
_URDU = set("ٹڈڑںےۓھ")
# Common short words, enough to tell Latin-script languages apart in a sentence or two.
_COMMON_WORDS = {
    "en": "the and of to in is it that for on are was with this we you they be at not have "
    "who can me my our all but are will from has been what about",
    "fr": "le la les des est et une un du que qui dans pour pas sur au avec nous vous sont ce",
    "es": "el la los las de que y en un una es por con para no se del al lo como más pero",
    "de": "der die das und ist nicht ein eine zu den mit von sich auf für dem im auch wir sie",
    "it": "il di che la e un una per non sono con del della le gli è anche ma nel questo",
    "pt": "o a os as de que e um uma do da em para com não no na por se mais está são",
    "tr": "ve bir bu da de için ile çok ne olarak daha gibi ama var değil",
    "nl": "de het een en van is dat niet op te zijn met voor er maar ook wij",
}
_WORDS_LANG = {lang: frozenset(words.split()) for lang, words in _COMMON_WORDS.items()}


def text_direction(text: str) -> Direction | None:
    """`rtl` when most strongly directional letters are right-to-left, `ltr` when most are
    left-to-right, None when the text has no letters (only numbers, links, emoji)."""
    counts: Counter[str] = Counter()
    for char in _NOISE.sub(" ", text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            counts["rtl"] += 1
        elif kind == "L":
            counts["ltr"] += 1
    if not counts:
        return None
    return "rtl" if counts["rtl"] > counts["ltr"] else "ltr"


def guess_language(text: str) -> str | None:
    """A language tag when the text makes it plain (`ar`, `fa`, `he`, `ru`, `en` …), else None."""
    words = _WORD.findall(_NOISE.sub(" ", text))
    letters = "".join(words)
    if not letters:
        return None
    scripts = Counter(_script(char) for char in letters)
    script, count = scripts.most_common(1)[0]
    if count * 2 < len(letters):
        return None
    if script == "arabic":
        if any(c in _URDU for c in letters):
            return "ur"
        return "fa" if any(c in _PERSIAN for c in letters) else "ar"
    if script == "latin":
        return _latin_language([w.lower() for w in words])
    if script == "cyrillic":
        return _cyrillic_language(letters.lower())
    return _BY_SCRIPT.get(script)


_BY_SCRIPT = {
    "hebrew": "he",
    "greek": "el",
    "armenian": "hy",
    "georgian": "ka",
    "thai": "th",
    "hangul": "ko",
    "kana": "ja",
    "devanagari": "hi",
    "bengali": "bn",
    "tamil": "ta",
    "ethiopic": "am",
    "khmer": "km",
}


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0].lower()
    if first in ("hiragana", "katakana"):
        return "kana"
    if first == "cjk":
        return "han"
    if first == "cyrillic":
        return "cyrillic"
    return first


def _cyrillic_language(letters: str) -> str | None:
    if any(c in "іїєґ" for c in letters):
        return "uk"
    if "ў" in letters:
        return "be"
    if any(c in "ыэ" for c in letters):  # not written in Ukrainian, Bulgarian or Serbian
        return "ru"
    return None


def _latin_language(words: list[str]) -> str | None:
    scores = Counter(
        {lang: sum(word in common for word in words) for lang, common in _WORDS_LANG.items()}
    )
    ranked = scores.most_common(2)
    best, hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    # At least two common words, and clearly ahead: otherwise say nothing rather than guess.
    return best if hits >= 2 and hits > runner_up * 1.5 else None
