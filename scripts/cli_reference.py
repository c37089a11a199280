"""Write docs/cli.md from the commands' own help, so the reference cannot drift.

Run `python scripts/cli_reference.py` after changing a command; a test fails
until the committed file matches.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from dateline.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def commands(group: click.Group, path: list[str]) -> list[list[str]]:
    found = [path]
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            found += commands(command, [*path, name])
        else:
            found.append([*path, name])
    return found


def reference() -> str:
    parts = [
        "# Command-line reference\n",
        "Generated from the commands' own `--help` by `scripts/cli_reference.py`.\n",
    ]
    runner = CliRunner()
    for path in commands(main, []):
        result = runner.invoke(main, [*path, "--help"], prog_name="dateline", terminal_width=88)
        title = " ".join(["dateline", *path])
        parts.append(f"## `{title}`\n\n```\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    DOCS.write_text(reference())
    sys.stdout.write(f"wrote {DOCS}\n")
