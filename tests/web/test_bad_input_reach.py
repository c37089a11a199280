"""The bad-input corpus, completed: deep nesting, invalid UTF-8, NUL bytes, huge and negative
numbers, malformed cursors and Last-Event-ID values, against every kind of input the API
takes (claims, sources, tokens, the audit log, embeds too), and configurable body limits.

Each request gets a 4xx, never a 5xx; afterwards the blog's page and the list of blogs still
answer, and nothing was half-written (no table gained or lost a row).
"""

from __future__ import annotations

import socket

import httpx
import pytest
from sqlalchemy import func, select

from dateline.domain.roles import Role
from dateline.settings import Settings
from dateline.store import schema
from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests
from tests.samples import full_blog

from .test_hostile_input import still_fine

DEEP = 100_000
NESTED_OBJECT = b'{"a":' * DEEP + b"1" + b"}" * DEEP
NESTED_LIST = b'{"blocks": ' + b"[" * DEEP + b"]" * DEEP + b"}"
HUGE = b"99999999999999999999999"
P = "/api/v1/blogs/river/posts"
C = "/api/v1/blogs/river/claims"

BAD_INPUT = [
    # Deep nesting, in every kind of body.
    ("POST", "/api/v1/blogs", NESTED_OBJECT),
    ("POST", P, NESTED_OBJECT),
    ("POST", P, NESTED_LIST),
    ("POST", C, NESTED_OBJECT),
    ("POST", "/api/v1/sources", NESTED_OBJECT),
    ("POST", "/api/v1/tokens", NESTED_OBJECT),
    ("PATCH", f"{P}/2/embeds/0", NESTED_OBJECT),
    ("POST", P, b'{"blocks": [{"type": "social", "media": ' + b"[" * DEEP + b"]" * DEEP + b"}]}"),
    # Invalid UTF-8 and NUL bytes in bodies (raw, not escaped).
    ("POST", C, b'{"statement": "\xff\xfe claimed"}'),
    ("POST", C, b'{"statement": "a\x00b"}'),
    ("POST", "/api/v1/sources", b'{"name": "\xc3\x28"}'),
    ("POST", "/api/v1/sources", b'{"name": "ok", "handles": ["\xed\xa0\x80"]}'),
    ("POST", "/api/v1/tokens", b'{"label": "\xf8\x88\x80\x80\x80"}'),
    ("POST", "/api/v1/tokens", b'{"label": "a\\u0000b"}'),
    ("POST", "/api/v1/tokens", b'{"user": "ada\\u0000", "label": "x"}'),
    ("POST", P, b'{"body": "\x00"}'),
    ("POST", P, b'{"bo\\u0000dy": "x"}'),
    ("POST", P, b'{"body": "x"}\x00'),
    ("PATCH", f"{P}/2/embeds/0", b'{"version": 1, "title": "\\udfff"}'),
    ("POST", "/api/v1/sources", b'{"name": "s", "urls": ["https://a.example/\\u0000"]}'),
    # Huge, negative and not-quite numbers.
    ("POST", C, b'{"statement": "s", "source_id": ' + HUGE + b"}"),
    ("POST", C, b'{"statement": "s", "post_id": -1}'),
    ("POST", C, b'{"statement": "s", "post_id": 1e400}'),
    ("PATCH", f"{C}/1", b'{"version": NaN, "status": "false"}'),
    ("PATCH", f"{C}/1", b'{"version": Infinity, "status": "false"}'),
    ("PATCH", f"{C}/" + HUGE.decode(), b'{"version": 1, "status": "false"}'),
    ("PATCH", f"{C}/-3", b'{"version": 1}'),
    ("POST", P, b'{"body": "x", "claims": [' + HUGE + b"]}"),
    ("POST", P, b'{"body": "x", "claims": [{"id": 1, "quote": ' + HUGE + b"}]}"),
    ("POST", P, b'{"body": "x", "claims": [{"id": -1}]}'),
    ("PATCH", f"{P}/2", b'{"version": 1.5, "body": "x"}'),
    ("PATCH", f"{P}/2", b'{"version": -0, "body": "x"}'),
    ("PATCH", f"{P}/2/embeds/" + HUGE.decode(), b'{"version": 1}'),
    ("PATCH", f"{P}/2/embeds/-1", b'{"version": 1}'),
    ("PATCH", "/api/v1/sources/" + HUGE.decode(), b'{"version": 1}'),
    ("PATCH", "/api/v1/sources/1", b'{"version": ' + HUGE + b"}"),
    ("DELETE", "/api/v1/tokens/" + HUGE.decode(), b""),
    ("DELETE", "/api/v1/tokens/-1", b""),
    ("GET", f"{P}?limit=-1", b""),
    ("GET", f"{P}?limit=0", b""),
    ("GET", f"{P}?limit=1e3", b""),
    ("GET", "/api/v1/blogs/river/changes?after=1e3", b""),
    ("GET", "/api/v1/blogs/river/changes?after=%00", b""),
    ("GET", "/api/v1/audit?limit=" + HUGE.decode(), b""),
    ("GET", "/api/v1/audit?limit=-1", b""),
    # Malformed cursors.
    ("GET", "/api/v1/audit?blog=river&after=MTox", b""),
    ("GET", "/api/v1/audit?after=%FF%FE", b""),
    ("GET", "/api/v1/audit?after=" + "A" * 5000, b""),
    ("GET", "/api/v1/audit?blog=river&after=YmxvZzotMQ", b""),
    ("GET", f"{P}?cursor=%00%00", b""),
    ("GET", f"{P}?cursor=LTE6LTE", b""),
    ("GET", f"{P}?cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OjE", b""),
    ("GET", "/river/?cursor=%ED%A0%80", b""),
    # Invalid UTF-8 and NUL in paths and queries (percent-encoded, as clients send them).
    ("GET", "/api/v1/blogs/%FF", b""),
    ("GET", "/api/v1/blogs/river%00", b""),
    ("GET", "/api/v1/blogs/%ED%A0%80/posts", b""),
    ("GET", "/%FF%FE/", b""),
    ("GET", "/river/updates/%00", b""),
    ("GET", "/river/claims?x=%FF", b""),
    ("GET", "/api/v1/tokens?user=%FF%00", b""),
    ("GET", "/api/v1/audit?blog=%00", b""),
    ("GET", "/river/?at=%FF", b""),
    ("GET", "/river/?at=99999-01-01T00:00:00Z", b""),
    ("GET", "/river/?at=-0001-01-01T00:00:00Z", b""),
]

