"""Where media files are kept: a small interface, and a local folder behind it.

Files are written once under content-addressed names (`<hash>.<ext>`) and never
change, so the interface is put / get / has. The S3-compatible store is in
`s3.py`; `storage_for(setting)` picks one from `DATELINE_MEDIA_STORE`.
"""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from .images import MEDIA_TYPES

NAME = re.compile(r"^[0-9a-f]{16,64}\.(jpg|png|webp|gif)$")


class StorageError(Exception):
    """The store could not keep or give back a file."""


class MediaStorage(Protocol):
    """What the rest of Dateline needs from a media store."""

    async def put(self, name: str, content: bytes) -> None: ...

    async def get(self, name: str) -> bytes | None: ...

    async def has(self, name: str) -> bool: ...

    def describe(self) -> str: ...


def check_name(name: str) -> str:
    """Only content-addressed names: nothing a request could use to leave the store."""
    if not NAME.match(name):
        raise StorageError(f"{name!r} is not a media file name")
    return name


def media_type_of(name: str) -> str:
    return MEDIA_TYPES[check_name(name).rsplit(".", 1)[1]]


class LocalStorage:
    """A folder on this machine (the default: `media/` beside the database)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def describe(self) -> str:
        return f"folder {self.directory}"

    def _path(self, name: str) -> Path:
        # Two levels of fan-out keep any one folder small.
        return self.directory / name[:2] / check_name(name)

    async def put(self, name: str, content: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(name), content)

    async def get(self, name: str) -> bytes | None:
        path = self._path(name)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None

    async def has(self, name: str) -> bool:
        return await asyncio.to_thread(self._path(name).exists)

    @staticmethod
    def _write(path: Path, content: bytes) -> None:
        if path.exists():
            return  # the same name is the same bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write aside, then rename: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def storage_for(setting: str) -> MediaStorage:
    """`s3://bucket/prefix` for S3-compatible storage; anything else is a folder."""
    if setting.startswith("s3://"):
        try:
            from .s3 import S3Storage  # boto3 is needed only by those who use it
        except ImportError:
            raise StorageError(
                "DATELINE_MEDIA_STORE is s3://… but boto3 is not installed: "
                "pip install 'dateline[s3]'"
            ) from None
        bucket, _, prefix = setting[len("s3://") :].partition("/")
        return S3Storage(bucket, prefix)
    return LocalStorage(setting)
