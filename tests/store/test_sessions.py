"""Desk sessions, sign-in failures and idempotency keys in the store, on both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dateline.domain.errors import NotAuthenticated
from dateline.domain.roles import Actor, Role
from dateline.store import idempotency, people, sign_in
from dateline.store.sessions import end_session, session_for, start_session
from tests.conftest import PASSWORD
from tests.store.desk import START

ADMIN = Actor("root", Role.ADMIN)
WEEK = timedelta(days=7)


def test_a_session_is_found_until_it_ends_expires_or_its_person_is_disabled(
    clocked_database, clock
):
    db = clocked_database
    db.run_write(people.add_user, "amira", "editor", PASSWORD)
    db.run_write(people.add_user, "root", "admin", PASSWORD)
    token, session = db.run_write(start_session, "amira", lifetime=WEEK, address="10.0.0.1")
    assert token not in str(session)  # only its hash is kept
    found = db.run_read(session_for, token, clock.now)
    assert found.actor == Actor("amira", Role.EDITOR) and found.csrf_token == session.csrf_token
    assert found.actor.blogs == frozenset()
    with pytest.raises(NotAuthenticated):
        db.run_read(session_for, token, clock.now + WEEK)  # expired
    db.run_write(people.set_disabled, "amira", True, ADMIN)
    with pytest.raises(NotAuthenticated):
        db.run_read(session_for, token, clock.now)  # disabled: ended, not just hidden
    db.run_write(people.set_disabled, "amira", False, ADMIN)
    with pytest.raises(NotAuthenticated):
        db.run_read(session_for, token, clock.now)
    second, _ = db.run_write(start_session, "amira", lifetime=WEEK)
    third, _ = db.run_write(start_session, "amira", lifetime=WEEK, replaces=second)
    with pytest.raises(NotAuthenticated):
        db.run_read(session_for, second, clock.now)  # replaced at sign-in
    db.run_read(session_for, third, clock.now)
    db.run_write(end_session, third)
    with pytest.raises(NotAuthenticated):
        db.run_read(session_for, third, clock.now)


def test_failures_block_a_key_for_longer_each_time(clocked_database, clock):
    keys = sign_in.keys_for("Amira", "10.0.0.1")
    assert keys == ["name:amira", "address:10.0.0.1"]
    for _ in range(sign_in.FREE_TRIES):
        clocked_database.run_write(sign_in.record_failure, keys)
    assert clocked_database.run_read(sign_in.wait_before_next, keys, clock.now) == 0
    clocked_database.run_write(sign_in.record_failure, keys)
    first = clocked_database.run_read(sign_in.wait_before_next, keys, clock.now)
    clocked_database.run_write(sign_in.record_failure, keys)
    second = clocked_database.run_read(sign_in.wait_before_next, keys, clock.now)
    assert 0 < first < second <= sign_in.LONGEST.total_seconds()
    clocked_database.run_write(sign_in.forget_failures, keys[:1])
    assert clocked_database.run_read(sign_in.wait_before_next, keys[:1], clock.now) == 0
    assert clocked_database.run_read(sign_in.wait_before_next, keys[1:], clock.now) > 0


def test_an_idempotency_key_keeps_the_first_answer_per_person(clocked_database, clock):
    db = clocked_database
    assert db.run_write(idempotency.claim, "edna", "k", "hash-a").outcome == "new"
    assert db.run_write(idempotency.claim, "edna", "k", "hash-a").outcome == "in_progress"
    assert db.run_write(idempotency.claim, "edna", "k", "hash-b").outcome == "other_request"
    assert db.run_write(idempotency.claim, "omar", "k", "hash-b").outcome == "new"
    db.run_write(idempotency.keep, "edna", "k", 201, {"content-type": "application/json"}, "{}")
    again = db.run_write(idempotency.claim, "edna", "k", "hash-a")
    assert (again.outcome, again.status, again.body) == ("replay", 201, "{}")
    db.run_write(idempotency.release, "omar", "k")
    assert db.run_write(idempotency.claim, "omar", "k", "hash-c").outcome == "new"
    clock.advance(idempotency.KEEP_FOR + timedelta(seconds=1))
    assert db.run_write(idempotency.claim, "edna", "k", "hash-b").outcome == "new"  # expired
    assert clock.now > START
