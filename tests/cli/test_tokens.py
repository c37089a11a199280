"""`dateline token list` and `dateline token revoke`: tokens listed without their secrets,
and a revoked one refused at once."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.domain.errors import NotAuthenticated
from dateline.store.database import Database
from dateline.store.people import actor_for_token


def run(*args: str, sqlite_url: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(main, [*args, "--database", sqlite_url], input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("command", [["token", "list"], ["token", "revoke"]], ids=" ".join)
def test_the_token_commands_explain_themselves(command):
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="dateline")
    assert result.exit_code == 0
    assert "Usage: dateline " + " ".join(command) in result.output


def test_tokens_are_listed_without_secrets_and_a_revoked_one_stops_at_once(sqlite_url):
    for name in ["ines", "omar"]:
        run("user", "add", name, "--role", "editor", "--password-stdin",
            sqlite_url=sqlite_url, stdin="a long enough password\n")  # fmt: skip
    ines = run("token", "create", "--user", "ines", "--label", "laptop", sqlite_url=sqlite_url)
    omar = run("token", "create", "--user", "omar", sqlite_url=sqlite_url)
    ines_token, omar_token = ines.split()[-1], omar.split()[-1]

    listed = run("token", "list", sqlite_url=sqlite_url)
    assert [line.split("\t")[:2] for line in listed.splitlines()] == [["1", "ines"], ["2", "omar"]]
    assert "laptop" in listed and "active" in listed
    assert ines_token not in listed and ines_token[3:] not in listed
    only_omar = run("token", "list", "--user", "omar", sqlite_url=sqlite_url)
    assert [line.split("\t")[1] for line in only_omar.splitlines()] == ["omar"]

    assert "Revoked token 1 of ines" in run("token", "revoke", "1", sqlite_url=sqlite_url)

    database = Database(sqlite_url)
    with pytest.raises(NotAuthenticated):
        database.run_read(actor_for_token, ines_token)
    assert database.run_read(actor_for_token, omar_token).name == "omar"
    database.close()
    after = run("token", "list", "--user", "ines", sqlite_url=sqlite_url)
    assert "revoked" in after and "by (command line)" in after


def test_revoking_an_unknown_token_says_so(sqlite_url):
    result = CliRunner().invoke(main, ["token", "revoke", "7", "--database", sqlite_url])
    assert result.exit_code == 1
    assert "No token 7" in result.output
    bad = CliRunner().invoke(main, ["token", "revoke", "0", "--database", sqlite_url])
    assert bad.exit_code == 2
