"""The media store's contract, on a local folder and on S3 (a moto server on 127.0.0.1)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from dateline.media.storage import LocalStorage, MediaStorage, StorageError, storage_for
from tests.conftest import free_port

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A real S3 API (moto's server) on a loopback port, with one bucket."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    port = free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", **s3_options(endpoint))
    client.create_bucket(Bucket="newsroom-media")
    yield endpoint
    server.stop()


def s3_options(endpoint: str) -> dict[str, str]:
    return {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "aws_access_key_id": "test",
        "aws_secret_access_key": "test",
    }


@pytest.fixture(params=["folder", "s3"])
def storage(request, tmp_path) -> MediaStorage:
    if request.param == "folder":
        return LocalStorage(tmp_path / "media")
    from dateline.media.s3 import S3Storage

    return S3Storage(
        "newsroom-media", "dateline/", **s3_options(request.getfixturevalue("s3_endpoint"))
    )


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
    await S3Storage("newsroom-media", "archive", **s3_options(s3_endpoint)).put(name, content)
    head = boto3.client("s3", **s3_options(s3_endpoint)).head_object(
        Bucket="newsroom-media", Key=f"archive/{name}"
    )
    assert head["ContentType"] == "image/jpeg"
    assert "immutable" in head["CacheControl"]


def test_the_setting_picks_the_store(tmp_path):
    assert isinstance(storage_for(str(tmp_path / "m")), LocalStorage)
    s3 = storage_for("s3://bucket-name/some/prefix")
    assert s3.describe() == "s3://bucket-name/some/prefix/"
