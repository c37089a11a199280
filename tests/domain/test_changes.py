"""The change log: which action each change is, and whether readers see it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from dateline.domain.blocks import Text
from dateline.domain.blog import Blog
from dateline.domain.changes import Change, blog_action, post_action
from dateline.domain.post import Post

NOW = datetime(2016, 12, 12, 21, 45, tzinfo=UTC)

DRAFT = Post(
    id=11,
    blog_id=7,
    kind="update",
    status="draft",
    blocks=(Text(html="<p>Buses are lining up.</p>"),),
    created_by="amira",
)
PUBLISHED = replace(DRAFT, status="published", published_at=NOW, version=2)
SCHEDULED = replace(DRAFT, status="scheduled", published_at=NOW)
OTHER_BLOCKS = (Text(html="<p>The first buses have left.</p>"),)

BLOG = Blog(id=7, slug="aleppo-live", title="Aleppo live", status="live")


# -- post_action --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, DRAFT, ("desk", False)),
        (None, SCHEDULED, ("desk", False)),
        (DRAFT, replace(DRAFT, blocks=OTHER_BLOCKS), ("desk", False)),
        (DRAFT, SCHEDULED, ("desk", False)),
        (None, PUBLISHED, ("publish", True)),
        (DRAFT, PUBLISHED, ("publish", True)),
        (SCHEDULED, PUBLISHED, ("publish", True)),
        (PUBLISHED, replace(PUBLISHED, blocks=OTHER_BLOCKS), ("edit", True)),
        (PUBLISHED, replace(PUBLISHED, tags=("syria",)), ("edit", True)),
        (PUBLISHED, replace(PUBLISHED, status="deleted"), ("delete", True)),
        (DRAFT, replace(DRAFT, status="deleted"), ("desk", False)),
        (SCHEDULED, replace(SCHEDULED, status="deleted"), ("desk", False)),
        (PUBLISHED, replace(PUBLISHED, pinned=True), ("pin", True)),
        (replace(PUBLISHED, pinned=True), PUBLISHED, ("unpin", True)),
        (PUBLISHED, replace(PUBLISHED, key_event="Evacuation begins"), ("key", True)),
        (replace(PUBLISHED, key_event="Evacuation begins"), PUBLISHED, ("key", True)),
        (
            PUBLISHED,
            replace(PUBLISHED, key_event="Evacuation begins", blocks=OTHER_BLOCKS),
            ("edit", True),
        ),
    ],
    ids=[
        "new-draft-is-desk",
        "new-scheduled-is-desk",
        "draft-edit-is-desk",
        "draft-scheduled-is-desk",
        "new-published-is-publish",
        "draft-published-is-publish",
        "scheduled-released-is-publish",
        "published-content-is-edit",
        "published-tags-is-edit",
        "published-deleted-is-public-delete",
        "draft-deleted-is-desk",
        "scheduled-deleted-is-desk",
        "pin",
        "unpin",
        "key-event-set-is-key",
        "key-event-cleared-is-key",
        "key-event-and-content-is-edit",
    ],
)
def test_post_action_and_whether_readers_see_it(
    before: Post | None, after: Post, expected: tuple[str, bool]
) -> None:
    assert post_action(before, after) == expected


# -- blog_action ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, BLOG, ("blog", True)),
        (None, replace(BLOG, status="draft"), ("blog", False)),
        (
            replace(BLOG, status="draft"),
            replace(BLOG, status="draft", title="New"),
            ("blog", False),
        ),
        (replace(BLOG, status="draft"), BLOG, ("blog", True)),
        (BLOG, replace(BLOG, title="Aleppo: day two"), ("blog", True)),
        (BLOG, replace(BLOG, status="ended"), ("end", True)),
        (None, replace(BLOG, status="ended"), ("end", True)),
        (replace(BLOG, status="ended"), replace(BLOG, status="ended", title="New"), ("blog", True)),
        (replace(BLOG, status="ended"), BLOG, ("blog", True)),
    ],
    ids=[
        "new-live-blog",
        "new-draft-blog-is-not-public",
        "draft-blog-change-is-not-public",
        "draft-goes-live",
        "live-blog-settings",
        "ending-is-end",
        "created-ended-is-end",
        "ended-blog-settings-are-not-end-again",
        "reopening",
    ],
)
def test_blog_action_and_whether_readers_see_it(
    before: Blog | None, after: Blog, expected: tuple[str, bool]
) -> None:
    assert blog_action(before, after) == expected


# -- Change ------------------------------------------------------------------------------


def test_change_names_the_post_it_carries() -> None:
    change = Change(blog_id=7, seq=3, action="publish", created_at=NOW, public=True, post=PUBLISHED)
    assert change.post_id == 11


def test_blog_level_change_has_no_post_id() -> None:
    change = Change(blog_id=7, seq=4, action="end", created_at=NOW, public=True, blog=BLOG)
    assert change.post_id is None
