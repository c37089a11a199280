"""The `dateline` command line: every command has help, and each does its job."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.store import migrate
from dateline.store.database import Database
from dateline.store.people import actor_for_token, check_password

COMMANDS = [
    ["serve"], ["demo"], ["db"], ["db", "upgrade"], ["user"], ["user", "add"],
    ["token"], ["token", "create"],
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_explains_itself(command):
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="dateline")
    assert result.exit_code == 0
    assert "Usage: dateline " + " ".join(command) in result.output


def test_db_upgrade_creates_the_schema(sqlite_url):
    result = CliRunner().invoke(main, ["db", "upgrade", "--database", sqlite_url])
    assert result.exit_code == 0, result.output
    assert f"revision {migrate.head_revision()}" in result.output
    assert migrate.is_current(Database(sqlite_url))


def test_db_upgrade_reads_the_database_from_the_environment(sqlite_url):
    result = CliRunner().invoke(main, ["db", "upgrade"], env={"DATELINE_DATABASE_URL": sqlite_url})
    assert result.exit_code == 0, result.output
    assert migrate.is_current(Database(sqlite_url))


def test_a_user_added_with_a_password_on_stdin_can_sign_in(sqlite_url):
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["user", "add", "ines", "--role", "editor", "--password-stdin", "--database", sqlite_url],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    database = Database(sqlite_url)
    assert database.run_read(check_password, "ines", "a long enough password").role == "editor"


def test_a_user_can_be_added_at_a_prompt(sqlite_url):
    result = CliRunner().invoke(
        main,
        ["user", "add", "omar", "--role", "contributor", "--database", sqlite_url],
        input="prompted password\nprompted password\n",
    )
    assert result.exit_code == 0, result.output
    assert "prompted password" not in result.output


def test_bad_user_input_is_a_clear_error(sqlite_url):
    short = CliRunner().invoke(
        main,
        ["user", "add", "ines", "--role", "editor", "--password-stdin", "--database", sqlite_url],
        input="short\n",
    )
    assert short.exit_code != 0
    assert "password: must be at least 10 characters" in short.output
    role = CliRunner().invoke(
        main, ["user", "add", "x", "--role", "boss", "--database", sqlite_url]
    )
    assert role.exit_code == 2
    assert "'boss' is not one of" in role.output


def test_a_token_is_printed_last_on_its_line_and_works(sqlite_url):
    runner = CliRunner()
    runner.invoke(
        main,
        ["user", "add", "ines", "--role", "editor", "--password-stdin", "--database", sqlite_url],
        input="a long enough password\n",
    )
    result = runner.invoke(main, ["token", "create", "--user", "ines", "--database", sqlite_url])
    assert result.exit_code == 0, result.output
    token = result.output.strip().split()[-1]
    assert token.startswith("dl_")
    assert Database(sqlite_url).run_read(actor_for_token, token).name == "ines"


def test_a_token_for_an_unknown_user_is_refused(sqlite_url):
    result = CliRunner().invoke(
        main, ["token", "create", "--user", "ghost", "--database", sqlite_url]
    )
    assert result.exit_code == 1
    assert "No user 'ghost'" in result.output


def test_a_bad_setting_in_the_environment_names_the_variable(sqlite_url):
    result = CliRunner().invoke(
        main, ["db", "upgrade", "--database", sqlite_url], env={"DATELINE_PORT": "eighty"}
    )
    assert result.exit_code == 2
    assert "DATELINE_PORT='eighty' is not a valid int" in result.output
