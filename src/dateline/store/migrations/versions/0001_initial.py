"""Blogs, updates, revisions, the change log, users and tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from dateline.store.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "blogs",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(80), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("time_zone", sa.String(64), nullable=False),
        sa.Column("stamp_format", sa.String(80), nullable=False),
        sa.Column("post_order", sa.String(6), nullable=False),
        sa.Column("status", sa.String(5), nullable=False),
        sa.Column("coverage_start", UTCDateTime()),
        sa.Column("coverage_end", UTCDateTime()),
        sa.Column("cover", Document),
        sa.Column("featured_links", Document, nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blogs")),
        sa.UniqueConstraint("slug", name=op.f("uq_blogs_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "changes",
        sa.Column("blog_id", Id, nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("post_id", Id),
        sa.Column("revision_id", Id),
        sa.Column("blog_snapshot", Document),
        sa.Column("actor", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blog_id"], ["blogs.id"], name=op.f("fk_changes_blog_id_blogs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("blog_id", "seq", name=op.f("pk_changes")),
    )
    op.create_table(
        "posts",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("blog_id", Id, nullable=False),
        sa.Column("kind", sa.String(6), nullable=False),
        sa.Column("status", sa.String(9), nullable=False),
        sa.Column("blocks", Document, nullable=False),
        sa.Column("authors", Document, nullable=False),
        sa.Column("tags", Document, nullable=False),
        sa.Column("published_at", UTCDateTime()),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("key_event", sa.String(120)),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("edited_at", UTCDateTime()),
        sa.ForeignKeyConstraint(
            ["blog_id"], ["blogs.id"], name=op.f("fk_posts_blog_id_blogs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posts")),
    )
    op.create_index("ix_posts_stream", "posts", ["blog_id", "kind", "status", "published_at", "id"])
    op.create_index("ix_posts_schedule", "posts", ["status", "published_at"])
    op.create_index(
        "ix_posts_pinned",
        "posts",
        ["blog_id"],
        sqlite_where=sa.text("pinned = 1"),
        postgresql_where=sa.text("pinned = true"),
    )
    op.create_index(
        "ix_posts_key_events",
        "posts",
        ["blog_id", "published_at"],
        sqlite_where=sa.text("key_event IS NOT NULL"),
        postgresql_where=sa.text("key_event IS NOT NULL"),
    )
    op.create_table(
        "tokens",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tokens_token_hash")),
    )
    op.create_table(
        "revisions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("post_id", Id, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", Document, nullable=False),
        sa.Column("actor", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_revisions_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revisions")),
    )
    op.create_index("ix_revisions_post_version", "revisions", ["post_id", "version"], unique=True)


def downgrade() -> None:
    op.drop_table("revisions")
    op.drop_table("tokens")
    op.drop_table("posts")
    op.drop_table("changes")
    op.drop_table("users")
    op.drop_table("blogs")
