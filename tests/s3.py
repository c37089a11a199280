"""A real S3 API on loopback (moto's server), for the media store's S3 implementation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import free_port

BUCKET = "newsroom-media"


def s3_options(endpoint: str) -> dict[str, str]:
    return {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "aws_access_key_id": "test",
        "aws_secret_access_key": "test",
    }


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a free loopback port, with one bucket."""
    boto3 = pytest.importorskip("boto3")
    server_module = pytest.importorskip("moto.server")
    port = free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", **s3_options(endpoint)).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()
