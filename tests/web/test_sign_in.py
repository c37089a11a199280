"""Signing in: one message for any wrong name or password, a slow-down after repeated
failures (per name and per address), password changes that end other sessions."""

from __future__ import annotations

import re

import httpx
import pytest

from dateline.domain.roles import Role
from tests.conftest import PASSWORD
from tests.web.signing_in import SAME_SITE, add_person, form_token, sign_in

pytestmark = pytest.mark.anyio


async def attempt(client: httpx.AsyncClient, name: str, password: str) -> httpx.Response:
    form = await client.get("/desk/login")
    data = {"name": name, "password": password, "csrf_token": form_token(form.text)}
    return await client.post("/desk/login", data=data, headers=SAME_SITE)


@pytest.fixture
def amira(app):
    add_person(app.database, "amira", Role.EDITOR)
    return "amira"


async def test_a_wrong_name_and_a_wrong_password_read_the_same(client, amira):
    wrong_name = await attempt(client, "amina", PASSWORD)
    wrong_password = await attempt(client, amira, PASSWORD + "!")
    assert wrong_name.status_code == wrong_password.status_code == 401
    said = [
        re.search(r'id="sign-in-problem">([^<]*)<', r.text) for r in (wrong_name, wrong_password)
    ]
    assert [m.group(1) for m in said if m] == ["Wrong name or password."] * 2


async def test_repeated_failures_for_a_name_slow_it_down(client, amira):
    for _ in range(6):
        assert (await attempt(client, amira, "not the password")).status_code == 401
    blocked = await attempt(client, amira, PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "Wait" in blocked.text
    assert "dateline_desk" not in client.cookies


async def test_repeated_failures_from_an_address_slow_it_down_for_every_name(app, client, amira):
    for n in range(6):
        await attempt(client, f"guess{n}", "password123")
    blocked = await attempt(client, amira, PASSWORD)
    assert blocked.status_code == 429


async def test_changing_the_password_ends_the_other_sessions(app, amira):
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as laptop,
        httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as phone,
    ):
        csrf = await sign_in(laptop, amira)
        await sign_in(phone, amira)
        mismatch = await laptop.post(
            "/desk/password",
            data={"csrf_token": csrf, "current_password": PASSWORD,
                  "new_password": "a whole new phrase", "repeat_password": "another phrase"},
            headers=SAME_SITE,
        )  # fmt: skip
        assert mismatch.status_code == 422
        assert "does not match" in mismatch.text
        changed = await laptop.post(
            "/desk/password",
            data={"csrf_token": csrf, "current_password": PASSWORD,
                  "new_password": "a whole new phrase", "repeat_password": "a whole new phrase"},
            headers=SAME_SITE,
        )  # fmt: skip
        assert changed.status_code == 303
        assert (await laptop.get("/desk/")).status_code == 200  # this browser: a new session
        assert (await phone.get("/desk/")).status_code == 303  # the other: signed out
        phone.cookies.clear()
        assert (await attempt(phone, amira, PASSWORD)).status_code == 401
        assert (await attempt(phone, amira, "a whole new phrase")).status_code == 303
