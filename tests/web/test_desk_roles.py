"""Who may do what, on desk pages and in the API alike: each role × each action,
allowed or refused (403). Editors and contributors act only on blogs they are on."""

from __future__ import annotations

import httpx
import pytest

from dateline.domain.roles import Role
from dateline.store import people
from tests.conftest import PASSWORD
from tests.web.signing_in import SAME_SITE, add_person, api_headers, form_token, sign_in

pytestmark = pytest.mark.anyio

# name → role, and whether they are on the desk of the blog "harbour".
CAST = {
    "amira": (Role.ADMIN, False),
    "edna": (Role.EDITOR, True),
    "omar": (Role.EDITOR, False),
    "casey": (Role.CONTRIBUTOR, True),
    "cole": (Role.CONTRIBUTOR, False),
}


@pytest.fixture
async def desk(app):
    """The cast, the blog "harbour" with one published update, and an API token each."""
    for name, (role, _) in CAST.items():
        add_person(app.database, name, role)
    tokens = {name: app.database.run_write(people.create_token, name) for name in CAST}
    admin = {"Authorization": f"Bearer {tokens['amira']}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
        assert (await c.post("/api/v1/blogs", json={"slug": "harbour", "title": "Harbour"},
                             headers=admin)).status_code == 201  # fmt: skip
        csrf = await sign_in(c, "amira")
        for name, (_, member) in CAST.items():
            if member:
                added = await c.post(
                    "/desk/blogs/harbour/members",
                    data={"name": name, "action": "add", "csrf_token": csrf}, headers=SAME_SITE,
                )  # fmt: skip
                assert added.status_code == 303, added.text
        post = await c.post("/api/v1/blogs/harbour/posts", json={"body": "Quay shut"},
                            headers=admin)  # fmt: skip
        assert post.status_code == 201
    return {"tokens": tokens, "post": post.json()["id"]}


def bearer(desk, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {desk['tokens'][name]}"}


API_MATRIX = [
    # (what, method, path, json, who may)
    ("create a blog", "POST", "/api/v1/blogs", {"slug": "new-{who}", "title": "T"},
     {"amira", "edna", "omar"}),
    ("edit settings", "PATCH", "/api/v1/blogs/harbour", {"summary": "by {who}"},
     {"amira", "edna"}),
    ("publish", "POST", "/api/v1/blogs/harbour/posts", {"body": "by {who}"}, {"amira", "edna"}),
    ("write a draft", "POST", "/api/v1/blogs/harbour/posts",
     {"body": "draft by {who}", "status": "draft"}, {"amira", "edna", "casey"}),
    ("pin", "PUT", "/api/v1/blogs/harbour/posts/{post}/pin", None, {"amira", "edna"}),
    ("mark a key event", "PUT", "/api/v1/blogs/harbour/posts/{post}/key-event",
     {"title": "Key"}, {"amira", "edna"}),
    ("record a claim", "POST", "/api/v1/blogs/harbour/claims", {"statement": "Said by {who}"},
     {"amira", "edna", "casey"}),
    ("edit an update", "PATCH", "/api/v1/blogs/harbour/posts/{post}",
     {"version": "{version}", "body": "edited by {who}"}, {"amira", "edna"}),
]  # fmt: skip


def _fill(value, who: str, post: int, version: int):
    if isinstance(value, dict):
        return {k: _fill(v, who, post, version) for k, v in value.items()}
    if value == "{version}":
        return version
    return (
        value.replace("{who}", who).replace("{post}", str(post))
        if isinstance(value, str)
        else value
    )


async def test_each_role_and_each_api_action_is_allowed_or_refused(app, client, desk):
    wrong = []
    for what, method, path, body, allowed in API_MATRIX:
        for who in CAST:
            current = await client.get(f"/api/v1/blogs/harbour/posts/{desk['post']}")
            version = current.json()["version"]
            response = await client.request(
                method, _fill(path, who, desk["post"], version),
                json=_fill(body, who, desk["post"], version), headers=bearer(desk, who),
            )  # fmt: skip
            expected = "allowed" if who in allowed else "refused"
            got = "allowed" if response.status_code < 300 else response.status_code
            if (expected == "allowed") != (got == "allowed") or (
                expected == "refused" and got != 403
            ):
                wrong.append(f"{who} {what}: {response.status_code} {response.text[:120]}")
    assert wrong == []


async def test_the_desks_own_script_gets_the_same_answers_with_its_cookie(app, desk):
    """The cookie is no back door: the same matrix, by session, for two actions."""
    transport = httpx.ASGITransport(app=app)
    for who in CAST:
        async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
            csrf = await sign_in(c, who)
            published = await c.post("/api/v1/blogs/harbour/posts", json={"body": f"by {who}"},
                                     headers=api_headers(csrf))  # fmt: skip
            assert published.status_code == (201 if who in ("amira", "edna") else 403), who
            draft = await c.post(
                "/api/v1/blogs/harbour/posts", json={"body": "d", "status": "draft"},
                headers=api_headers(csrf),
            )  # fmt: skip
            assert draft.status_code == (201 if who in ("amira", "edna", "casey") else 403), who


DESK_PAGES = [
    ("GET", "/desk/", None, set(CAST)),
    ("GET", "/desk/people", None, {"amira"}),
    ("GET", "/desk/blogs/new", None, {"amira", "edna", "omar"}),
    ("GET", "/desk/blogs/harbour/settings", None, {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/settings", {"title": "Harbour", "summary": "s"},
     {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/intro", {"body": "Where it began"}, {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/members", {"name": "cole", "action": "add"}, {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/members", {"name": "cole", "action": "remove"},
     {"amira", "edna"}),
    ("POST", "/desk/people", {"name": "new-{who}", "role": "contributor", "password": PASSWORD},
     {"amira"}),
    ("POST", "/desk/people/cole/role", {"role": "contributor"}, {"amira"}),
    ("GET", "/desk/blogs/harbour/distribution", None, {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/distribution/reach", {"noindex": "on"}, {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/distribution/webhooks", {"url": "https://cms.example/{who}"},
     {"amira", "edna"}),
    ("POST", "/desk/blogs/harbour/coverage", {"action": "end"}, {"amira", "edna"}),
]  # fmt: skip


async def test_each_role_and_each_desk_page_is_allowed_or_refused(app, desk):
    transport = httpx.ASGITransport(app=app)
    wrong = []
    for who in CAST:
        async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
            csrf = await sign_in(c, who)
            for method, path, form, allowed in DESK_PAGES:
                data = None
                if form is not None:
                    data = {k: v.replace("{who}", who) for k, v in form.items()}
                    data["csrf_token"] = csrf
                response = await c.request(method, path, data=data, headers=SAME_SITE)
                ok = response.status_code in (200, 303)
                if ok != (who in allowed) or (not ok and response.status_code != 403):
                    wrong.append(f"{who} {method} {path}: {response.status_code}")
    assert wrong == []


async def test_a_disabled_person_is_cut_off_at_once(app, desk):
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as edna,
        httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as admin,
    ):
        edna_csrf = await sign_in(edna, "edna")
        assert (await edna.get("/desk/blogs/harbour/settings")).status_code == 200
        csrf = await sign_in(admin, "amira")
        response = await admin.post("/desk/people/edna/disable", data={"csrf_token": csrf},
                                    headers=SAME_SITE)  # fmt: skip
        assert response.status_code == 303
        # Her open desk, her script's API calls and her API token all stop on the next request.
        assert (await edna.get("/desk/blogs/harbour/settings")).status_code == 303
        by_cookie = await edna.post("/api/v1/blogs/harbour/posts", json={"body": "x"},
                                    headers=api_headers(edna_csrf))  # fmt: skip
        assert by_cookie.status_code == 401
        by_token = await edna.post("/api/v1/blogs/harbour/posts", json={"body": "x"},
                                   headers=bearer(desk, "edna"))  # fmt: skip
        assert by_token.status_code == 401
        # And she cannot sign in again, with the message anyone with a wrong password gets.
        edna.cookies.clear()
        form = await edna.get("/desk/login")
        typed = {"name": "edna", "password": PASSWORD, "csrf_token": form_token(form.text)}
        again = await edna.post("/desk/login", data=typed, headers=SAME_SITE)
        assert again.status_code == 401
        assert "Wrong name or password." in again.text
        # Enabled again: the token works again (a session must be made anew).
        await admin.post("/desk/people/edna/enable", data={"csrf_token": csrf}, headers=SAME_SITE)
        by_token = await edna.post("/api/v1/blogs/harbour/posts", json={"body": "back"},
                                   headers=bearer(desk, "edna"))  # fmt: skip
        assert by_token.status_code == 201


async def test_a_revoked_token_stops_and_tokens_are_listed_never_shown(app, client, desk):
    csrf = await sign_in(client, "amira")
    page = (await client.get("/desk/people")).text
    for token in desk["tokens"].values():
        assert token not in page
    token_ids = app.database.run_read(lambda conn: [t.id for t in people.list_tokens(conn)])
    assert len(token_ids) == len(CAST)
    omar = next(t for t in app.database.run_read(people.list_tokens) if t.user == "omar")
    revoked = await client.post(f"/desk/tokens/{omar.id}/revoke", data={"csrf_token": csrf},
                                headers=SAME_SITE)  # fmt: skip
    assert revoked.status_code == 303
    response = await client.post("/api/v1/blogs", json={"slug": "o", "title": "O"},
                                 headers=bearer(desk, "omar"))  # fmt: skip
    assert response.status_code == 401
