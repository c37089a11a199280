"""Posts: checking what a writer sends, and how an update changes over its life."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dateline.domain.blocks import Heading, Image, Text
from dateline.domain.corrections import Correction
from dateline.domain.errors import Conflict, Invalid
from dateline.domain.post import (
    CLOCK_SKEW,
    Post,
    check_post_fields,
    check_post_times,
    delete_post,
    edit_post,
    new_post,
    release_scheduled,
    set_key_event,
    set_pinned,
)

NOW = datetime(2016, 12, 12, 21, 45, tzinfo=UTC)
EARLIER = datetime(2016, 12, 12, 20, 0, tzinfo=UTC)
LATER = datetime(2016, 12, 12, 23, 0, tzinfo=UTC)

FIRST = (Text(html="<p>Buses are lining up at the crossing.</p>"),)
SECOND = (Text(html="<p>The first buses have left.</p>"),)


def problems(error: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.value.errors]


def fields_named(error: pytest.ExceptionInfo[Invalid]) -> list[str]:
    return [e.field for e in error.value.errors]


def checked(raw: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """What a command checks: the fields, then the rules that depend on the clock."""
    fields = check_post_fields(raw, creating=creating)
    check_post_times(fields, creating=creating, now=NOW)
    return fields


def create(raw: dict[str, Any]) -> dict[str, Any]:
    return checked(raw, creating=True)


def refused(raw: dict[str, Any], *, creating: bool = True) -> list[tuple[str, str]]:
    with pytest.raises(Invalid) as error:
        checked(raw, creating=creating)
    return problems(error)


def fields_named_of(raw: dict[str, Any]) -> list[str]:
    return [field for field, _ in refused(raw)]


def post(**changes: Any) -> Post:
    """A published update at version 3, written by amira."""
    base = Post(
        id=11,
        blog_id=7,
        kind="update",
        status="published",
        blocks=FIRST,
        version=3,
        published_at=EARLIER,
        created_by="amira",
        created_at=EARLIER,
        updated_at=EARLIER,
    )
    return replace(base, **changes)


# -- check_post_fields: content ------------------------------------------------------------


def test_body_is_turned_into_blocks() -> None:
    assert create({"body": "## Latest\n\nBuses are lining up at the crossing."}) == {
        "blocks": (Heading(text="Latest"), FIRST[0])
    }


def test_blocks_are_parsed() -> None:
    raw = {"blocks": [{"type": "text", "html": "<p>Buses are lining up at the crossing.</p>"}]}
    assert create(raw) == {"blocks": FIRST}


def test_body_and_blocks_together_are_refused() -> None:
    raw = {"body": "Hello", "blocks": [{"type": "text", "html": "Hello"}]}
    assert refused(raw) == [("body", "send either body (Markdown) or blocks, not both")]


@pytest.mark.parametrize("raw", [{}, {"body": ""}, {"body": None}, {"blocks": None}])
def test_content_is_required_on_create(raw: dict[str, Any]) -> None:
    assert refused(raw) == [
        ("body", "is required: write the update as Markdown in body, or send blocks")
    ]


def test_content_is_optional_on_edit() -> None:
    assert check_post_fields({}, creating=False) == {}


@pytest.mark.parametrize(("raw", "field"), [({"body": "---"}, "body"), ({"blocks": []}, "blocks")])
def test_content_that_makes_no_blocks_is_refused(raw: dict[str, Any], field: str) -> None:
    assert refused(raw) == [(field, "has no content")]


def test_more_than_sixty_blocks_are_refused() -> None:
    raw = {"blocks": [{"type": "heading", "text": f"Part {i}"} for i in range(61)]}
    assert refused(raw) == [("blocks", "has 61 blocks; the limit is 60")]


def test_sixty_blocks_are_accepted() -> None:
    raw = {"blocks": [{"type": "heading", "text": f"Part {i}"} for i in range(60)]}
    assert len(create(raw)["blocks"]) == 60


def test_bad_blocks_are_named_by_index() -> None:
    raw = {"blocks": [{"type": "text", "html": "Fine"}, {"type": "image", "url": "/a.jpg"}]}
    assert refused(raw) == [("blocks[1].alt", "describe the image for readers who cannot see it")]


def test_body_problems_are_named_body() -> None:
    assert fields_named_of({"body": "![](https://img.example/a.jpg)"}) == ["body"]


def test_body_that_is_not_text_is_refused() -> None:
    assert refused({"body": ["Hello"]}) == [("body", "must be Markdown text")]


def test_image_from_body_is_an_image_block() -> None:
    assert create({"body": "![A bus](/media/bus.jpg)"}) == {
        "blocks": (Image(url="/media/bus.jpg", alt="A bus"),)
    }


# -- check_post_fields: status and time --------------------------------------------------


def test_published_at_is_parsed_into_utc() -> None:
    raw = {"body": "Hi", "published_at": "2016-12-12T22:00:00+02:00"}
    assert create(raw)["published_at"] == datetime(2016, 12, 12, 20, 0, tzinfo=UTC)


def test_published_at_without_a_zone_is_refused() -> None:
    assert refused({"body": "Hi", "published_at": "2016-12-12T20:00:00"}) == [
        ("published_at", "needs a zone: end it with Z for UTC or an offset like +01:00")
    ]


@pytest.mark.parametrize(
    "published_at",
    [None, EARLIER, NOW],
    ids=["missing", "past", "now"],
)
def test_scheduled_update_needs_a_published_at_in_the_future(
    published_at: datetime | None,
) -> None:
    raw = {"body": "Hi", "status": "scheduled", "published_at": published_at}
    assert refused(raw) == [
        ("published_at", "a scheduled update needs a published_at in the future")
    ]


def test_scheduled_update_with_a_future_time_is_accepted() -> None:
    fields = create({"body": "Hi", "status": "scheduled", "published_at": LATER})
    assert (fields["status"], fields["published_at"]) == ("scheduled", LATER)


@pytest.mark.parametrize("status", [{}, {"status": "published"}], ids=["default", "explicit"])
def test_published_in_the_future_is_refused_with_advice_to_schedule(
    status: dict[str, str],
) -> None:
    raw = {"body": "Hi", "published_at": LATER, **status}
    assert refused(raw) == [
        ("published_at", "is in the future; to publish later, set status to scheduled")
    ]


def test_published_a_little_ahead_is_within_clock_skew() -> None:
    assert create({"body": "Hi", "published_at": NOW + CLOCK_SKEW})["published_at"] == (
        NOW + CLOCK_SKEW
    )
    assert refused({"body": "Hi", "published_at": NOW + CLOCK_SKEW + timedelta(seconds=1)}) == [
        ("published_at", "is in the future; to publish later, set status to scheduled")
    ]


def test_published_in_the_past_is_accepted_for_backdating() -> None:
    assert create({"body": "Hi", "published_at": EARLIER})["published_at"] == EARLIER


@pytest.mark.parametrize("status", ["deleted", "live", ""])
def test_status_outside_draft_scheduled_published_is_refused(status: str) -> None:
    assert refused({"body": "Hi", "status": status}) == [
        ("status", "must be draft, scheduled or published")
    ]


def test_kind_is_update_or_intro() -> None:
    assert create({"body": "Hi", "kind": "intro"})["kind"] == "intro"
    assert refused({"body": "Hi", "kind": "comment"}) == [("kind", "must be update or intro")]


def test_pinned_must_be_true_or_false() -> None:
    assert refused({"body": "Hi", "pinned": "yes"}) == [("pinned", "must be true or false")]


# -- check_post_fields: key event, tags, authors -------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("  Buses leave  ", "Buses leave"),
        ("", None),
        ("   ", None),
        (None, None),
        ("k" * 120, "k" * 120),
    ],
    ids=["stripped", "empty", "blank", "null", "120"],
)
def test_key_event_is_a_short_title_or_none(given: str | None, stored: str | None) -> None:
    assert check_post_fields({"key_event": given}, creating=False) == {"key_event": stored}


@pytest.mark.parametrize("given", ["k" * 121, 12, ["title"]], ids=["121", "number", "list"])
def test_key_event_longer_than_120_or_not_text_is_refused(given: object) -> None:
    assert refused({"key_event": given}, creating=False) == [
        ("key_event", "must be a short title (at most 120 characters) or null")
    ]


def test_tags_are_lowercased_stripped_and_deduplicated_in_order() -> None:
    raw = {"tags": ["Syria", " aleppo ", "syria", "", "ALEPPO", "Evacuation"]}
    assert check_post_fields(raw, creating=False) == {"tags": ("syria", "aleppo", "evacuation")}


def test_authors_are_stripped_and_keep_their_case() -> None:
    raw = {"authors": [" Amira Haddad ", "", "Tom Brook"]}
    assert check_post_fields(raw, creating=False) == {"authors": ("Amira Haddad", "Tom Brook")}


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"tags": [f"t{i}" for i in range(21)]}, ("tags", "has 21 entries; the limit is 20")),
        ({"authors": [f"a{i}" for i in range(11)]}, ("authors", "has 11 entries; the limit is 10")),
        ({"tags": ["t" * 41]}, ("tags[0]", "is 41 characters; the limit is 40")),
        ({"authors": ["a" * 101]}, ("authors[0]", "is 101 characters; the limit is 100")),
        ({"tags": "syria"}, ("tags", "must be a list of strings")),
        ({"authors": ["Amira", 7]}, ("authors", "must be a list of strings")),
    ],
    ids=["21-tags", "11-authors", "long-tag", "long-author", "tags-string", "author-number"],
)
def test_tags_and_authors_limits(raw: dict[str, Any], problem: tuple[str, str]) -> None:
    assert refused(raw, creating=False) == [problem]


def test_twenty_tags_and_ten_authors_are_accepted() -> None:
    raw = {"tags": [f"t{i}" for i in range(20)], "authors": [f"a{i}" for i in range(10)]}
    fields = check_post_fields(raw, creating=False)
    assert (len(fields["tags"]), len(fields["authors"])) == (20, 10)


def test_several_errors_are_reported_together() -> None:
    raw = {
        "blocks": [{"type": "heading"}],
        "kind": "comment",
        "status": "deleted",
        "tags": "x",
        "pinned": 1,
        "key_event": 3,
    }
    assert fields_named_of(raw) == [
        "blocks[0].text",
        "kind",
        "status",
        "tags",
        "pinned",
        "key_event",
    ]


# -- new_post ------------------------------------------------------------------------


def test_new_published_post_defaults_published_at_to_now() -> None:
    assert new_post({"blocks": FIRST}, post_id=11, blog_id=7, actor="amira", now=NOW) == Post(
        id=11,
        blog_id=7,
        kind="update",
        status="published",
        blocks=FIRST,
        version=1,
        published_at=NOW,
        created_by="amira",
        created_at=NOW,
        updated_at=NOW,
    )


def test_new_published_post_keeps_a_given_published_at() -> None:
    fields = {"blocks": FIRST, "status": "published", "published_at": EARLIER}
    made = new_post(fields, post_id=11, blog_id=7, actor="amira", now=NOW)
    assert made.published_at == EARLIER


def test_new_draft_has_no_published_at() -> None:
    made = new_post(
        {"blocks": FIRST, "status": "draft"}, post_id=11, blog_id=7, actor="amira", now=NOW
    )
    assert (made.status, made.published_at, made.is_public) == ("draft", None, False)


def test_new_scheduled_post_keeps_its_future_time() -> None:
    fields = create({"body": "Hi", "status": "scheduled", "published_at": LATER})
    made = new_post(fields, post_id=11, blog_id=7, actor="amira", now=NOW)
    assert (made.status, made.published_at) == ("scheduled", LATER)


def test_new_post_carries_the_checked_fields() -> None:
    fields = create(
        {
            "body": "Buses are lining up at the crossing.",
            "kind": "update",
            "authors": ["Amira"],
            "tags": ["Syria"],
            "pinned": True,
            "key_event": "Evacuation begins",
        }
    )
    made = new_post(fields, post_id=11, blog_id=7, actor="amira", now=NOW)
    assert (made.blocks, made.authors, made.tags, made.pinned, made.key_event) == (
        FIRST,
        ("Amira",),
        ("syria",),
        True,
        "Evacuation begins",
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"status": "draft", "pinned": True}, ("pinned", "only a published update can be pinned")),
        (
            {"kind": "intro", "pinned": True},
            ("pinned", "the intro entry is always reachable; pin an update instead"),
        ),
        (
            {"kind": "intro", "key_event": "Start"},
            ("key_event", "the intro entry cannot be a key event"),
        ),
    ],
    ids=["pinned-draft", "pinned-intro", "key-intro"],
)
def test_new_post_breaking_a_whole_post_rule_is_refused(
    fields: dict[str, Any], problem: tuple[str, str]
) -> None:
    with pytest.raises(Invalid) as error:
        new_post({"blocks": FIRST, **fields}, post_id=11, blog_id=7, actor="amira", now=NOW)
    assert problems(error) == [problem]


# -- edit_post ----------------------------------------------------------------------


def test_edit_with_a_stale_version_is_a_conflict_carrying_the_current_version() -> None:
    with pytest.raises(Conflict) as error:
        edit_post(post(), {"blocks": SECOND}, version=2, now=NOW)
    assert error.value.current_version == 3
    assert str(error.value) == (
        "This update has changed since you loaded it; it is now at version 3. "
        "Reload it, reapply your edit and save again."
    )


def test_edit_applies_fields_and_bumps_version_and_updated_at() -> None:
    edited = edit_post(post(), {"blocks": SECOND, "tags": ("syria",)}, version=3, now=NOW)
    # Changing published text is a correction unless marked minor: the update lists it.
    assert edited == post(
        blocks=SECOND, tags=("syria",), version=4, updated_at=NOW, edited_at=NOW,
        corrections=(Correction(version=4, at=NOW),),
    )  # fmt: skip


def test_edit_of_a_deleted_update_is_refused() -> None:
    with pytest.raises(Invalid) as error:
        edit_post(post(status="deleted"), {"blocks": SECOND}, version=3, now=NOW)
    assert problems(error) == [("status", "this update was deleted and can no longer be edited")]


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_published_update_cannot_go_back_to_draft_or_scheduled(status: str) -> None:
    with pytest.raises(Invalid) as error:
        edit_post(post(), {"status": status}, version=3, now=NOW)
    assert problems(error) == [
        ("status", "a published update cannot go back to draft; edit it, or delete it")
    ]


@pytest.mark.parametrize(
    "fields",
    [{"blocks": SECOND}, {"kind": "intro"}],
    ids=["blocks", "kind"],
)
def test_changing_published_content_sets_edited_at(fields: dict[str, Any]) -> None:
    assert edit_post(post(), fields, version=3, now=NOW).edited_at == NOW


@pytest.mark.parametrize(
    "fields",
    [{"blocks": FIRST}, {"tags": ("syria",)}, {"authors": ("Amira",)}, {"key_event": "Buses"}],
    ids=["same-blocks", "tags", "authors", "key-event"],
)
def test_edit_that_leaves_published_content_alone_keeps_edited_at(
    fields: dict[str, Any],
) -> None:
    before = post(edited_at=EARLIER)
    assert edit_post(before, fields, version=3, now=NOW).edited_at == EARLIER


def test_changing_a_drafts_content_does_not_set_edited_at() -> None:
    draft = post(status="draft", published_at=None)
    assert edit_post(draft, {"blocks": SECOND}, version=3, now=NOW).edited_at is None


def test_publishing_a_draft_stamps_published_at_now_and_is_not_an_edit() -> None:
    draft = post(status="draft", published_at=None)
    published = edit_post(draft, {"status": "published", "blocks": SECOND}, version=3, now=NOW)
    assert (published.status, published.published_at, published.edited_at) == (
        "published",
        NOW,
        None,
    )


def test_publishing_a_draft_keeps_a_given_published_at() -> None:
    draft = post(status="draft", published_at=None)
    fields = {"status": "published", "published_at": EARLIER}
    assert edit_post(draft, fields, version=3, now=NOW).published_at == EARLIER


def test_edit_that_keeps_a_published_update_published_keeps_its_time() -> None:
    edited = edit_post(post(), {"status": "published", "blocks": SECOND}, version=3, now=NOW)
    assert edited.published_at == EARLIER


def test_edit_cannot_pin_a_draft() -> None:
    with pytest.raises(Invalid) as error:
        edit_post(post(status="draft"), {"pinned": True}, version=3, now=NOW)
    assert problems(error) == [("pinned", "only a published update can be pinned")]


def test_edit_cannot_move_a_published_update_into_the_future() -> None:
    with pytest.raises(Invalid) as error:
        fields = check_post_fields({"published_at": LATER}, creating=False)
        edit_post(post(), fields, version=3, now=NOW)
    assert fields_named(error) == ["published_at"]


# -- delete_post --------------------------------------------------------------------


def test_delete_marks_deleted_unpins_and_bumps_version() -> None:
    deleted = delete_post(post(pinned=True), version=3, now=NOW)
    assert deleted == post(status="deleted", pinned=False, version=4, updated_at=NOW)


def test_delete_without_a_version_skips_the_version_check() -> None:
    assert delete_post(post(), version=None, now=NOW).status == "deleted"


def test_delete_with_a_stale_version_is_a_conflict() -> None:
    with pytest.raises(Conflict) as error:
        delete_post(post(), version=1, now=NOW)
    assert error.value.current_version == 3


def test_deleting_twice_is_refused() -> None:
    with pytest.raises(Invalid) as error:
        delete_post(post(status="deleted"), version=None, now=NOW)
    assert problems(error) == [("status", "this update is already deleted")]


# -- set_pinned -----------------------------------------------------------------------


def test_published_update_can_be_pinned_and_unpinned() -> None:
    pinned = set_pinned(post(), True, now=NOW)
    assert (pinned.pinned, pinned.version, pinned.updated_at) == (True, 4, NOW)
    unpinned = set_pinned(pinned, False, now=LATER)
    assert (unpinned.pinned, unpinned.version, unpinned.updated_at) == (False, 5, LATER)


@pytest.mark.parametrize("status", ["draft", "scheduled", "deleted"])
def test_only_a_published_update_can_be_pinned(status: str) -> None:
    with pytest.raises(Invalid) as error:
        set_pinned(post(status=status), True, now=NOW)
    assert problems(error) == [("pinned", "only a published update can be pinned")]


def test_the_intro_entry_is_never_pinned() -> None:
    with pytest.raises(Invalid) as error:
        set_pinned(post(kind="intro"), True, now=NOW)
    assert problems(error) == [
        ("pinned", "the intro entry is always reachable; pin an update instead")
    ]


# -- set_key_event --------------------------------------------------------------------


def test_key_event_title_is_set_stripped() -> None:
    marked = set_key_event(post(), "  Evacuation begins ", now=NOW)
    assert (marked.key_event, marked.version, marked.updated_at) == ("Evacuation begins", 4, NOW)


@pytest.mark.parametrize("title", [None, "", "  "])
def test_key_event_is_cleared_by_none_or_blank(title: str | None) -> None:
    assert set_key_event(post(key_event="Buses"), title, now=NOW).key_event is None


def test_key_event_title_over_120_characters_is_refused() -> None:
    with pytest.raises(Invalid) as error:
        set_key_event(post(), "k" * 121, now=NOW)
    assert problems(error) == [
        ("key_event", "must be a short title (at most 120 characters) or null")
    ]


def test_the_intro_entry_cannot_be_a_key_event() -> None:
    with pytest.raises(Invalid) as error:
        set_key_event(post(kind="intro"), "Start", now=NOW)
    assert problems(error) == [("key_event", "the intro entry cannot be a key event")]


# -- release_scheduled ------------------------------------------------------------------


def test_released_scheduled_update_is_published_at_its_scheduled_time() -> None:
    scheduled = post(status="scheduled", published_at=NOW)
    released = release_scheduled(scheduled, now=NOW + timedelta(seconds=5))
    assert released == post(
        status="published",
        published_at=NOW,
        version=4,
        updated_at=NOW + timedelta(seconds=5),
    )
    assert released.is_public