ROW_TABLES = [
    schema.blogs, schema.posts, schema.revisions, schema.changes, schema.claims,
    schema.sources, schema.tokens, schema.audit_events, schema.corrections,
]  # fmt: skip


def rows_in_every_table(app) -> dict[str, int]:
    def count(conn):
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in ROW_TABLES}  # fmt: skip

    return app.database.run_read(count)


@pytest.fixture
def admin(app) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(app.database, 'ada', Role.ADMIN)}"}


@pytest.mark.anyio
async def test_the_wider_corpus_gets_no_5xx_and_writes_nothing(app, client, admin):
    """One blog, the whole corpus in turn (a blog per request would cost a minute)."""
    await full_blog(client, admin)
    await client.post(C, json={"statement": "A claim to aim at"}, headers=admin)
    await client.post("/api/v1/sources", json={"name": "A source to aim at"}, headers=admin)
    headers = {**admin, "content-type": "application/json"}
    wrong = []
    for method, path, body in BAD_INPUT:
        before = rows_in_every_table(app)
        response = await client.request(method, path, content=body, headers=headers)
        # Reads may ignore what they do not use; writes must refuse; nothing may fail.
        refused = 400 <= response.status_code < 500
        if response.status_code >= 500 or (method != "GET" and not refused):
            wrong.append((method, path[:80], body[:60], response.status_code))
        if rows_in_every_table(app) != before:
            wrong.append((method, path[:80], body[:60], "wrote something"))
        await still_fine(client)
    assert wrong == []


LAST_EVENT_IDS = ["-1", "1e5", "0x10", "١", "²", " 1 1", "1" * 20, "18446744073709551616",
                  "9223372036854775808", "+5", "1.0", "\xff", "A" * 5000]  # fmt: skip


@pytest.mark.anyio
async def test_a_malformed_last_event_id_is_a_4xx(app, client, admin):
    """Answered at once with a 4xx (the stream is never opened), as a header or `?after=`."""
    await full_blog(client, admin)
    wrong = []
    for value in LAST_EVENT_IDS:
        raw = value.encode("latin-1") if value.isascii() or value == "\xff" else value.encode()
        for headers, query in [([(b"last-event-id", raw)], b""), ([], b"after=" + raw)]:
            status = await _asgi_status(app, "/river/live", headers, query)
            if status is None or not 400 <= status < 500:
                wrong.append((value[:30], bool(headers), status))
    assert wrong == []
    await still_fine(client)


