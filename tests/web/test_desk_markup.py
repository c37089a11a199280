"""Every desk page is valid HTML (the Nu checker), forms with errors included."""

from __future__ import annotations

import pytest

from dateline.domain.roles import Role
from tests.markup import html_errors
from tests.web.signing_in import SAME_SITE, add_person, sign_in

pytestmark = pytest.mark.anyio


async def test_the_desk_pages_are_valid_html(client, app):
    add_person(app.database, "amira", Role.ADMIN)
    pages = {"login": (await client.get("/desk/login")).text}
    failed_login = await client.post(
        "/desk/login", data={"name": "x", "password": "y", "csrf_token": "z"}, headers=SAME_SITE
    )
    pages["login-refused"] = failed_login.text
    csrf = await sign_in(client, "amira")
    made = await client.post(
        "/desk/blogs/new",
        data={"csrf_token": csrf, "slug": "harbour", "title": "Harbour", "stamp_format": "wire",
              "cover.url": "https://example.org/a.jpg", "cover.alt": "The quay",
              "featured_links[0].title": "Explainer", "featured_links[0].url": "/explainer"},
        headers=SAME_SITE,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    await client.post(
        "/desk/blogs/harbour/intro",
        data={"csrf_token": csrf, "body": "It began.\n\n## Background\n\nThe quay."},
        headers=SAME_SITE,
    )
    await client.post(
        "/desk/people", data={"csrf_token": csrf, "name": "edna", "role": "editor",
                              "password": "long enough password"}, headers=SAME_SITE,
    )  # fmt: skip
    for path in ("/desk/", "/desk/people", "/desk/blogs/new", "/desk/blogs/harbour/settings",
                 "/desk/password"):  # fmt: skip
        response = await client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.text
    refused = await client.post(
        "/desk/blogs/new",
        data={"csrf_token": csrf, "slug": "Bad Slug", "time_zone": "Nowhere",
              "featured_links[1].url": "javascript:alert(1)", "auto_end_hours": "0"},
        headers=SAME_SITE,
    )  # fmt: skip
    assert refused.status_code == 422
    pages["new-blog-refused"] = refused.text
    people_refused = await client.post(
        "/desk/people", data={"csrf_token": csrf, "name": "a b", "role": "boss", "password": "x"},
        headers=SAME_SITE,
    )  # fmt: skip
    pages["people-refused"] = people_refused.text
    assert html_errors(pages) == []
