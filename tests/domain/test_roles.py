"""Who may do what: contributors write their own drafts; editors and admins anything."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.domain.blocks import Text
from dateline.domain.errors import Forbidden
from dateline.domain.post import Post
from dateline.domain.roles import Actor, Role, check_post_write, require

OWN_DRAFT = Post(
    id=11,
    blog_id=7,
    kind="update",
    status="draft",
    blocks=(Text(html="<p>Buses are lining up.</p>"),),
    created_by="cara",
)
EDITED = (Text(html="<p>The first buses have left.</p>"),)
OTHERS_DRAFT = replace(OWN_DRAFT, created_by="amira")
OWN_PUBLISHED = replace(OWN_DRAFT, status="published")
OWN_SCHEDULED = replace(OWN_DRAFT, status="scheduled")

ONLY_OWN = "Contributors can edit only their own drafts; ask an editor."
DRAFTS_ONLY = "Contributors write drafts; an editor publishes, schedules or deletes them."


# -- require ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "at_least"),
    [
        (Role.CONTRIBUTOR, Role.CONTRIBUTOR),
        (Role.EDITOR, Role.CONTRIBUTOR),
        (Role.EDITOR, Role.EDITOR),
        (Role.ADMIN, Role.EDITOR),
        (Role.ADMIN, Role.ADMIN),
    ],
)
def test_require_allows_the_role_or_above(role: Role, at_least: Role) -> None:
    require(role, at_least, "Pinning an update")


@pytest.mark.parametrize(
    ("role", "at_least", "message"),
    [
        (
            Role.CONTRIBUTOR,
            Role.EDITOR,
            "Pinning an update needs the editor role; you are a contributor.",
        ),
        (
            Role.CONTRIBUTOR,
            Role.ADMIN,
            "Pinning an update needs the admin role; you are a contributor.",
        ),
    ],
)
def test_require_refuses_a_lower_role_saying_which_role_is_needed(
    role: Role, at_least: Role, message: str
) -> None:
    with pytest.raises(Forbidden) as error:
        require(role, at_least, "Pinning an update")
    assert str(error.value) == message


def test_require_refusing_an_editor_reads_as_plain_english() -> None:
    with pytest.raises(Forbidden) as error:
        require(Role.EDITOR, Role.ADMIN, "Adding a person")
    assert str(error.value) == "Adding a person needs the admin role; you are an editor."


def test_roles_are_their_names() -> None:
    assert [Role(r) for r in ("admin", "editor", "contributor")] == [
        Role.ADMIN,
        Role.EDITOR,
        Role.CONTRIBUTOR,
    ]
    assert Actor("cara", Role.CONTRIBUTOR).role == "contributor"


# -- check_post_write: what a contributor may do --------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, OWN_DRAFT),
        (OWN_DRAFT, replace(OWN_DRAFT, blocks=EDITED)),
        (OWN_DRAFT, replace(OWN_DRAFT, status="deleted")),
    ],
    ids=["create-draft", "edit-own-draft", "delete-own-draft"],
)
def test_contributor_may_write_and_delete_own_drafts(before: Post | None, after: Post) -> None:
    check_post_write(Role.CONTRIBUTOR, "cara", before, after)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        (None, OWN_PUBLISHED, DRAFTS_ONLY),
        (None, OWN_SCHEDULED, DRAFTS_ONLY),
        (OWN_DRAFT, OWN_PUBLISHED, DRAFTS_ONLY),
        (OWN_DRAFT, OWN_SCHEDULED, DRAFTS_ONLY),
        (OWN_PUBLISHED, replace(OWN_PUBLISHED, blocks=EDITED), DRAFTS_ONLY),
        (OWN_PUBLISHED, replace(OWN_PUBLISHED, status="deleted"), DRAFTS_ONLY),
        (OWN_SCHEDULED, replace(OWN_SCHEDULED, blocks=EDITED), DRAFTS_ONLY),
        (OWN_SCHEDULED, replace(OWN_SCHEDULED, status="deleted"), DRAFTS_ONLY),
        (OTHERS_DRAFT, replace(OTHERS_DRAFT, blocks=EDITED), ONLY_OWN),
        (OTHERS_DRAFT, replace(OTHERS_DRAFT, status="deleted"), ONLY_OWN),
        (
            replace(OWN_DRAFT, created_by=None),
            replace(OWN_DRAFT, created_by=None, blocks=EDITED),
            ONLY_OWN,
        ),
    ],
    ids=[
        "create-published",
        "create-scheduled",
        "publish-own-draft",
        "schedule-own-draft",
        "edit-own-published",
        "delete-own-published",
        "edit-own-scheduled",
        "delete-own-scheduled",
        "edit-others-draft",
        "delete-others-draft",
        "edit-draft-of-no-one",
    ],
)
def test_contributor_may_not_publish_touch_published_or_others_posts(
    before: Post | None, after: Post, message: str
) -> None:
    with pytest.raises(Forbidden) as error:
        check_post_write(Role.CONTRIBUTOR, "cara", before, after)
    assert str(error.value) == message


# -- check_post_write: editors and admins ---------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
@pytest.mark.parametrize(
    ("before", "after"),
    [
        (None, OWN_PUBLISHED),
        (None, OWN_SCHEDULED),
        (OTHERS_DRAFT, replace(OTHERS_DRAFT, status="published")),
        (OWN_PUBLISHED, replace(OWN_PUBLISHED, blocks=EDITED)),
        (OWN_PUBLISHED, replace(OWN_PUBLISHED, status="deleted")),
        (OTHERS_DRAFT, replace(OTHERS_DRAFT, status="deleted")),
    ],
    ids=[
        "create-published",
        "create-scheduled",
        "publish-others-draft",
        "edit-published",
        "delete-published",
        "delete-others-draft",
    ],
)
def test_editor_and_admin_may_write_any_post(role: Role, before: Post | None, after: Post) -> None:
    check_post_write(role, "edna", before, after)