async def _asgi_status(app, path: str, headers: list, query: bytes) -> int | None:
    """The status the app answers a GET with, talking ASGI directly: httpx would refuse to
    send some of these header values at all."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query, "headers": [(b"host", b"dateline.test"), *headers],
        "server": ("dateline.test", 80), "client": ("127.0.0.1", 5000),
    }  # fmt: skip
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.disconnect"} if sent else {"type": "http.request", "body": b""}

    async def send(message: dict) -> None:
        sent.append(message)

    await app(scope, receive, send)
    starts = [m for m in sent if m["type"] == "http.response.start"]
    return starts[0]["status"] if starts else None


@pytest.mark.anyio
async def test_the_body_limit_is_a_setting(sqlite_url):
    settings = settings_for_tests(sqlite_url, max_body_bytes=2_000)
    app = create_app(settings)
    await app.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
            auth = {"Authorization": f"Bearer {make_token(app.database)}"}
            fits = await c.post("/api/v1/blogs", json={"slug": "fits", "title": "T" * 150},
                                headers=auth)  # fmt: skip
            assert fits.status_code == 201, fits.text
            body = {"slug": "over", "title": "T", "summary": "s" * 2_100}
            over = await c.post("/api/v1/blogs", json=body, headers=auth)
            assert over.status_code == 413
            assert "2,000 bytes" in over.json()["detail"]
            assert (await c.get("/api/v1/blogs/over")).status_code == 404
    finally:
        await app.stop()


def test_body_and_upload_limits_are_read_from_the_environment():
    env = {"DATELINE_MAX_BODY_BYTES": "4096", "DATELINE_MAX_UPLOAD_BYTES": "65536"}
    settings = Settings.from_env(env)
    assert (settings.max_body_bytes, settings.max_upload_bytes) == (4096, 65536)


# -- raw bytes on a real socket: what no well-behaved client library will send -------------

RAW_REQUESTS = [
    b"GET /river/\xff\xfe HTTP/1.1\r\n",
    b"GET /api/v1/blogs/\xc3\x28 HTTP/1.1\r\n",
    b"GET /river/?cursor=\xff\xfe HTTP/1.1\r\n",
    b"GET /api/v1/blogs/river/changes?after=\xed\xa0\x80 HTTP/1.1\r\n",
    b"GET /river/\x00 HTTP/1.1\r\n",
    b"GET /river/live HTTP/1.1\r\nLast-Event-ID: \xff\xfe\r\n",
    b"GET /river/live HTTP/1.1\r\nLast-Event-ID: 1\x00\r\n",
    b"GET /api/v1/tokens HTTP/1.1\r\nAuthorization: Bearer dl_\xff\xfe\xfd\r\n",
    b"GET /api/v1/tokens HTTP/1.1\r\nAuthorization: \xff\r\n",
    b"GET /river/ HTTP/1.1\r\nAccept-Language: \xff\xfe;q=\xff\r\n",
    b'GET /river/ HTTP/1.1\r\nIf-None-Match: "\xff"\r\n',
    b"GET /river/ HTTP/1.1\r\nCookie: a=\xff\x00\r\n",
    b"POST /api/v1/blogs HTTP/1.1\r\nContent-Type: application/json; charset=\xff\r\n"
    b"Content-Length: 2\r\n\r\n{}",
    b"POST /api/v1/blogs HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
    b"POST /api/v1/blogs HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
]


@pytest.mark.server
@pytest.mark.parametrize("head", RAW_REQUESTS)
def test_raw_bytes_on_the_wire_get_no_5xx(server, head):
    if server.api.get("/api/v1/blogs/river").status_code == 404:
        created = server.api.post("/api/v1/blogs", json={"slug": "river", "title": "River"})
        assert created.status_code == 201, created.text
    if not head.endswith(b"\r\n\r\n") and b"\r\n\r\n" not in head:
        head += b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
    else:
        head = head.replace(
            b"HTTP/1.1\r\n", b"HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n", 1
        )
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(head)
        answer = b""
        try:
            while b"\r\n" not in answer:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            pass
    status_line = answer.split(b"\r\n", 1)[0]
    # An answer (a header it does not use may be ignored), or the HTTP parser closing a
    # connection it could not read: never a 5xx.
    if status_line:
        status = int(status_line.split()[1])
        assert status < 500, (head, status_line)
    assert server.api.get("/health").status_code == 200
    assert server.api.get("/river/").status_code == 200
