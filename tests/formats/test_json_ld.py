"""JSON-LD as a data block: whatever the text, it stays inside its element and reads back."""

from __future__ import annotations

import json

from dateline.formats.json_ld import script_tag

TEXTS = [
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "<!-- <script>",
    "a & b > c",
    "line\u2028separator\u2029paragraph",
    "عاجل: «قصف» </script>",
]


def test_no_text_can_close_the_element_and_every_text_reads_back():
    for text in TEXTS:
        tag = str(script_tag({"headline": text}))
        inner = tag.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
        assert "<" not in inner and ">" not in inner, text
        assert json.loads(inner) == {"headline": text}
