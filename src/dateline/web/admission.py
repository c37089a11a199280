"""Admission: how many live streams this node holds, in all and per client address.

A stream costs a socket and a place in the hub's loop for as long as the
reader stays. Past the caps, a new stream is answered 503 with Retry-After,
and the page's script falls back to polling, which a CDN can answer. One
address cannot take every place: a crowd behind one address (an office, a
carrier's NAT) still gets its share, a script that opens streams in a loop
does not get more.
"""

from __future__ import annotations

from collections import Counter

from starlette.types import Scope


class Admission:
    def __init__(self, *, total: int, per_client: int, retry_after: int = 30) -> None:
        self.total = total
        self.per_client = per_client
        self.retry_after = retry_after
        self.open = 0
        self.refused = 0  # since start
        self._by_client: Counter[str] = Counter()

    @staticmethod
    def client_of(scope: Scope) -> str:
        """The client's address (behind a trusted proxy, the one it forwarded)."""
        client = scope.get("client")
        return client[0] if client else ""

    def admit(self, client: str) -> bool:
        """Take a place for one more stream from `client`, if there is one."""
        if self.open >= self.total or self._by_client[client] >= self.per_client:
            self.refused += 1
            return False
        self.open += 1
        self._by_client[client] += 1
        return True

    def leave(self, client: str) -> None:
        self.open -= 1
        self._by_client[client] -= 1
        if self._by_client[client] <= 0:
            del self._by_client[client]
