"""Cursors for logs read in order (the audit log): the same rules as the update cursors."""

from __future__ import annotations

import pytest

from dateline.domain.errors import Invalid
from dateline.store.cursors import decode_position, encode_position


def test_a_position_cursor_gives_back_its_number():
    assert decode_position("blog", encode_position("blog", 42)) == 42
    assert decode_position("newsroom", encode_position("newsroom", 0)) == 0


@pytest.mark.parametrize(
    ("kind", "cursor"),
    [
        ("newsroom", encode_position("blog", 42)),  # another log's cursor
        ("blog", encode_position("blog", 42) + "A"),  # junk around a valid one
        ("blog", encode_position("blog", 42) + "=="),
        ("blog", encode_position("blog", -1)),
        ("blog", encode_position("blog", 1 << 63)),
        ("blog", "%%%"),
        ("blog", ""),
        ("blog", "A" * 65),
    ],
)
def test_only_the_exact_text_handed_out_is_a_cursor(kind, cursor):
    with pytest.raises(Invalid) as refused:
        decode_position(kind, cursor)
    assert refused.value.errors[0].field == "after"
