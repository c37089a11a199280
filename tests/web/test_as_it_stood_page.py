"""`/{blog}/?at=…`: the page as readers saw it then, and the audit view for editors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from bs4 import BeautifulSoup

from dateline.store import migrate
from dateline.store.database import Database
from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests
from tests.markup import html_errors
from tests.store.desk import Clock
from tests.store.valley_day import TEXT, Day, build_day

pytestmark = pytest.mark.anyio


@pytest.fixture
async def client(sqlite_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app (three updates a page) over a database holding the valley's day at known times."""
    database = Database(sqlite_url, clock=Clock())
    migrate.upgrade(database)
    build_day(database, database.clock)  # type: ignore[arg-type]
    database.close()
    app = create_app(settings_for_tests(sqlite_url, page_size=3))
    await app.start()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
        c.headers["x-token"] = make_token(app.database)  # kept here for `audit()`
        yield c
    await app.stop()


@pytest.fixture
def day(client) -> Day:
    return Day(
        blog_id=1,
        claim_id=1,
        posts={
            "intro": 1,
            "u1": 2,
            "u2": 3,
            "u3": 4,
            "u4": 5,
            "u5": 6,
            "u6": 7,
            "u7": 8,
        },
    )


async def at(client, moment: str, *, audit: bool = False, **params) -> httpx.Response:
    headers = {"Authorization": f"Bearer {client.headers['x-token']}"} if audit else {}
    return await client.get("/valley/", params={"at": moment, **params}, headers=headers)


def soup_of(response: httpx.Response) -> BeautifulSoup:
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


async def test_readers_see_what_was_published_with_withdrawn_wording_replaced_by_notices(
    client, day
):
    response = await at(client, "2016-12-12T18:35:00Z")
    page = soup_of(response)
    text = page.get_text(" ", strip=True)
    assert "The page as it stood at 18:35 on December 12, 2016" in text
    assert TEXT["u2"] in text
    for gone in (TEXT["u1"], TEXT["u3"], TEXT["u4"], "Shelling ordered"):
        assert gone not in text  # deleted, redacted, not yet published, redacted key event
    removed = page.select_one(f"#update-{day.posts['u1']} .withdrawn-note").get_text(
        " ", strip=True
    )
    assert removed == "This update was removed at 19:30 on December 12, 2016."
    redacted = page.select_one(f"#update-{day.posts['u3']} .withdrawn-note").get_text(
        " ", strip=True
    )
    assert "removed for legal reasons at 19:45" in redacted
    assert page.select_one("#pinned article")["id"] == f"pinned-update-{day.posts['u2']}"
    assert response.headers["cache-control"].startswith("public")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"
    assert page.find("script") is None  # the past does not listen for changes
    assert "etag" not in response.headers  # not the live page's cached bytes


async def test_editors_see_the_withdrawn_wording_marked_in_the_audit_view(client, day):
    response = await at(client, "2016-12-12T18:35:00Z", audit=True)
    page = soup_of(response)
    text = page.get_text(" ", strip=True)
    assert TEXT["u1"] in text and TEXT["u3"] in text and "Shelling ordered" in text
    notes = [n.get_text() for n in page.select(".audit-note")]
    assert notes == [
        "Redacted for legal reasons at 19:45. Readers see a notice in place of this update.",
        "Deleted at 19:30. Readers see a notice in place of this update.",
    ]
    assert "Audit view." in text
    assert page.select_one(f"#update-{day.posts['u1']} .claim-status").get_text() == "Unverified"
    assert response.headers["cache-control"] == "private, no-store"


async def test_an_editor_signed_in_to_the_desk_gets_the_audit_view_too(client, day):
    from tests.web.signing_in import sign_in

    await sign_in(client, "edna")  # the token's owner, by her desk session this time
    response = await client.get("/valley/", params={"at": "2016-12-12T18:35:00Z"})
    text = soup_of(response).get_text(" ", strip=True)
    assert "Audit view." in text and TEXT["u1"] in text
    assert response.headers["cache-control"] == "private, no-store"
    client.cookies.clear()
    signed_out = await at(client, "2016-12-12T18:35:00Z")
    assert "Audit view." not in signed_out.text


async def test_claims_read_as_they_then_stood_and_text_as_it_then_read(client, day):
    page = soup_of(await at(client, "2016-12-12T19:05:00Z"))
    badge = page.select_one(f"#update-{day.posts['u5']} .claim-verdict")
    assert badge.get_text(" ", strip=True) == "Status: Disputed — see 18:58"
    u4 = page.select_one(f"#update-{day.posts['u4']}")
    assert TEXT["u4"] in u4.get_text() and u4.select_one(".correction") is None
    later = soup_of(await at(client, "2016-12-12T20:06:00Z"))
    badge = later.select_one(f"#update-{day.posts['u7']} .claim-verdict")
    assert badge.get_text(" ", strip=True) == "Status: False — see 20:00"
    corrected = soup_of(await at(client, "2016-12-12T19:25:00Z"))
    u4 = corrected.select_one(f"#update-{day.posts['u4']}")
    assert u4.select_one(".correction").get_text() == "Corrected at 19:10: We misread the figure."
    assert TEXT["u4_corrected"] in u4.get_text()


async def test_after_the_redaction_readers_see_the_redacted_wording(client, day):
    page = soup_of(await at(client, "2016-12-12T19:50:00+00:00"))
    entry = page.select_one(f"#update-{day.posts['u3']}")
    assert entry is None  # on the next page (three a page): follow the pager
    older = page.select_one(".pager a.older")["href"]
    assert older.startswith("/valley/?at=2016-12-12T19%3A50%3A00Z&cursor=")
    second = soup_of(await client.get(older))
    assert [a["id"] for a in second.select("#stream > article")] == [
        f"update-{day.posts['u3']}",
        f"update-{day.posts['u2']}",
    ]
    u3 = second.select_one(f"#update-{day.posts['u3']}").get_text(" ", strip=True)
    assert TEXT["u3_redacted"] in u3 and "(removed for legal reasons)" in u3
    assert second.select_one(f"#update-{day.posts['u1']}") is None  # deleted by then


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "at: 'yesterday' is not an ISO 8601 time such as 2016-12-12T21:45:00Z"),
        ("2016-12-12T20:00:00", "at: needs a zone: end it with Z for UTC or an offset like +01:00"),
        (
            "2100-01-01T00:00:00Z",
            "at: is in the future; the page as it is now is at its usual address",
        ),
        ("2016-12-12T17:00:00Z", "at: is before this blog began (2016-12-12T18:00:00Z)"),
    ],
)
async def test_a_bad_moment_is_a_clear_422_page(client, value, message):
    response = await at(client, value)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert message in BeautifulSoup(response.text, "html.parser").get_text()


async def test_an_offset_typed_into_the_address_reads_as_meant(client):
    response = await client.get("/valley/?at=2016-12-12T19:35:00+01:00")
    assert "18:35 on December 12, 2016" in soup_of(response).get_text(" ", strip=True)


async def test_the_page_as_it_stood_is_valid_html_for_readers_and_editors(client):
    documents = {
        "public 18:35": (await at(client, "2016-12-12T18:35:00Z")).text,
        "audit 18:35": (await at(client, "2016-12-12T18:35:00Z", audit=True)).text,
        "public 20:06": (await at(client, "2016-12-12T20:06:00Z")).text,
        "claims": (await client.get("/valley/claims")).text,
        "corrections": (await client.get("/valley/corrections")).text,
        "live page": (await client.get("/valley/")).text,
        "bad moment": (await at(client, "nonsense")).text,
    }
    assert html_errors(documents) == []
