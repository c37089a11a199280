"""The desk's people: users with Argon2 passwords, and API tokens kept only as hashes."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from dateline.domain.errors import Forbidden, Invalid, NotAuthenticated, NotFound
from dateline.domain.roles import Actor, Role
from dateline.store import people
from dateline.store.schema import tokens, users
from tests.conftest import PASSWORD


def add(database, name: str = "amira", role: str = "editor", password: str = PASSWORD) -> Actor:
    return database.run_write(people.add_user, name, role, password)


def rows(database, table) -> list[dict[str, object]]:
    return database.run_read(
        lambda conn: [dict(row) for row in conn.execute(select(table)).mappings()]
    )


def test_adding_a_user_keeps_only_an_argon2_hash_of_the_password(database):
    actor = add(database, " amira ")

    assert actor == Actor("amira", Role.EDITOR)
    (user,) = rows(database, users)
    assert (user["name"], user["role"]) == ("amira", "editor")
    assert str(user["password_hash"]).startswith("$argon2id$")
    assert PASSWORD not in str(user["password_hash"])


REFUSED = [
    ("", "editor", PASSWORD, "name"),
    ("   ", "editor", PASSWORD, "name"),
    ("amira hassan", "editor", PASSWORD, "name"),
    ("a" * 101, "editor", PASSWORD, "name"),
    ("amira", "owner", PASSWORD, "role"),
    ("amira", "editor", "short", "password"),
    ("amira", "editor", "x" * (people.MIN_PASSWORD - 1), "password"),
]


def test_adding_a_user_checks_name_role_and_password(database):
    for name, role, password, field in REFUSED:
        with pytest.raises(Invalid) as error:
            add(database, name, role, password)
        assert [e.field for e in error.value.errors] == [field], (name, role, password)

    assert rows(database, users) == []


def test_a_name_can_be_taken_only_once(database):
    add(database, "amira")

    with pytest.raises(Invalid) as error:
        add(database, "amira", "contributor")

    assert [e.field for e in error.value.errors] == ["name"]
    assert [(u["name"], u["role"]) for u in rows(database, users)] == [("amira", "editor")]


def test_a_token_is_handed_out_once_and_stored_only_as_its_sha256(database):
    add(database)

    token = database.run_write(people.create_token, "amira", "laptop")

    assert token.startswith("dl_")
    assert len(token) > 40
    (stored,) = rows(database, tokens)
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert stored["label"] == "laptop"
    assert not any(token in str(value) for value in stored.values())
    assert not any(token[3:] in str(value) for value in stored.values())


def test_each_token_is_new(database):
    add(database)

    first = database.run_write(people.create_token, "amira")
    second = database.run_write(people.create_token, "amira")

    assert first != second
    assert len(rows(database, tokens)) == 2


def test_a_token_names_its_user_and_role(database):
    add(database, "carl", "contributor")
    token = database.run_write(people.create_token, "carl")

    assert database.run_read(people.actor_for_token, token) == Actor("carl", Role.CONTRIBUTOR)


def test_an_unknown_token_is_not_authenticated(database):
    add(database)
    token = database.run_write(people.create_token, "amira")
    its_hash = hashlib.sha256(token.encode()).hexdigest()  # what a leaked database shows

    for wrong in ["dl_not-a-token-this-server-made", "", "dl_", token[:-1], its_hash]:
        with pytest.raises(NotAuthenticated):
            database.run_read(people.actor_for_token, wrong)


def test_a_token_for_someone_who_does_not_exist_is_not_found(database):
    with pytest.raises(NotFound):
        database.run_write(people.create_token, "nobody")

    assert rows(database, tokens) == []


def test_check_password_accepts_the_right_one_and_refuses_the_rest(database):
    add(database, "amira", "admin")

    assert database.run_read(people.check_password, "amira", PASSWORD) == Actor("amira", Role.ADMIN)
    with pytest.raises(Forbidden):
        database.run_read(people.check_password, "amira", PASSWORD + "!")
    with pytest.raises(Forbidden):
        database.run_read(people.check_password, "nobody", PASSWORD)


def test_a_revoked_token_lets_no_one_in_and_stays_listed(database):
    add(database, "amira", "admin")
    add(database, "carl", "contributor")
    kept = database.run_write(people.create_token, "carl", "desk")
    doomed = database.run_write(people.create_token, "carl", "phone")
    (listed_kept, listed_doomed) = database.run_read(people.list_tokens, "carl")

    revoked = database.run_write(
        people.revoke_token, listed_doomed.id, by=Actor("amira", Role.ADMIN)
    )

    assert (revoked.revoked_by, revoked.active, listed_kept.active) == ("amira", False, True)
    with pytest.raises(NotAuthenticated):
        database.run_read(people.actor_for_token, doomed)
    assert database.run_read(people.actor_for_token, kept).name == "carl"
    assert [t.label for t in database.run_read(people.list_tokens, None)] == ["desk", "phone"]


def test_only_the_owner_or_an_admin_revokes_a_token(database):
    add(database, "amira", "editor")
    add(database, "carl", "contributor")
    token = database.run_write(people.create_token, "amira")
    (listed,) = database.run_read(people.list_tokens, "amira")

    with pytest.raises(NotFound):
        database.run_write(people.revoke_token, listed.id, by=Actor("carl", Role.CONTRIBUTOR))

    assert database.run_read(people.actor_for_token, token).name == "amira"
    database.run_write(people.revoke_token, listed.id, by=Actor("amira", Role.EDITOR))
    with pytest.raises(NotAuthenticated):
        database.run_read(people.actor_for_token, token)
