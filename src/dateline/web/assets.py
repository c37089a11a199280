"""The stylesheet, scripts and pictures under /static: from memory, compressed once.

Every page links its assets with `?v=<version>` (a hash of the files, see
`urls.py`), so a browser or CDN may keep a versioned asset for a year without
asking again (`immutable`): in a spike, new readers fetch them once and
returning readers not at all. Text assets are compressed when the server
starts, with Brotli and gzip, so a reader on a thin connection gets the
smallest form their browser takes, at no cost per request. Each answer
carries a strong ETag, and a request for another version (or none) is kept
only briefly, since its bytes may change.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import brotli
from starlette.types import Scope, Send

from .http import etag_matches, header, preferred_coding

YEAR = b"public, max-age=31536000, immutable"
BRIEFLY = b"public, max-age=60"
_TEXT = (".css", ".js", ".svg", ".json", ".txt", ".html", ".map")
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    brotli: bytes | None
    etag: bytes
    content_type: bytes


def _load(path: Path) -> Asset:
    body = path.read_bytes()
    kind = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    kind = kind or "application/octet-stream"
    if kind.startswith("text/") and "charset" not in kind:
        kind += "; charset=utf-8"
    gzipped, brotli_ = (
        _compressed(body) if path.suffix in _TEXT and len(body) > 256 else (None, None)
    )
    return Asset(
        body=body,
        gzipped=gzipped,
        brotli=brotli_,
        # Weak: the same for every encoding of the same bytes.
        etag=b'W/"%s"' % hashlib.sha256(body).hexdigest()[:20].encode(),
        content_type=kind.encode(),
    )


@functools.lru_cache(maxsize=64)
def _compressed(body: bytes) -> tuple[bytes, bytes]:
    """Both compressed forms, at their best ratio (a quarter second for all the files:
    remembered, so that every app a process builds does not pay it again)."""
    return gzip.compress(body, 9, mtime=0), brotli.compress(body, quality=11)


class Assets:
    """Every file under a folder, ready to send, keyed by its path under `prefix`."""

    def __init__(self, folder: Path, prefix: str, version: str) -> None:
        self.version = version
        self._files: dict[str, Asset] = {}
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                self._files[f"{prefix}/{path.relative_to(folder).as_posix()}"] = _load(path)

    def get(self, path: str) -> Asset | None:
        return self._files.get(path)

    async def send(
        self, asset: Asset, scope: Scope, send: Send, extra: list[tuple[bytes, bytes]]
    ) -> None:
        asked = parse_qs(scope["query_string"].decode("latin-1")).get("v", [""])[-1]
        headers = [
            (b"etag", asset.etag),
            (b"cache-control", YEAR if asked == self.version else BRIEFLY),
            (b"vary", b"accept-encoding"),
            *extra,
        ]
        if etag_matches(header(scope, b"if-none-match"), asset.etag):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = asset.body
        coding = preferred_coding(header(scope, b"accept-encoding"))
        if asset.brotli is not None and coding == "br":
            body = asset.brotli
            headers.append((b"content-encoding", b"br"))
        elif asset.gzipped is not None and coding in ("br", "gzip"):
            body = asset.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers += [
            (b"content-type", asset.content_type),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else body
        await send({"type": "http.response.body", "body": body})
