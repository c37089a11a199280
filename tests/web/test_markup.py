"""Every page passes the W3C Nu HTML Checker with zero errors."""

from __future__ import annotations

import re

import pytest

from tests.markup import html_errors
from tests.samples import full_blog

pytestmark = pytest.mark.anyio


async def test_the_blog_page_and_an_update_page_are_valid_html(client, editor):
    ids = await full_blog(client, editor)
    documents = {
        "blog page": (await client.get("/river/")).text,
        "update page": (await client.get(f"/river/updates/{ids['every']['id']}")).text,
        "index": (await client.get("/")).text,
        "404 page": (await client.get("/nowhere/")).text,
    }
    assert html_errors(documents) == []


async def test_times_in_pages_have_at_most_three_fractional_digits(client, editor):
    await full_blog(client, editor)
    html = (await client.get("/river/")).text
    stamps = re.findall(r'datetime="([^"]+)"', html)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z", s) for s in stamps)


def test_the_checker_finds_an_error_when_there_is_one():
    broken = "<!doctype html><html lang=en><title>x</title><p><div></p></html>"
    assert html_errors({"broken": broken}) != []
