"""Uploading pictures over the API and reading them back from Dateline's own address."""

# ruff: noqa: E501

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests
from tests.media.pictures import photo_with_gps, png, png_claiming
from tests.s3 import BUCKET, s3_endpoint, s3_options

__all__ = ["s3_endpoint"]  # a fixture, used by name
pytestmark = pytest.mark.anyio
UPLOAD = "/api/v1/media"


async def upload(client, editor, content: bytes, **fields: str):
    form = {"alt": "Rescue boats in a flooded street", **fields}
    files = {"file": ("photo.jpg", content, "image/jpeg")}
    return await client.post(UPLOAD, headers=editor, data=form, files=files)


async def test_an_upload_is_kept_without_its_gps_and_served_for_a_year(client, editor):
    response = await upload(
        client, editor, photo_with_gps(1500, 1000), caption="Main Street", credit="Desk"
    )
    assert response.status_code == 201, response.text
    item = response.json()
    assert (item["width"], item["height"], item["media_type"]) == (1500, 1000, "image/jpeg")
    assert (item["alt"], item["caption"], item["credit"]) == (
        "Rescue boats in a flooded street",
        "Main Street",
        "Desk",
    )
    assert {(r["width"], r["media_type"]) for r in item["renditions"]} >= {
        (640, "image/webp"),
        (1500, "image/jpeg"),
    }

    stored = await client.get(item["url"])
    assert stored.status_code == 200
    assert stored.headers["content-type"] == "image/jpeg"
    assert stored.headers["cache-control"] == "public, max-age=31536000, immutable"
    picture = Image.open(io.BytesIO(stored.content))
    assert len(picture.getexif()) == 0 and b"FieldPhone" not in stored.content

    again = await upload(client, editor, photo_with_gps(1500, 1000))
    assert again.json()["id"] == item["id"]  # the same picture is one item


async def test_alt_text_is_required(client, editor):
    response = await upload(client, editor, png(), alt="  ")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "alt"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a but not really", "not a picture Dateline can take"),
        (photo_with_gps()[:2000], "damaged or incomplete"),
        (png_claiming(60_000, 60_000), "may be a decompression bomb"),
    ],
    ids=["malformed", "truncated", "bomb"],
)
async def test_what_is_not_a_safe_picture_is_refused_with_a_clear_message(
    client, editor, content, message
):
    response = await upload(client, editor, content)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["field"] == "file" and message in problem["msg"]


@pytest.fixture
async def small_uploads(sqlite_url) -> AsyncIterator[tuple[object, dict[str, str]]]:
    app = create_app(settings_for_tests(sqlite_url, max_upload_bytes=100_000))
    await app.start()
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
        yield c, {"Authorization": f"Bearer {make_token(app.database)}"}
    await app.stop()


async def test_an_oversized_file_is_refused_saying_the_limit(small_uploads):
    client, editor = small_uploads
    just_over = await upload(client, editor, photo_with_gps()[:100] + b"\0" * 120_000)
    assert just_over.status_code == 422
    assert "the file is 0.1 MB; the limit is 0.1 MB" in just_over.json()["detail"][0]["msg"]
    far_over = await upload(client, editor, b"\xff" * 400_000)
    assert far_over.status_code == 413
    assert "over the limit of 165,536 bytes" in far_over.json()["detail"]


async def test_uploads_need_a_token(client):
    response = await client.post(
        UPLOAD, files={"file": ("a.png", png(), "image/png")}, data={"alt": "x"}
    )
    assert response.status_code == 401


async def test_an_image_block_names_its_upload_and_the_page_offers_every_size(client, editor):
    item = (await upload(client, editor, photo_with_gps(1200, 800))).json()
    await client.post("/api/v1/blogs", headers=editor, json={"slug": "floods", "title": "Floods"})
    post = await client.post(
        "/api/v1/blogs/floods/posts", headers=editor,
        json={"blocks": [{"type": "image", "media_id": item["id"], "caption": "Main Street at noon"}]},
    )  # fmt: skip
    assert post.status_code == 201, post.text
    [block] = post.json()["blocks"]
    assert (block["alt"], block["width"], block["height"]) == (
        "Rescue boats in a flooded street",
        1200,
        800,
    )

    page = BeautifulSoup((await client.get("/floods/")).text, "html.parser")
    picture = page.select_one(".block-image picture")
    webp = picture.select_one('source[type="image/webp"]')["srcset"]
    assert "320w" in webp and "1200w" in webp
    img = picture.select_one("img")
    assert img["alt"] == "Rescue boats in a flooded street" and img["src"].startswith("/media/")
    assert (img["width"], img["height"]) == ("1200", "800")


async def test_an_unknown_upload_is_named_in_the_error(client, editor):
    await client.post("/api/v1/blogs", headers=editor, json={"slug": "floods", "title": "Floods"})
    post = await client.post(
        "/api/v1/blogs/floods/posts", headers=editor,
        json={"blocks": [{"type": "image", "media_id": "0" * 32, "alt": "A street"}]},
    )  # fmt: skip
    assert post.status_code == 422
    assert post.json()["detail"][0]["field"] == "blocks[0].media_id"


async def test_uploads_kept_in_s3_are_served_from_dateline(s3_endpoint, sqlite_url, monkeypatch):
    import httpx

    options = s3_options(s3_endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL", options["endpoint_url"])
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", options["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", options["aws_secret_access_key"])
    monkeypatch.setenv("AWS_DEFAULT_REGION", options["region_name"])
    app = create_app(settings_for_tests(sqlite_url, media_store=f"s3://{BUCKET}/uploads"))
    await app.start()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as client:
        editor = {"Authorization": f"Bearer {make_token(app.database)}"}
        item = (await upload(client, editor, photo_with_gps(700, 500))).json()
        stored = await client.get(item["url"])
    await app.stop()
    assert stored.status_code == 200
    assert len(Image.open(io.BytesIO(stored.content)).getexif()) == 0
