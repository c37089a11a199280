"""Delivering public changes to webhook subscribers: in sequence order per
subscription, signed (Standard Webhooks), retried with exponential backoff.

A duty (`web/duties.py`) calls `run` every few seconds: each due subscription gets
a task of its own that sends its next changes one by one, so a receiver that
hangs delays only itself, and publishing never waits for any of them. Where each
subscription stands is stored after every attempt, so delivery resumes after a
restart; a change whose success was not recorded is sent again with the same
`webhook-id` (at least once, never lost).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..domain.changes import Change
from ..domain.times import iso
from ..domain.visibility import may_see_change
from ..domain.webhooks import Webhook, delivery_id, sign
from ..formats.post_text import post_text
from ..media.fetch import Fetcher, FetchError
from ..render.feed_html import feed_html
from ..store.changelog import changes_after
from ..store.queries import get_blog_by_id
from ..store.webhooks import due_webhooks, record_attempt, skip_to, webhook_by_id

if TYPE_CHECKING:
    from ..domain.blog import Blog
    from .app import Dateline

log = logging.getLogger(__name__)
BATCH = 50  # changes read at a time per subscription
USER_AGENT = "Dateline-Webhooks/1"


class WebhookDelivery:
    def __init__(self, app: Dateline) -> None:
        self.app = app
        self.first_retry = timedelta(seconds=app.settings.webhook_retry_seconds)
        self._running: dict[int, asyncio.Task[None]] = {}
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        """Checked addresses, as captures have (media/fetch.py): an editor's URL must not
        reach into the server's own network unless the operator allows it. No redirects:
        a subscription's URL is the one an editor entered."""
        if self._fetcher is None:
            self._fetcher = Fetcher(
                user_agent=USER_AGENT, connect_timeout=5.0, read_timeout=10.0,
                total_timeout=15.0, any_address=self.app.settings.webhook_private_addresses,
            )  # fmt: skip
        return self._fetcher

    async def run(self) -> None:
        """One round: start a sender for each due subscription not already sending."""
        now = self.app.database.clock()
        for hook in await self.app.database.read(due_webhooks, now):
            if hook.id not in self._running:
                task = asyncio.create_task(self._send_all(hook))
                self._running[hook.id] = task
                task.add_done_callback(self._finished(hook.id))

    def _finished(self, hook_id: int) -> Callable[[asyncio.Task[None]], None]:
        def forget(_task: asyncio.Task[None]) -> None:
            self._running.pop(hook_id, None)

        return forget

    async def stop(self) -> None:
        for task in list(self._running.values()):
            task.cancel()
        for task in list(self._running.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._fetcher is not None:
            await self._fetcher.aclose()
            self._fetcher = None

    async def _send_all(self, due: Webhook) -> None:
        hook: Webhook | None = due
        try:
            # Read afresh: the round that found it due may have read it before the last
            # sender for it recorded its final delivery (that would send a change twice).
            hook = await self.app.database.read(webhook_by_id, due.id)
            if hook is None or (
                hook.due_at is not None and hook.due_at > self.app.database.clock()
            ):
                return  # removed, or backed off since
            while hook.active:
                blog, found = await self.app.database.read(_pending, hook)
                if len(found) < BATCH and blog.last_seq > hook.delivered_seq:
                    # Nothing more to read: what follows the last public change (desk
                    # changes) is passed over once the public ones are delivered.
                    found.append(_END)
                if not found:
                    return
                for change in found:
                    if change is _END:
                        await self.app.database.write(skip_to, hook, blog.last_seq)
                        return
                    if not may_see_change(change, blog, None):
                        await self.app.database.write(skip_to, hook, change.seq)
                        hook = _moved(hook, change.seq)
                        continue
                    hook = await self._send(hook, blog, change)
                    if hook.failures:
                        return  # backed off: the duty picks it up again when it is due
        except Exception:
            log.exception("webhook %s: delivery stopped; it is tried again next round", due.id)

    async def _send(self, hook: Webhook, blog: Blog, change: Change) -> Webhook:
        message_id = delivery_id(hook.id, change.seq)
        body = json.dumps(self.message(blog, change), separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(hook.secret, message_id, timestamp, body),
        }
        started = time.perf_counter()
        status: int | None = None
        error = ""
        try:
            status = await self.fetcher.post(hook.url, content=body, headers=headers)
            if not 200 <= status < 300:
                error = f"the receiver answered {status}"
        except FetchError as failure:
            error = str(failure)
        elapsed = int((time.perf_counter() - started) * 1000)
        return await self.app.database.write(
            record_attempt, hook, seq=change.seq, delivery_id=message_id, status_code=status,
            error=error, duration_ms=elapsed, first_retry=self.first_retry,
        )  # fmt: skip

    def message(self, blog: Blog, change: Change) -> dict[str, Any]:
        """The JSON body: Standard Webhooks' {type, timestamp, data}."""
        urls = self.app.urls
        data: dict[str, Any] = {
            "blog": blog.slug,
            "blog_url": urls.blog(blog.slug, absolute=True),
            "seq": change.seq,
            "action": change.action,
        }
        post = change.post
        if post is not None:
            update: dict[str, Any] = {
                "id": post.id,
                "url": urls.update(blog.slug, post.id, absolute=True),
                "status": post.status,
            }
            if post.status == "published":
                update.update(
                    kind=post.kind,
                    published_at=iso(post.published_at) if post.published_at else None,
                    edited_at=iso(post.edited_at) if post.edited_at else None,
                    pinned=post.pinned,
                    key_event=post.key_event,
                    authors=list(post.authors),
                    html=feed_html(self.app.renderer, post, blog, {c.id: c for c in change.claims}),
                    text=post_text(post),
                )
            data["update"] = update
        claim = change.claim
        if claim is not None:
            data["claim"] = {
                "id": claim.id,
                "statement": claim.statement,
                "status": claim.status,
                "label": claim.label,
                "url": urls.claim(blog.slug, claim.id, absolute=True),
            }
        if change.blog is not None:
            data["status"] = change.blog.status
            data["title"] = change.blog.title
        return {
            "type": f"change.{change.action}",
            "timestamp": iso(change.created_at),
            "data": data,
        }


def _pending(conn: Any, hook: Webhook) -> tuple[Blog, list[Change]]:
    blog = get_blog_by_id(conn, hook.blog_id)
    # As now: wording replaced or deleted since is not sent again.
    found = changes_after(conn, hook.blog_id, hook.delivered_seq, limit=BATCH, as_now=True)
    return blog, found


def _moved(hook: Webhook, seq: int) -> Webhook:
    return replace(hook, delivered_seq=seq)


# Marks the end of what there is to deliver (see `_send_all`).
_END = Change(blog_id=0, seq=0, action="desk", created_at=datetime.min, public=False)
