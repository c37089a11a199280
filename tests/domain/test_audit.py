"""The audit log names each recorded change in the newsroom's words."""

from __future__ import annotations

import pytest

from dateline.domain.audit import blog_action_name, claim_action_name, post_action_name


@pytest.mark.parametrize(
    ("logged", "before", "after", "named"),
    [
        ("publish", None, "published", "publish"),
        ("publish", "draft", "published", "publish"),
        ("publish", "scheduled", "published", "publish"),
        ("publish", "deleted", "published", "restore"),
        ("edit", "published", "published", "edit"),
        ("delete", "published", "deleted", "delete"),
        ("pin", "published", "published", "pin"),
        ("unpin", "published", "published", "unpin"),
        ("key", "published", "published", "key event"),
        ("desk", None, "draft", "draft"),
        ("desk", "draft", "draft", "edit draft"),
        ("desk", None, "scheduled", "schedule"),
        ("desk", "draft", "scheduled", "schedule"),
        ("desk", "published", "draft", "unpublish"),
        ("desk", "draft", "deleted", "delete draft"),
    ],
)
def test_a_post_change_is_named_from_its_action_and_the_statuses_around_it(
    logged, before, after, named
):
    assert post_action_name(logged, before, after) == named


def test_blog_and_claim_changes_are_named():
    assert blog_action_name("blog", 1) == "create blog"
    assert blog_action_name("blog", 7) == "blog settings"
    assert blog_action_name("end", 9) == "end coverage"
    assert claim_action_name(1) == "claim create"
    assert claim_action_name(3) == "claim status"
