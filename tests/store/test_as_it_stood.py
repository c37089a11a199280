"""Reading a blog as it stood, on both engines, against a day of changes at known times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dateline.domain.as_it_stood import Moment, Withdrawal
from dateline.store.as_it_stood import read_moment
from tests.store.valley_day import TEXT, Day, build_day, gmt


@pytest.fixture
def day(clocked_database, clock) -> Day:
    return build_day(clocked_database, clock)


def moment(database, day: Day, at: datetime) -> Moment:
    found = database.run_read(read_moment, day.blog_id, at)
    assert found is not None
    return found


def shown(m: Moment, day: Day) -> list[str]:
    """The updates on the page then, newest first, by their names in the day."""
    names = {post_id: name for name, post_id in day.posts.items()}
    return [names[e.post.id] for e in m.updates]


def text(entry) -> str:
    return entry.post.blocks[0].html


def test_before_the_blog_existed_there_is_no_page(clocked_database, day):
    assert clocked_database.run_read(read_moment, day.blog_id, gmt(17, 59)) is None


def test_at_1812_only_the_intro_was_up(clocked_database, day):
    m = moment(clocked_database, day, gmt(18, 12))
    assert m.updates == [] and m.pinned is None and m.key_events == []
    assert m.intro is not None and TEXT["intro"] in text(m.intro)


def test_at_1835_the_page_had_three_updates_later_deleted_and_redacted_ones_marked(
    clocked_database, day
):
    m = moment(clocked_database, day, gmt(18, 35))
    assert shown(m, day) == ["u3", "u2", "u1"]
    by_name = dict(zip(shown(m, day), m.updates, strict=True))
    # The words they had then, whatever happened to them since.
    assert TEXT["u1"] in text(by_name["u1"])
    assert TEXT["u3"] in text(by_name["u3"])
    assert by_name["u1"].withdrawn == Withdrawal("removed", gmt(19, 30))
    assert by_name["u3"].withdrawn == Withdrawal("redacted", gmt(19, 45))
    assert by_name["u2"].withdrawn is None
    assert m.pinned is not None and m.pinned.post.id == day.posts["u2"]
    assert [e.post.key_event for e in m.key_events] == ["Shelling ordered"]
    assert m.claims[day.claim_id].status == "unverified"


def test_at_1905_the_claim_was_disputed_and_the_figure_not_yet_corrected(clocked_database, day):
    m = moment(clocked_database, day, gmt(19, 5))
    assert shown(m, day) == ["u5", "u4", "u3", "u2", "u1"]
    assert TEXT["u4"] in text(m.updates[1])
    assert m.updates[1].post.corrections == ()
    claim = m.claims[day.claim_id]
    assert (claim.status, claim.status_update_id) == ("disputed", day.posts["u5"])


def test_at_1925_the_correction_and_the_new_pin_were_up(clocked_database, day):
    m = moment(clocked_database, day, gmt(19, 25))
    assert shown(m, day) == ["u6", "u5", "u4", "u3", "u2", "u1"]
    corrected = m.updates[2]
    assert TEXT["u4_corrected"] in text(corrected)
    assert [(c.at, c.note) for c in corrected.post.corrections] == [
        (gmt(19, 10), "We misread the figure.")
    ]
    assert m.pinned is not None and m.pinned.post.id == day.posts["u6"]
    assert not m.updates[4].post.pinned  # U2, unpinned when U6 was pinned


def test_at_1950_the_deleted_update_had_left_and_the_redacted_wording_is_not_withdrawn(
    clocked_database, day
):
    m = moment(clocked_database, day, gmt(19, 50))
    assert shown(m, day) == ["u6", "u5", "u4", "u3", "u2"]
    redacted = m.updates[3]
    assert TEXT["u3_redacted"] in text(redacted)
    assert redacted.withdrawn is None
    assert redacted.post.corrections[-1].kind == "redaction"


def test_at_2006_the_claim_was_false_and_at_2015_the_page_is_as_it_is_now(clocked_database, day):
    m = moment(clocked_database, day, gmt(20, 6))
    claim = m.claims[day.claim_id]
    assert (claim.status, claim.status_update_id) == ("false", day.posts["u7"])
    assert [e.post.key_event for e in m.key_events] == ["Shelling ordered"]
    later = moment(clocked_database, day, datetime(2030, 1, 1, tzinfo=UTC))
    assert [e.post.key_event for e in later.key_events] == ["Shelling ordered", "Convoy arrives"]
    assert shown(later, day) == ["u7", "u6", "u5", "u4", "u3", "u2"]
    assert all(e.withdrawn is None for e in later.updates)
