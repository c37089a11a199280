"""Desk sessions: sign-in, cookies, sign-out, CSRF on pages and on the API by cookie."""

from __future__ import annotations

import httpx
import pytest

from dateline.domain.roles import Role
from tests.conftest import PASSWORD
from tests.web.signing_in import (
    SAME_SITE,
    add_person,
    api_headers,
    form_token,
    page_token,
    sign_in,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def admin(app):
    add_person(app.database, "amira", Role.ADMIN)
    return "amira"


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(client, admin):
    response = await client.get("/desk/password?x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/desk/login?next=%2Fdesk%2Fpassword%3Fx%3D1"
    form = await client.get(response.headers["location"])
    signed_in = await client.post(
        "/desk/login",
        data={
            "name": admin,
            "password": PASSWORD,
            "csrf_token": form_token(form.text),
            "next": "/desk/password?x=1",
        },
        headers=SAME_SITE,
    )
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/desk/password?x=1"


async def test_sign_in_never_sends_anyone_to_another_site(client, admin):
    form = await client.get("/desk/login")
    for elsewhere in ("https://evil.example/desk/", "//evil.example/", "/\\evil.example"):
        response = await client.post(
            "/desk/login",
            data={"name": admin, "password": PASSWORD, "csrf_token": form_token(form.text),
                  "next": elsewhere},
            headers=SAME_SITE,
        )  # fmt: skip
        assert response.headers["location"] == "/desk/"
        client.cookies.clear()
        form = await client.get("/desk/login")


async def test_the_session_cookie_is_httponly_lax_and_new_at_each_sign_in(client, admin):
    await sign_in(client, admin)
    first = client.cookies["dateline_desk"]
    signed_in = await client.get("/desk/login?next=/desk/password")
    assert signed_in.status_code == 303  # signed in already: straight on
    assert signed_in.headers["location"] == "/desk/password"
    # A cookie planted before sign-in (session fixation) is replaced, never adopted.
    client.cookies.clear()
    client.cookies.set("dateline_desk", "planted-before-sign-in", domain="dateline.test")
    form = await client.get("/desk/login")
    response = await client.post(
        "/desk/login",
        data={"name": admin, "password": PASSWORD, "csrf_token": form_token(form.text)},
        headers=SAME_SITE,
    )
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # the test site is http
    assert client.cookies["dateline_desk"] not in (first, "planted-before-sign-in")


async def test_https_sites_get_secure_cookies(tmp_path):
    from dateline.web import create_app
    from tests.conftest import settings_for_tests

    app = create_app(
        settings_for_tests(f"sqlite:///{tmp_path / 'x.db'}", base_url="https://news.example/live")
    )
    await app.start()
    try:
        add_person(app.database, "amira", Role.ADMIN)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://news.example") as c:
            form = await c.get("/live/desk/login")
            assert 'action="/live/desk/login"' in form.text
            response = await c.post(
                "/live/desk/login",
                data={"name": "amira", "password": PASSWORD, "csrf_token": form_token(form.text)},
                headers={"Origin": "https://news.example"},
            )
            assert response.status_code == 303
            assert response.headers["location"] == "/live/desk/"
            cookie = response.headers["set-cookie"]
            assert "Secure" in cookie and "Path=/live/" in cookie
            assert (await c.get("/live/desk/")).status_code == 200
    finally:
        await app.stop()


async def test_signing_out_ends_the_session_on_the_server(client, admin):
    csrf = await sign_in(client, admin)
    stolen = client.cookies["dateline_desk"]
    response = await client.post("/desk/logout", data={"csrf_token": csrf}, headers=SAME_SITE)
    assert response.status_code == 303
    client.cookies.set("dateline_desk", stolen)  # a copy of the cookie is worth nothing now
    assert (await client.get("/desk/")).status_code == 303


async def test_a_desk_form_without_the_token_or_from_another_site_is_refused(client, admin):
    csrf = await sign_in(client, admin)
    without = await client.post("/desk/logout", data={}, headers=SAME_SITE)
    assert without.status_code == 403
    wrong = await client.post("/desk/logout", data={"csrf_token": "guess"}, headers=SAME_SITE)
    assert wrong.status_code == 403
    elsewhere = await client.post(
        "/desk/logout", data={"csrf_token": csrf}, headers={"Origin": "https://evil.example"}
    )
    assert elsewhere.status_code == 403
    nowhere = await client.post("/desk/logout", data={"csrf_token": csrf})
    assert nowhere.status_code == 403  # neither Origin nor Referer: not known to be ours
    referred = await client.post(
        "/desk/logout", data={"csrf_token": csrf}, headers={"Referer": "http://dateline.test/desk/"}
    )
    assert referred.status_code == 303
    assert (await client.get("/desk/")).status_code == 303  # that one did sign out


async def test_a_cross_site_sign_in_form_is_refused(client, admin):
    form = await client.get("/desk/login")
    response = await client.post(
        "/desk/login",
        data={"name": admin, "password": PASSWORD, "csrf_token": form_token(form.text)},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert "dateline_desk" not in client.cookies


async def test_the_api_takes_the_session_cookie_with_the_csrf_header(client, admin):
    csrf = await sign_in(client, admin)
    blog = {"slug": "harbour", "title": "Harbour"}
    refused = await client.post("/api/v1/blogs", json=blog, headers=SAME_SITE)
    assert refused.status_code == 403
    cross = await client.post(
        "/api/v1/blogs", json=blog, headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    made = await client.post("/api/v1/blogs", json=blog, headers=api_headers(csrf))
    assert made.status_code == 201, made.text
    # Reads need no token: the desk's script lists drafts with the cookie alone.
    draft = await client.post(
        "/api/v1/blogs", json={"slug": "plans", "title": "Plans", "status": "draft"},
        headers=api_headers(csrf),
    )  # fmt: skip
    assert draft.status_code == 201
    listed = await client.get("/api/v1/blogs")
    assert "plans" in [b["slug"] for b in listed.json()["items"]]


async def test_signed_out_the_api_still_asks_for_a_token(client):
    response = await client.post("/api/v1/blogs", json={"slug": "a", "title": "A"})
    assert response.status_code == 401
    client.cookies.set("dateline_desk", "ds_not-a-session")
    response = await client.post("/api/v1/blogs", json={"slug": "a", "title": "A"})
    assert response.status_code == 401


async def test_the_base_template_carries_the_csrf_meta_and_no_inline_code(client, admin):
    csrf = await sign_in(client, admin)
    home = await client.get("/desk/")
    assert page_token(home.text) == csrf
    assert "<style" not in home.text and " style=" not in home.text
    assert "<script>" not in home.text
    assert home.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in home.headers["content-security-policy"]
