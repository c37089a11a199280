"""Corrections: an edit of published text declares itself; drafts and no-ops cannot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dateline.domain.blocks import Text
from dateline.domain.corrections import Correction, redacted_since
from dateline.domain.errors import Invalid
from dateline.domain.post import Post, check_post_fields, revise_post

NOW = datetime(2016, 12, 12, 21, 50, tzinfo=UTC)
FIRST = (Text(html="<p>Forty people were hurt.</p>"),)
SECOND = (Text(html="<p>Fourteen people were hurt.</p>"),)


def post(**fields) -> Post:
    values = {
        "id": 3,
        "blog_id": 1,
        "kind": "update",
        "status": "published",
        "blocks": FIRST,
        "version": 2,
        "published_at": NOW - timedelta(hours=1),
    }
    values.update(fields)
    return Post(**values)


def edit(before: Post, raw: dict) -> tuple[Post, Correction | None]:
    fields = check_post_fields(raw, creating=False)
    return revise_post(before, fields, version=before.version, now=NOW)


def test_changing_published_text_is_a_listed_correction_with_its_note():
    after, correction = edit(
        post(),
        {
            "blocks": [{"type": "text", "html": SECOND[0].html}],
            "correction": {"note": "We misread the figure."},
        },
    )
    assert correction == Correction(
        version=3, at=NOW, kind="correction", note="We misread the figure."
    )
    assert after.corrections == (correction,)
    assert after.edited_at == NOW


def test_a_minor_edit_is_kept_for_the_record_but_not_listed_on_the_update():
    after, correction = edit(
        post(),
        {
            "blocks": [{"type": "text", "html": "<p>Forty people were hurt</p>"}],
            "correction": {"kind": "minor", "note": "full stop"},
        },
    )
    assert correction is not None and correction.kind == "minor" and not correction.listed
    assert after.corrections == ()
    assert after.edited_at == NOW  # readers still see "Updated 21:50"


def test_a_redaction_needs_a_reason():
    with pytest.raises(Invalid) as error:
        check_post_fields({"correction": {"kind": "redaction"}}, creating=False)
    assert [(e.field, e.message) for e in error.value.errors] == [
        ("correction.note", "is required for a redaction: say why, for the record")
    ]


@pytest.mark.parametrize(
    ("before", "raw", "message"),
    [
        (
            post(status="draft"),
            {"blocks": [{"type": "text", "html": "<p>x</p>"}]},
            "this edit is not of a published update, so it is not a correction",
        ),
        (post(), {"tags": ["flood"]}, "this edit changes no text, so it is not a correction"),
    ],
)
def test_declaring_a_correction_that_corrects_nothing_is_refused(before, raw, message):
    with pytest.raises(Invalid) as error:
        edit(before, {**raw, "correction": {"note": "why"}})
    assert [(e.field, e.message) for e in error.value.errors] == [("correction", message)]


def test_a_new_update_cannot_carry_a_correction():
    from dateline.domain.post import new_post

    fields = check_post_fields({"body": "x", "correction": {"note": "n"}}, creating=True)
    with pytest.raises(Invalid) as error:
        new_post(fields, post_id=1, blog_id=1, actor="e", now=NOW)
    assert error.value.errors[0].field == "correction"


def test_a_redaction_hides_every_earlier_version_and_none_after_it():
    redaction = Correction(version=4, at=NOW, kind="redaction", note="legal")
    listed = (Correction(version=3, at=NOW, note="figure"), redaction)
    assert redacted_since(listed, 2) == redaction
    assert redacted_since(listed, 3) == redaction
    assert redacted_since(listed, 4) is None
