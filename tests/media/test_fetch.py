"""The outbound fetcher against a real local site: limits, and no way to a private address."""

# ruff: noqa: E501

from __future__ import annotations

import gzip
import time

import pytest

from dateline.media.fetch import Fetcher, FetchFailed, FetchRefused
from tests.media.site import Reply

pytestmark = pytest.mark.anyio
AGENT = "Dateline/test (+http://dateline.test; embed capture)"


def resolver_of(answers: dict[str, list[str]], calls: list[str] | None = None):
    async def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        return answers[host]

    return resolve


async def fetcher(**options) -> Fetcher:
    options.setdefault("allow_loopback", True)
    return Fetcher(user_agent=AGENT, **options)


async def test_a_page_is_fetched_with_the_identifying_user_agent(site):
    site.replies["/page"] = Reply(
        body=b"<p>hello</p>", headers={"Content-Type": "text/html; charset=utf-8"}
    )
    client = await fetcher()
    got = await client.get(site.url("/page"))
    await client.aclose()
    assert (got.status, got.content_type, got.charset, got.text()) == (
        200,
        "text/html",
        "utf-8",
        "<p>hello</p>",
    )
    assert site.seen[0].headers["user-agent"] == AGENT


async def test_loopback_is_refused_unless_the_test_allowance_is_given(site):
    site.replies["/page"] = Reply(body=b"secret")
    client = await fetcher(allow_loopback=False)
    for url in (
        site.url("/page"),
        f"http://localhost:{site.port}/page",
        f"http://[::ffff:127.0.0.1]:{site.port}/page",
    ):
        with pytest.raises(FetchRefused):
            await client.get(url)
    await client.aclose()
    assert site.seen == []  # refused before any connection


@pytest.mark.parametrize(
    "answer",
    [["10.0.0.8"], ["169.254.169.254"], ["93.184.216.34", "192.168.0.10"], ["::ffff:169.254.169.254"], ["fd12::1"]],
)  # fmt: skip
async def test_a_dns_answer_cannot_smuggle_in_a_private_address(answer):
    client = await fetcher(resolver=resolver_of({"news.example": answer}))
    with pytest.raises(FetchRefused, match=r"news\.example is not fetched"):
        await client.get("http://news.example/article")
    await client.aclose()


async def test_the_fetch_connects_to_the_address_it_checked_with_the_name_as_host(site):
    site.replies["/page"] = Reply(body=b"ok")
    calls: list[str] = []
    client = await fetcher(resolver=resolver_of({"fixture.test": ["127.0.0.1"]}, calls))
    got = await client.get(f"http://fixture.test:{site.port}/page")
    await client.aclose()
    assert got.content == b"ok"
    assert got.url == f"http://fixture.test:{site.port}/page"
    assert site.seen[0].headers["host"] == f"fixture.test:{site.port}"
    assert calls == ["fixture.test"]  # resolved once: no second answer to race with


async def test_a_redirect_to_a_private_address_is_refused(site):
    site.replies["/to-metadata"] = Reply(
        302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    site.replies["/to-name"] = Reply(301, headers={"Location": "http://internal.example/admin"})
    client = await fetcher(resolver=resolver_of({"internal.example": ["10.20.30.40"]}))
    for path in ("/to-metadata", "/to-name"):
        with pytest.raises(FetchRefused):
            await client.get(site.url(path))
    await client.aclose()


async def test_redirects_are_followed_up_to_the_limit(site):
    site.replies["/a"] = Reply(302, headers={"Location": "/b"})
    site.replies["/b"] = Reply(307, headers={"Location": site.url("/c")})
    site.replies["/c"] = Reply(body=b"arrived")
    site.replies["/loop"] = Reply(302, headers={"Location": "/loop"})
    client = await fetcher(max_redirects=3)
    got = await client.get(site.url("/a"))
    assert (got.content, got.url) == (b"arrived", site.url("/c"))
    with pytest.raises(FetchFailed, match="more than 3 redirects"):
        await client.get(site.url("/loop"))
    await client.aclose()


async def test_responses_over_the_size_cap_are_refused_whether_declared_or_not(site):
    site.replies["/declared"] = Reply(body=b"x" * 20_000)
    site.replies["/bomb"] = Reply(
        body=gzip.compress(b"\0" * 5_000_000), headers={"Content-Encoding": "gzip"}
    )
    client = await fetcher(max_bytes=10_000)
    with pytest.raises(FetchFailed, match="20,000 bytes; the limit is 10,000"):
        await client.get(site.url("/declared"))
    with pytest.raises(FetchFailed, match="larger than 10,000 bytes"):
        await client.get(site.url("/bomb"))
    await client.aclose()


async def test_a_slow_site_fails_within_the_deadline(site):
    site.replies["/slow"] = Reply(body=b"late", delay=2)
    client = await fetcher(total_timeout=0.5)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="did not answer"):
        await client.get(site.url("/slow"))
    assert time.monotonic() - started < 2
    await client.aclose()


async def test_an_error_status_is_a_failure_that_carries_it(site):
    client = await fetcher()
    with pytest.raises(FetchFailed) as caught:
        await client.get(site.url("/gone"))
    assert caught.value.status == 404
    await client.aclose()


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "gopher://example.com/", "http://user:pw@example.com/"]
)
async def test_other_schemes_and_credentials_are_refused(url):
    client = await fetcher()
    with pytest.raises(FetchRefused):
        await client.get(url)
    await client.aclose()
