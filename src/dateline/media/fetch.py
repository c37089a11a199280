"""Outbound HTTP for captures and webhooks: short timeouts, a size cap, and public
addresses only.

Every fetch resolves the host itself, checks every address the name resolves
to (`addresses.check_address`), then connects to the address it checked, with
the name in the Host header and TLS SNI: a second, different DNS answer cannot
slip in between the check and the connection. Redirects are followed by hand,
each hop checked the same way. Proxies from the environment are ignored.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from .addresses import AddressRefused, check_address

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
T = TypeVar("T")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchError(Exception):
    """A fetch that did not bring back what was asked for; the message says why."""


class FetchRefused(FetchError):
    """A fetch Dateline would not make: a scheme or an address it must not reach."""


class FetchFailed(FetchError):
    """A fetch that was made and failed: no answer in time, an error status, too large."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for `host`."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchFailed(f"{host} could not be found ({error.strerror})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Fetched:
    """A response that arrived whole, within the limits."""

    url: str  # after redirects
    status: int
    content_type: str  # the media type alone, lowercased: "text/html"
    charset: str | None
    content: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # names lowercased

    def text(self) -> str:
        return self.content.decode(self.charset or "utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError:
            raise FetchFailed(f"{self.url} did not answer with JSON") from None


@dataclass(frozen=True)
class _Target:
    request_url: str  # with the checked address in place of the name
    host: str
    host_header: str


class Fetcher:
    """One per application. `allow_loopback` is for tests' local fixtures only."""

    def __init__(
        self,
        *,
        user_agent: str,
        connect_timeout: float = 3.0,
        read_timeout: float = 5.0,
        total_timeout: float = 10.0,
        max_bytes: int = 2_000_000,
        max_redirects: int = 3,
        resolver: Resolver = system_resolver,
        allow_loopback: bool = False,
        any_address: bool = False,
    ) -> None:
        """`any_address`: skip the address check (webhooks to a newsroom's own network,
        when an operator says so: `DATELINE_WEBHOOK_PRIVATE_ADDRESSES`)."""
        self.user_agent = user_agent
        self.any_address = any_address
        self.total_timeout = total_timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.resolver = resolver
        self.allow_loopback = allow_loopback
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            follow_redirects=False,
            trust_env=False,  # an environment proxy would skip every check below
            # No kept-alive connections: one made for one name is never reused for another.
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={"User-Agent": user_agent},
        )

    async def get(self, url: str, *, accept: str = "*/*", max_bytes: int | None = None) -> Fetched:
        """GET `url`, following up to `max_redirects` checked redirects."""
        return await self._in_time(url, self._follow(url, accept, max_bytes or self.max_bytes))

    async def post(self, url: str, *, content: bytes, headers: Mapping[str, str]) -> int:
        """POST `content` to `url` once, redirects not followed; the status it answered.
        The answer's body is not read."""

        async def once() -> int:
            response = await self._open("POST", url, headers, content)
            await response.aclose()
            return response.status_code

        return await self._in_time(url, once())

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _in_time(self, url: str, work: Awaitable[T]) -> T:
        """`work`, or FetchFailed once `total_timeout` has passed."""
        try:
            async with asyncio.timeout(self.total_timeout):
                return await work
        except TimeoutError:
            host = urlsplit(url).hostname or url
            raise FetchFailed(f"{host} did not answer within {self.total_timeout:g} s") from None

    async def _open(
        self, method: str, url: str, headers: Mapping[str, str], content: bytes | None = None
    ) -> httpx.Response:
        """Send one request to the address `url`'s name was checked to have; the response
        is open (streamed) for the caller to read and close."""
        target = await self._check(url)
        request = self._client.build_request(
            method,
            target.request_url,
            content=content,
            headers={**headers, "Host": target.host_header},
            extensions={"sni_hostname": target.host},
        )
        try:
            return await self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchFailed(f"{target.host} did not answer in time") from None
        except httpx.HTTPError as error:
            raise FetchFailed(f"{target.host} could not be reached ({error})") from None

    async def _follow(self, url: str, accept: str, max_bytes: int) -> Fetched:
        for _hop in range(self.max_redirects + 1):
            response = await self._open("GET", url, {"Accept": accept})
            try:
                location = response.headers.get("location")
                if response.status_code in _REDIRECTS and location:
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise FetchFailed(
                        f"{url} answered {response.status_code}", status=response.status_code
                    )
                content = await _read_capped(response, url, max_bytes)
            finally:
                await response.aclose()
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Fetched(url, response.status_code, media_type, charset, content, headers)
        raise FetchFailed(f"{url}: more than {self.max_redirects} redirects")

    async def _check(self, url: str) -> _Target:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(f"{url!r} is not an http(s) address")
        if parts.username or parts.password:
            raise FetchRefused("addresses with a user name or password are not fetched")
        host = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = await self._addresses(host, port)
        try:
            checked = [
                ipaddress.ip_address(a)
                if self.any_address
                else check_address(a, allow_loopback=self.allow_loopback)
                for a in addresses
            ]
        except AddressRefused as refused:
            raise FetchRefused(f"{host} is not fetched: {refused}") from None
        address = checked[0]
        netloc = f"[{address}]" if address.version == 6 else str(address)
        if parts.port:
            netloc += f":{parts.port}"
        request_url = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        host_header = host if not parts.port else f"{host}:{parts.port}"
        return _Target(request_url, host, host_header)

    async def _addresses(self, host: str, port: int) -> Sequence[str]:
        try:
            return [str(ipaddress.ip_address(host))]  # a literal address: nothing to look up
        except ValueError:
            pass
        addresses = await self.resolver(host, port)
        if not addresses:
            raise FetchFailed(f"{host} could not be found")
        return addresses


async def _read_capped(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    limit = f"the limit is {max_bytes:,} bytes"
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed(f"{url} is {int(declared):,} bytes; {limit}")
    body = bytearray()
    async for chunk in response.aiter_bytes():  # decoded: a gzip bomb stops at the cap too
        body += chunk
        if len(body) > max_bytes:
            raise FetchFailed(f"{url} is larger than {max_bytes:,} bytes; {limit}")
    return bytes(body)


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, rest = header.partition(";")
    charset = None
    for param in rest.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip('"').lower()
    return media_type.strip().lower(), charset
