"""Signing in to the desk from a test, as a browser does: the form, its token, the cookie."""

from __future__ import annotations

import re

import httpx

from dateline.domain.roles import Role
from dateline.store import members, people
from dateline.store.database import Database
from tests.conftest import PASSWORD

ORIGIN = "http://dateline.test"
SAME_SITE = {"Origin": ORIGIN}


def add_person(
    database: Database, name: str, role: Role = Role.EDITOR, blogs: tuple[str, ...] = ()
) -> None:
    database.run_write(people.add_user, name, role.value, PASSWORD)
    for slug in blogs:
        database.run_write(members.add_to_blog, slug, name, "tests")


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def page_token(html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', html)
    assert found, "no csrf-token meta on the page"
    return found.group(1)


async def sign_in(client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> str:
    """Sign `client` in as `name`; returns the session's CSRF token (from the desk's meta)."""
    form = await client.get("/desk/login")
    response = await client.post(
        "/desk/login",
        data={"name": name, "password": password, "csrf_token": form_token(form.text)},
        headers=SAME_SITE,
    )
    assert response.status_code == 303, response.text
    home = await client.get("/desk/")
    assert home.status_code == 200, home.text
    return page_token(home.text)


def api_headers(csrf: str) -> dict[str, str]:
    """What the desk's script sends with a cookie-authenticated API change."""
    return {"X-CSRF-Token": csrf, **SAME_SITE}
