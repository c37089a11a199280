"""A local web site for capture tests: real HTTP on 127.0.0.1, answers set per test."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: a slow provider


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class Site:
    """Answers each path (with or without its query) with the Reply set for it; 404 otherwise."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply | Callable[[str], Reply]] = {}
        self.seen: list[Seen] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.seen.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                reply = site.reply_for(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as a fetcher with a deadline does

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def reply_for(self, path: str) -> Reply:
        found = self.replies.get(path) or self.replies.get(path.split("?", 1)[0])
        if found is None:
            return Reply(404, b"not here")
        return found(path) if callable(found) else found

    def paths_seen(self) -> list[str]:
        return [s.path for s in self.seen]

    def start(self) -> Site:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
