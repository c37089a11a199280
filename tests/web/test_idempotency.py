"""`Idempotency-Key` on API POSTs: a retried publish publishes once."""

from __future__ import annotations

import pytest

from dateline.domain.roles import Role
from tests.conftest import make_token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor):
    made = await client.post(
        "/api/v1/blogs", json={"slug": "quay", "title": "Quay"}, headers=editor
    )
    assert made.status_code == 201
    return "quay"


async def published(client, slug: str) -> list[dict[str, object]]:
    return (await client.get(f"/api/v1/blogs/{slug}/posts?kind=update")).json()["items"]


async def test_a_publish_repeated_with_the_same_key_creates_one_update(client, editor, blog):
    headers = {**editor, "Idempotency-Key": "compose-7f3a"}
    first = await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": "Quay closed"},
                              headers=headers)  # fmt: skip
    again = await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": "Quay closed"},
                              headers=headers)  # fmt: skip
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert [p["id"] for p in await published(client, blog)] == [first.json()["id"]]


async def test_the_same_key_with_another_body_is_refused(client, editor, blog):
    headers = {**editor, "Idempotency-Key": "k1"}
    await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": "One"}, headers=headers)
    other = await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": "Two"}, headers=headers)
    assert other.status_code == 422
    assert other.json()["detail"][0]["field"] == "Idempotency-Key"
    assert len(await published(client, blog)) == 1


async def test_without_a_key_each_post_is_new_and_keys_are_per_person(app, client, editor, blog):
    for _ in range(2):
        await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": "Same"}, headers=editor)
    assert len(await published(client, blog)) == 2
    other = {"Authorization": f"Bearer {make_token(app.database, 'omar', Role.EDITOR, ['quay'])}"}
    for headers in (editor, other):
        response = await client.post(
            f"/api/v1/blogs/{blog}/posts", json={"body": "Keyed"},
            headers={**headers, "Idempotency-Key": "shared"},
        )  # fmt: skip
        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers
    assert len(await published(client, blog)) == 4


async def test_a_refusal_is_kept_too_and_a_long_key_is_refused(client, editor, blog):
    headers = {**editor, "Idempotency-Key": "bad-1"}
    first = await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": ""}, headers=headers)
    again = await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": ""}, headers=headers)
    assert first.status_code == again.status_code == 422
    assert again.json() == first.json()
    long_key = {**editor, "Idempotency-Key": "k" * 201}
    response = await client.post(f"/api/v1/blogs/{blog}/posts", json={"body": "x"},
                                 headers=long_key)  # fmt: skip
    assert response.status_code == 422


async def test_every_post_honours_the_key_blogs_included(client, editor):
    headers = {**editor, "Idempotency-Key": "new-blog"}
    first = await client.post("/api/v1/blogs", json={"slug": "dock", "title": "Dock"},
                              headers=headers)  # fmt: skip
    again = await client.post("/api/v1/blogs", json={"slug": "dock", "title": "Dock"},
                              headers=headers)  # fmt: skip
    assert first.status_code == again.status_code == 201  # not "slug already taken"
