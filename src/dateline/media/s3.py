"""Media kept in S3-compatible object storage (AWS S3, MinIO, Ceph, R2 …).

Credentials, region and endpoint come from the usual AWS variables
(`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`),
read by boto3 itself; install it with `pip install 'dateline[s3]'`. Readers still
get every file from Dateline's own address (or the CDN in front of it), never
from the bucket: the reader page makes no request to another host.
"""

from __future__ import annotations

import asyncio
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from .images import MEDIA_TYPES
from .storage import StorageError, check_name

_MISSING = frozenset({"NoSuchKey", "404", "NotFound"})


class S3Storage:
    def __init__(self, bucket: str, prefix: str = "", **client_options: Any) -> None:
        if not bucket:
            raise StorageError("DATELINE_MEDIA_STORE=s3://BUCKET/prefix needs a bucket name")
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self._client = boto3.client("s3", **client_options)

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, name: str) -> str:
        return self.prefix + check_name(name)

    async def put(self, name: str, content: bytes) -> None:
        key = self._key(name)
        try:
            await asyncio.to_thread(
                self._client.put_object,
                Bucket=self.bucket,
                Key=key,
                Body=content,
                ContentType=MEDIA_TYPES[name.rsplit(".", 1)[1]],
                CacheControl="public, max-age=31536000, immutable",
            )
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"could not store {key} in {self.bucket}: {error}") from None

    async def get(self, name: str) -> bytes | None:
        key = self._key(name)
        try:
            answer = await asyncio.to_thread(self._client.get_object, Bucket=self.bucket, Key=key)
            return bytes(await asyncio.to_thread(answer["Body"].read))
        except ClientError as error:
            if _is_missing(error):
                return None
            raise StorageError(f"could not read {key} from {self.bucket}: {error}") from None
        except BotoCoreError as error:
            raise StorageError(f"could not read {key} from {self.bucket}: {error}") from None

    async def has(self, name: str) -> bool:
        key = self._key(name)
        try:
            await asyncio.to_thread(self._client.head_object, Bucket=self.bucket, Key=key)
            return True
        except ClientError as error:
            if _is_missing(error):
                return False
            raise StorageError(f"could not look for {key} in {self.bucket}: {error}") from None
        except BotoCoreError as error:
            raise StorageError(f"could not look for {key} in {self.bucket}: {error}") from None


def _is_missing(error: ClientError) -> bool:
    return str(error.response.get("Error", {}).get("Code")) in _MISSING
