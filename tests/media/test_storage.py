"""The media store's contract, on a local folder and on S3 (a moto server on 127.0.0.1)."""

from __future__ import annotations

import hashlib

import pytest

from dateline.media.storage import LocalStorage, MediaStorage, StorageError, storage_for
from tests.s3 import BUCKET, s3_endpoint, s3_options

__all__ = ["s3_endpoint"]  # a fixture, used by name

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["folder", "s3"])
def storage(request, tmp_path) -> MediaStorage:
    if request.param == "folder":
        return LocalStorage(tmp_path / "media")
    from dateline.media.s3 import S3Storage

    return S3Storage(BUCKET, "dateline/", **s3_options(request.getfixturevalue("s3_endpoint")))


def name_of(content: bytes, ext: str = "webp") -> str:
    return f"{hashlib.sha256(content).hexdigest()[:32]}.{ext}"


async def test_a_file_put_is_given_back_whole(storage):
    content = b"RIFF....WEBPVP8 " + bytes(range(256)) * 40
    name = name_of(content)
    assert not await storage.has(name)
    assert await storage.get(name) is None
    await storage.put(name, content)
    assert await storage.has(name)
    assert await storage.get(name) == content
    await storage.put(name, content)  # the same name again: nothing changes
    assert await storage.get(name) == content


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "a.jpg", "0123456789abcdef0123.exe", "/abs.png"]
)
async def test_only_content_addressed_names_are_accepted(storage, name):
    with pytest.raises(StorageError):
        await storage.put(name, b"x")
    with pytest.raises(StorageError):
        await storage.get(name)


async def test_s3_objects_carry_their_type_and_long_lived_caching(s3_endpoint):
    import boto3

    from dateline.media.s3 import S3Storage

    content = b"\xff\xd8\xff" + b"jpeg" * 10
    name = name_of(content, "jpg")
    await S3Storage(BUCKET, "archive", **s3_options(s3_endpoint)).put(name, content)
    head = boto3.client("s3", **s3_options(s3_endpoint)).head_object(
        Bucket=BUCKET, Key=f"archive/{name}"
    )
    assert head["ContentType"] == "image/jpeg"
    assert "immutable" in head["CacheControl"]


def test_the_setting_picks_the_store(tmp_path):
    assert isinstance(storage_for(str(tmp_path / "m")), LocalStorage)
    s3 = storage_for("s3://bucket-name/some/prefix")
    assert s3.describe() == "s3://bucket-name/some/prefix/"
