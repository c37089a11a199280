"""Language tags and the writing direction that follows from them."""

from __future__ import annotations

import re
from typing import Literal

Direction = Literal["ltr", "rtl"]

# Primary subtags of languages written right to left.
_RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
)
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_language_tag(tag: str) -> bool:
    """A loose BCP 47 check: `en`, `ar`, `pt-BR`, `zh-Hant`."""
    return bool(_TAG.match(tag))


def direction_of(lang: str) -> Direction:
    """The direction a language is written in, from its primary subtag."""
    return "rtl" if lang.split("-", 1)[0].lower() in _RTL_LANGUAGES else "ltr"
