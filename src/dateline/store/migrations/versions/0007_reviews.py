"""Contributions: drafts submitted for review and returned with a note.

Revision ID: reviews
Revises: distribution
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dateline.store.types import UTCDateTime

revision = "reviews"
down_revision = "distribution"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("blog_id", Id, nullable=False),
        sa.Column("post_id", Id, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blog_id"], ["blogs.id"], name=op.f("fk_reviews_blog_id_blogs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_reviews_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index("ix_reviews_post", "reviews", ["post_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_reviews_post", table_name="reviews")
    op.drop_table("reviews")
