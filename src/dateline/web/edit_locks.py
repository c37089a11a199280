"""Soft locks: who is editing which update, so others see it before they start too.

Soft: a lock refuses nothing (the API's version check keeps saves safe); it tells.
Held in memory per node and kept alive by the editor's page; it lapses by itself
when the page goes away without saying so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

LOCK_SECONDS = 30.0


@dataclass(frozen=True)
class EditLock:
    post_id: int
    holder: str
    since: float  # wall-clock seconds
    expires: float  # monotonic seconds


class EditLocks:
    """The locks of every blog on this node, by (blog slug, update id)."""

    def __init__(self, seconds: float = LOCK_SECONDS) -> None:
        self.seconds = seconds
        self._held: dict[tuple[str, int], EditLock] = {}

    def take(self, slug: str, post_id: int, holder: str) -> EditLock:
        """Hold (or keep holding) the lock; if someone else holds it, theirs is answered."""
        self._expire()
        key = (slug, post_id)
        current = self._held.get(key)
        if current is not None and current.holder != holder:
            return current
        since = current.since if current is not None else time.time()
        lock = EditLock(post_id, holder, since, time.monotonic() + self.seconds)
        self._held[key] = lock
        return lock

    def release(self, slug: str, post_id: int, holder: str) -> None:
        if (current := self._held.get((slug, post_id))) and current.holder == holder:
            del self._held[(slug, post_id)]

    def of_blog(self, slug: str) -> list[EditLock]:
        self._expire()
        return [lock for (s, _), lock in self._held.items() if s == slug]

    def _expire(self) -> None:
        now = time.monotonic()
        for key in [k for k, lock in self._held.items() if lock.expires <= now]:
            del self._held[key]
