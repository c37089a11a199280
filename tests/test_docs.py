"""Docs are part of the product: every setting and command is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from scripts.cli_reference import reference

from dateline.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_setting_is_documented_in_the_operating_guide():
    guide = (DOCS / "operating.md").read_text()
    missing = [f.name for f in fields(Settings) if f"`DATELINE_{f.name.upper()}`" not in guide]
    assert missing == []


def test_the_cli_reference_matches_the_commands():
    assert (DOCS / "cli.md").read_text() == reference(), "run: python scripts/cli_reference.py"
