"""Edit locks in the store: every node sees who is editing which update.

Revision ID: edit_locks
Revises: leases
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dateline.store.types import UTCDateTime

revision = "edit_locks"
down_revision = "leases"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "edit_locks",
        sa.Column("blog_id", Id, nullable=False),
        sa.Column("post_id", Id, nullable=False),
        sa.Column("holder", sa.String(100), nullable=False),
        sa.Column("since", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blog_id"], ["blogs.id"], name=op.f("fk_edit_locks_blog_id_blogs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_edit_locks_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("blog_id", "post_id", name=op.f("pk_edit_locks")),
    )


def downgrade() -> None:
    op.drop_table("edit_locks")
