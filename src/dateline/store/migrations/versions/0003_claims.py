"""Claims, sources, corrections: the tables, and the posts' claims and corrections.

Revision ID: claims
Revises: media
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from dateline.store.types import UTCDateTime

revision = "claims"
down_revision = "media"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Document = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("handles", Document, nullable=False),
        sa.Column("urls", Document, nullable=False),
        sa.Column("reliability", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_table(
        "claims",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("blog_id", Id, nullable=False),
        sa.Column("statement", sa.String(500), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("source_id", Id),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status_changed_at", UTCDateTime()),
        sa.Column("status_update_id", Id),
        sa.Column("status_update_at", UTCDateTime()),
        sa.Column("created_by", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(100)),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blog_id"], ["blogs.id"], name=op.f("fk_claims_blog_id_blogs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_claims_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
    )
    op.create_index("ix_claims_blog", "claims", ["blog_id", "id"])
    op.create_table(
        "claim_revisions",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("claim_id", Id, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", Document, nullable=False),
        sa.Column("actor", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_revisions_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_revisions")),
    )
    op.create_index(
        "ix_claim_revisions_claim_version", "claim_revisions", ["claim_id", "version"], unique=True
    )
    op.create_table(
        "claim_links",
        sa.Column("post_id", Id, nullable=False),
        sa.Column("claim_id", Id, nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_claim_links_post_id_posts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_links_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("post_id", "claim_id", name=op.f("pk_claim_links")),
    )
    op.create_index("ix_claim_links_claim", "claim_links", ["claim_id"])
    op.create_table(
        "corrections",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("blog_id", Id, nullable=False),
        sa.Column("post_id", Id, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["blog_id"], ["blogs.id"], name=op.f("fk_corrections_blog_id_blogs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_corrections_post_id_posts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    op.create_index("ix_corrections_blog", "corrections", ["blog_id", "created_at"])
    # Existing updates carry no claims and list no corrections. Plain ADD COLUMN on both
    # engines: SQLite's batch mode would rebuild `posts` and its partial indexes.
    op.add_column("posts", sa.Column("claims", Document, nullable=False, server_default="[]"))
    op.add_column("posts", sa.Column("corrections", Document, nullable=False, server_default="[]"))
    op.add_column("changes", sa.Column("claim_revision_id", Id))


def downgrade() -> None:
    op.drop_column("changes", "claim_revision_id")
    op.drop_column("posts", "corrections")
    op.drop_column("posts", "claims")
    op.drop_table("corrections")
    op.drop_table("claim_links")
    op.drop_table("claim_revisions")
    op.drop_table("claims")
    op.drop_table("sources")
