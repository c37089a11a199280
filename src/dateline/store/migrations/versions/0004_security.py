"""Security: revocable API tokens, and the newsroom's audit record.

Revision ID: security
Revises: claims
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dateline.store.types import UTCDateTime

revision = "security"
down_revision = "claims"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Nullable columns: a plain ADD COLUMN on both engines, no table rebuild.
    op.add_column("tokens", sa.Column("revoked_at", UTCDateTime()))
    op.add_column("tokens", sa.Column("revoked_by", sa.String(100)))
    op.create_table(
        "audit_events",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("actor", sa.String(100)),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_column("tokens", "revoked_by")
    op.drop_column("tokens", "revoked_at")
