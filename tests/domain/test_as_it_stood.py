"""The page as it stood: what was published then, and what has been withdrawn since."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from dateline.domain.as_it_stood import Withdrawal, page_of, rebuild, withdrawal
from dateline.domain.blocks import Text
from dateline.domain.blog import Blog
from dateline.domain.corrections import Correction
from dateline.domain.post import Post

AT = datetime(2016, 12, 12, 20, 0, tzinfo=UTC)
BLOG = Blog(id=1, slug="aleppo", title="Aleppo")


def post(post_id: int, minutes: int, **fields) -> Post:
    values = {
        "id": post_id,
        "blog_id": 1,
        "kind": "update",
        "status": "published",
        "blocks": (Text(html=f"<p>Update {post_id}</p>"),),
        "version": 1,
        "published_at": AT - timedelta(minutes=minutes),
        "updated_at": AT,
    }
    values.update(fields)
    return Post(**values)


def test_an_update_deleted_since_is_withdrawn_as_removed_at_its_deletion():
    then = post(1, 30)
    gone = replace(then, status="deleted", version=2, updated_at=AT + timedelta(hours=1))
    assert withdrawal(then, gone) == Withdrawal("removed", AT + timedelta(hours=1))
    assert withdrawal(then, then) is None


def test_a_redaction_since_withdraws_the_wording_then_but_not_the_redacted_wording():
    then = post(1, 30, version=2)
    redaction = Correction(version=3, at=AT + timedelta(minutes=40), kind="redaction", note="legal")
    now = replace(then, version=3, corrections=(redaction,))
    assert withdrawal(then, now) == Withdrawal("redacted", redaction.at)
    assert withdrawal(now, now) is None
    corrected = replace(then, version=3, corrections=(replace(redaction, kind="correction"),))
    assert withdrawal(then, corrected) is None  # an ordinary correction hides nothing


def test_rebuild_keeps_what_was_published_in_the_order_and_places_it_had():
    newest = post(3, 5, pinned=True)
    key = post(2, 20, key_event="Talks begin")
    oldest = post(1, 40)
    draft = post(4, 1, status="draft")
    intro = post(9, 300, kind="intro")
    then = [oldest, draft, key, newest, intro]
    moment = rebuild(AT, BLOG, then, {p.id: p for p in then}, {})
    assert [e.post.id for e in moment.updates] == [3, 2, 1]
    assert moment.pinned is not None and moment.pinned.post.id == 3
    assert [e.post.id for e in moment.key_events] == [2]
    assert moment.intro is not None and moment.intro.post.id == 9
    oldest_first = rebuild(AT, replace(BLOG, order="oldest"), then, {}, {})
    assert [e.post.id for e in oldest_first.updates] == [1, 2, 3]
    assert all(e.withdrawn == Withdrawal("removed", None) for e in oldest_first.updates)


def test_a_blog_that_was_still_a_draft_then_showed_nothing():
    moment = rebuild(AT, replace(BLOG, status="draft"), [post(1, 5)], {}, {})
    assert moment.updates == [] and not moment.was_public


def test_pages_of_the_past_follow_the_same_cursor_positions_as_the_live_page():
    entries = rebuild(AT, BLOG, [post(i, i) for i in range(1, 6)], {}, {}).updates
    first, last = page_of(entries, None, newest_first=True, size=2)
    assert [e.post.id for e in first] == [1, 2]
    assert last is not None and last.id == 2
    after = (last.published_at, last.id)
    second, _ = page_of(entries, after, newest_first=True, size=2)
    assert [e.post.id for e in second] == [3, 4]
    final, more = page_of(entries, (entries[3].post.published_at, 4), newest_first=True, size=2)
    assert [e.post.id for e in final] == [5] and more is None
