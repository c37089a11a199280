"""Broadcast through Redis pub/sub."""

from __future__ import annotations

from collections.abc import Callable

import redis
import redis.asyncio

from .broadcast import Listener
from .notices import NoticeBroadcast


class RedisBroadcast(NoticeBroadcast):
    name = "Redis"

    def __init__(self, url: str, *, channel: str = "dateline") -> None:
        super().__init__(channel)
        self.url = url
        self._sender: redis.Redis | None = None

    def _send(self, payloads: list[str]) -> None:
        if self._sender is None:
            self._sender = redis.Redis.from_url(
                self.url, socket_timeout=1, socket_connect_timeout=1
            )
        for payload in payloads:
            self._sender.publish(self.channel, payload)

    def _reset_sender(self) -> None:
        if self._sender is not None:
            self._sender.close()
        self._sender = None

    async def _listen(self, listener: Listener, connected: Callable[[], None]) -> None:
        client = redis.asyncio.Redis.from_url(self.url, socket_connect_timeout=2)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(self.channel)
                async for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        connected()  # also after redis-py reconnects and subscribes again
                    elif message["type"] == "message":
                        self.deliver_notice(listener, message["data"])
        finally:
            await client.aclose()
