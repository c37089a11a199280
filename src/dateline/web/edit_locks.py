"""Soft locks: who is editing which update, so others see it before they start too.

Soft: a lock refuses nothing (the API's version check keeps saves safe); it tells.
Kept in the store (store/edit_locks.py), so editors on different nodes see each
other; kept alive by the editor's page, it lapses by itself when the page goes
away without saying so.
"""

from __future__ import annotations

from ..store.database import Database
from ..store.edit_locks import EditLock, edit_locks_of, release_edit_lock, take_edit_lock

LOCK_SECONDS = 30.0

__all__ = ["LOCK_SECONDS", "EditLock", "EditLocks"]


class EditLocks:
    """The locks of every blog, read and written through the store."""

    def __init__(self, database: Database, seconds: float = LOCK_SECONDS) -> None:
        self.database = database
        self.seconds = seconds

    async def take(self, blog_id: int, post_id: int, holder: str) -> EditLock:
        """Hold (or keep holding) the lock; if someone else holds it, theirs is answered."""
        return await self.database.write(take_edit_lock, blog_id, post_id, holder, self.seconds)

    async def release(self, blog_id: int, post_id: int, holder: str) -> None:
        await self.database.write(release_edit_lock, blog_id, post_id, holder)

    async def of_blog(self, blog_id: int) -> list[EditLock]:
        return await self.database.read(edit_locks_of, blog_id, self.database.clock())
