"""Slugs no blog has: remembered, so asking for them again costs no database read.

Anyone can ask for `/anything/live` or `/anything/` as often as they like. The
first ask reads the store; later ones answer 404 from here. Bounded (the
oldest are forgotten first), and emptied whenever a blog this node did not
know of appears, so a newly created blog is found at once.
"""

from __future__ import annotations

from collections import OrderedDict


class UnknownSlugs:
    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._slugs: OrderedDict[str, None] = OrderedDict()
        self.blog_count = -1  # blogs in the store when last looked (the sweep's)

    def __contains__(self, slug: str) -> bool:
        return slug in self._slugs

    def __len__(self) -> int:
        return len(self._slugs)

    def add(self, slug: str) -> None:
        self._slugs[slug] = None
        while len(self._slugs) > self.size:
            self._slugs.popitem(last=False)

    def forget_all(self) -> None:
        self._slugs.clear()
