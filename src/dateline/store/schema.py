"""The tables. Alembic migrations in `migrations/` create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from .types import Document, UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Integer ids that are BIGINT on PostgreSQL and INTEGER (rowid alias) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")

blogs = Table(
    "blogs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("slug", String(80), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Column("language", String(35), nullable=False),
    Column("direction", String(3), nullable=False),
    Column("time_zone", String(64), nullable=False),
    Column("stamp_format", String(80), nullable=False),
    Column("post_order", String(6), nullable=False),
    Column("status", String(5), nullable=False),
    Column("coverage_start", UTCDateTime),
    Column("coverage_end", UTCDateTime),
    Column("cover", Document),
    Column("featured_links", Document, nullable=False),
    # Forgotten blogs: end the coverage after this many hours without an update (None: never).
    Column("auto_end_hours", Integer),
    Column("noindex", Boolean, nullable=False, default=False),
    Column("embed_origins", Document, nullable=False),
    # The last sequence number handed out; bumped in the same transaction as each change.
    Column("last_seq", BigInteger, nullable=False, default=0),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

posts = Table(
    "posts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(6), nullable=False),
    Column("status", String(9), nullable=False),
    Column("blocks", Document, nullable=False),
    Column("authors", Document, nullable=False),
    Column("tags", Document, nullable=False),
    Column("published_at", UTCDateTime),
    Column("pinned", Boolean, nullable=False, default=False),
    Column("key_event", String(120)),
    Column("version", Integer, nullable=False),
    Column("created_by", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("edited_at", UTCDateTime),
    # The claims it carries and the corrections listed on it (documents, like `blocks`).
    Column("claims", Document, nullable=False),
    Column("corrections", Document, nullable=False),
    # The reader page's query: one blog's published updates in time order.
    Index("ix_posts_stream", "blog_id", "kind", "status", "published_at", "id"),
    # The scheduler's query: scheduled updates whose time has come.
    Index("ix_posts_schedule", "status", "published_at"),
    # The page's pinned update and key events: small sets inside a possibly huge blog.
    Index(
        "ix_posts_pinned",
        "blog_id",
        sqlite_where=text("pinned = 1"),
        postgresql_where=text("pinned = true"),
    ),
    Index(
        "ix_posts_key_events",
        "blog_id",
        "published_at",
        sqlite_where=text("key_event IS NOT NULL"),
        postgresql_where=text("key_event IS NOT NULL"),
    ),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    # The whole post as it stood at this version (the codec's JSON form).
    Column("snapshot", Document, nullable=False),
    Column("actor", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_revisions_post_version", "post_id", "version", unique=True),
)

changes = Table(
    "changes",
    metadata,
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("action", String(12), nullable=False),
    Column("public", Boolean, nullable=False),
    Column("post_id", Id),
    Column("revision_id", Id),
    # For blog-level actions: the blog's settings as they stood after the change.
    Column("blog_snapshot", Document),
    # For claim changes: the claim's revision made by the change.
    Column("claim_revision_id", Id),
    Column("actor", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(12), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    # Set when an admin disables the person: their sessions and tokens stop at once.
    Column("disabled_at", UTCDateTime),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # SHA-256 of the token: a leaked database does not leak working tokens.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", String(100), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    # A revoked token is kept (listed, audited) but no longer lets anyone in.
    Column("revoked_at", UTCDateTime),
    Column("revoked_by", String(100)),
)

# The newsroom's own record of who did what outside any blog's change log (tokens,
# sources); a blog's audit is read from its change log (store/audit.py).
audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("actor", String(100)),
    Column("action", String(20), nullable=False),
    Column("subject", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Signed-in desk sessions, kept on the server so they can be revoked. Only the hash of
# the cookie's value is stored; `csrf_token` is what the session's pages and script send back.
desk_sessions = Table(
    "desk_sessions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("csrf_token", String(64), nullable=False),
    Column("address", String(64), nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_desk_sessions_user", "user_id"),
)

# Who works on which blog: editors and contributors write only to their blogs.
blog_members = Table(
    "blog_members",
    metadata,
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("added_by", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_blog_members_user", "user_id"),
)

# Failed sign-ins, by name and by address ("name:edna", "address:10.0.0.1"): the slow-down.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("first_at", UTCDateTime, nullable=False),
    Column("blocked_until", UTCDateTime),
)

# Answers to POSTs sent with an Idempotency-Key, per actor, kept for a day: a retried
# request gets the first answer again instead of doing the work twice.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("actor", String(100), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    # None while the first request is still being answered.
    Column("status", Integer),
    Column("headers", Document),
    Column("body", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Index("ix_idempotency_keys_expires", "expires_at"),
)

# The newsroom's registry of who makes claims, shared by every blog.
sources = Table(
    "sources",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("handles", Document, nullable=False),
    Column("urls", Document, nullable=False),
    Column("reliability", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_by", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
    Column("statement", String(500), nullable=False),
    Column("status", String(10), nullable=False),
    Column("source_id", Id, ForeignKey("sources.id", ondelete="SET NULL")),
    Column("version", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("status_changed_at", UTCDateTime),
    Column("status_update_id", Id),
    Column("status_update_at", UTCDateTime),
    Column("created_by", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_by", String(100)),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_claims_blog", "blog_id", "id"),
)

# Every version of a claim (its status history), as posts have `revisions`.
claim_revisions = Table(
    "claim_revisions",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("claim_id", Id, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("snapshot", Document, nullable=False),
    Column("actor", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_claim_revisions_claim_version", "claim_id", "version", unique=True),
)

# Which updates carry which claims now: an index of the posts' `claims` documents,
# kept in step by the post commands, for "the updates that report this claim".
claim_links = Table(
    "claim_links",
    metadata,
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", Id, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(10), nullable=False),
    Index("ix_claim_links_claim", "claim_id"),
)

# Every declared edit of a published update, minor ones included (those are not listed).
corrections = Table(
    "corrections",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("note", Text, nullable=False),
    Column("actor", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_corrections_blog", "blog_id", "created_at"),
)

# Contributions: each submission of a draft for review, and each return with an editor's note.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    Column("action", String(10), nullable=False),  # submitted, returned
    Column("note", Text, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_reviews_post", "post_id", "id"),
)

media = Table(
    "media",
    metadata,
    # The hash of the clean full-size file: the same picture uploaded twice is one item.
    Column("id", String(64), primary_key=True),
    Column("media_type", String(40), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    # Every stored file: [{name, width, height, media_type}], names content-addressed.
    Column("renditions", Document, nullable=False),
    Column("alt", Text, nullable=False),
    Column("caption", Text, nullable=False),
    Column("credit", Text, nullable=False),
    Column("source_url", Text, nullable=False),
    Column("created_by", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
)

capture_jobs = Table(
    "capture_jobs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), nullable=False),
    # The embed's canonical URL: which block(s) of the post the capture fills.
    Column("url", Text, nullable=False),
    Column("state", String(8), nullable=False),  # pending, done, gave_up
    Column("attempts", Integer, nullable=False),
    # When the job may run next: after a failure's backoff, or a running job's lease.
    Column("due_at", UTCDateTime, nullable=False),
    Column("last_error", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_capture_jobs_due", "state", "due_at"),
    Index("ix_capture_jobs_post", "post_id"),
)

# The site's settings an admin has set (publisher, logo …): they win over the environment's.
site_settings = Table(
    "site_settings",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_by", String(100)),
    Column("updated_at", UTCDateTime, nullable=False),
)

# Systems that hear of each public change of a blog (Standard Webhooks).
webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), nullable=False),
    Column("url", Text, nullable=False),
    # The signing key (`whsec_…`): shown once, kept to sign; never logged.
    Column("secret", String(100), nullable=False),
    Column("description", String(200), nullable=False),
    Column("active", Boolean, nullable=False),
    # The last change delivered (2xx): delivery resumes after it, in order.
    Column("delivered_seq", BigInteger, nullable=False),
    # Failures in a row of the next change, and when it may be tried again.
    Column("failures", Integer, nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_by", String(100)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_webhooks_blog", "blog_id"),
)

# Every attempt to deliver a change: the delivery log the desk reads.
webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("webhook_id", Id, ForeignKey("webhooks.id", ondelete="CASCADE"), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("delivery_id", String(80), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("status_code", Integer),
    Column("error", Text, nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_webhook_attempts_webhook", "webhook_id", "id"),
)

# Who runs each timed duty across nodes: one row per duty, held until `expires_at`.
leases = Table(
    "leases",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("holder", String(100), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

# Soft locks: who is editing which update (store/edit_locks.py).
edit_locks = Table(
    "edit_locks",
    metadata,
    Column("blog_id", Id, ForeignKey("blogs.id", ondelete="CASCADE"), primary_key=True),
    Column("post_id", Id, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("holder", String(100), nullable=False),
    Column("since", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)
