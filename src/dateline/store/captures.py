"""The queue of embed captures: persistent, so a capture survives a restart.

A job names a post and an embed's canonical URL. `claim_due` hands out jobs
whose time has come and leases them (moves `due_at` past the lease), so a node
that dies mid-capture leaves its jobs to run again later; `finish`, `retry`
and `give_up` settle them. Jobs are queued in the same transaction as the
update that needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from .database import Tx
from .schema import capture_jobs

MAX_ERROR = 1000


@dataclass(frozen=True)
class CaptureJob:
    id: int
    blog_id: int
    post_id: int
    url: str
    attempts: int  # attempts made before this one
    state: str = "pending"
    last_error: str = ""


def queue_captures(tx: Tx, blog_id: int, post_id: int, urls: list[str]) -> list[int]:
    """Queue a capture for each URL not already waiting for this post; due at once."""
    waiting = set(
        tx.conn.execute(
            select(capture_jobs.c.url).where(
                capture_jobs.c.post_id == post_id, capture_jobs.c.state == "pending"
            )
        ).scalars()
    )
    queued = []
    for url in dict.fromkeys(urls):
        if url in waiting:
            continue
        row = {
            "blog_id": blog_id, "post_id": post_id, "url": url, "state": "pending",
            "attempts": 0, "due_at": tx.now, "last_error": "",
            "created_at": tx.now, "updated_at": tx.now,
        }  # fmt: skip
        queued.append(
            tx.conn.execute(insert(capture_jobs).returning(capture_jobs.c.id), row).scalar_one()
        )
    return queued


def claim_due(tx: Tx, *, limit: int, lease: timedelta) -> list[CaptureJob]:
    """Jobs due now, oldest first, leased for `lease` (others skip them meanwhile)."""
    rows = tx.conn.execute(
        select(capture_jobs)
        .where(capture_jobs.c.state == "pending", capture_jobs.c.due_at <= tx.now)
        .order_by(capture_jobs.c.due_at, capture_jobs.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).mappings()
    jobs = [_job(row) for row in rows.all()]
    if jobs:
        tx.conn.execute(
            update(capture_jobs)
            .where(capture_jobs.c.id.in_([j.id for j in jobs]))
            .values(due_at=tx.now + lease, attempts=capture_jobs.c.attempts + 1, updated_at=tx.now)
        )
    return jobs


def finish(tx: Tx, job_id: int) -> None:
    _settle(tx, job_id, state="done", error="")


def retry(tx: Tx, job_id: int, error: str, *, after: timedelta) -> None:
    _settle(tx, job_id, state="pending", error=error, due_at=tx.now + after)


def give_up(tx: Tx, job_id: int, error: str) -> None:
    _settle(tx, job_id, state="gave_up", error=error)


def requeue(tx: Tx, blog_id: int, post_id: int, url: str) -> int:
    """Capture again (an editor asked): a new job, due at once."""
    tx.conn.execute(
        update(capture_jobs)
        .where(
            capture_jobs.c.post_id == post_id,
            capture_jobs.c.url == url,
            capture_jobs.c.state == "pending",
        )
        .values(state="done", updated_at=tx.now, last_error="replaced by a new request")
    )
    return queue_captures(tx, blog_id, post_id, [url])[0]


def jobs_for_post(conn: Connection, post_id: int) -> list[CaptureJob]:
    rows = conn.execute(
        select(capture_jobs).where(capture_jobs.c.post_id == post_id).order_by(capture_jobs.c.id)
    ).mappings()
    return [
        CaptureJob(
            r["id"],
            r["blog_id"],
            r["post_id"],
            r["url"],
            r["attempts"],
            r["state"],
            r["last_error"],
        )
        for r in rows
    ]


def pending_count(conn: Connection) -> int:
    query = select(func.count()).where(capture_jobs.c.state == "pending")
    return int(conn.execute(query).scalar_one())


def next_due(conn: Connection) -> datetime | None:
    query = select(func.min(capture_jobs.c.due_at)).where(capture_jobs.c.state == "pending")
    value: datetime | None = conn.execute(query).scalar_one()
    return value


def _settle(tx: Tx, job_id: int, *, state: str, error: str, due_at: datetime | None = None) -> None:
    values: dict[str, object] = {
        "state": state,
        "last_error": error[:MAX_ERROR],
        "updated_at": tx.now,
    }
    if due_at is not None:
        values["due_at"] = due_at
    tx.conn.execute(update(capture_jobs).where(capture_jobs.c.id == job_id).values(**values))


def _job(row: Mapping[Any, Any]) -> CaptureJob:
    return CaptureJob(
        id=row["id"],
        blog_id=row["blog_id"],
        post_id=row["post_id"],
        url=row["url"],
        attempts=row["attempts"],
        state=row["state"],
        last_error=row["last_error"],
    )
