"""`dateline import` and `dateline export` from the command line."""

from __future__ import annotations

import asyncio
import json

import pytest
from click.testing import CliRunner

from dateline.cli import main
from dateline.media.storage import LocalStorage
from dateline.store import migrate
from dateline.store.database import Database
from tests.formats.importing import FIXTURES
from tests.formats.newsroom_day import PICTURE, SLUG, build_newsroom_day

MIDNIGHT = str(FIXTURES / "legacy_midnight.txt")


@pytest.mark.parametrize("command", [["import"], ["export"]], ids=" ".join)
def test_the_commands_explain_themselves(command):
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="dateline")
    assert result.exit_code == 0
    assert "--blog" in result.output and "Usage: dateline " + command[0] in result.output


def test_a_dry_run_prints_what_it_would_create_then_the_import_does_it(sqlite_url):
    runner = CliRunner()
    args = ["import", MIDNIGHT, "--blog", "count", "--date", "2024-03-04", "--database", sqlite_url]
    dry = runner.invoke(main, [*args, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would create 5 updates and the intro entry." in dry.output
    assert "2024-03-04T00:40:00Z  update" in dry.output
    assert "Dry run: nothing was kept." in dry.output
    real = runner.invoke(main, args)
    assert real.exit_code == 0, real.output
    assert "Created the blog 'count'" in real.output and "Created 5 updates" in real.output
    again = runner.invoke(main, args)  # not a terminal: no question, a clear refusal
    assert again.exit_code == 1 and "--into-existing" in again.output


def test_the_report_lists_what_could_not_be_placed(sqlite_url, tmp_path):
    path = tmp_path / "pier.txt"
    path.write_text("PHOTO: Waves over the pier\nUPDATE 1200 GMT: Calm again.\n")
    result = CliRunner().invoke(
        main, ["import", str(path), "--blog", "pier", "--date", "2024-01-02",
               "--database", sqlite_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Could not place 1:" in result.output
    assert "line 1: a cover caption with no picture: Waves over the pier" in result.output


def test_a_malformed_file_fails_naming_the_line(sqlite_url, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"UPDATE 2145 GMT: fine\nUPDATE 2100 GMT:\n")
    result = CliRunner().invoke(
        main,
        ["import", str(path), "--blog", "bad", "--date", "2024-01-01", "--database", sqlite_url],
    )
    assert result.exit_code == 1
    assert "line 2: this update has no words" in result.output


def test_a_bad_time_zone_is_a_usage_error(sqlite_url):
    result = CliRunner().invoke(
        main, ["import", MIDNIGHT, "--blog", "x", "--tz", "Nowhere/Land", "--database", sqlite_url]
    )
    assert result.exit_code == 2 and "--tz" in result.output


def test_export_json_with_media_then_import_gives_the_same_bytes(tmp_path):
    source = f"sqlite:///{tmp_path / 'source.db'}"
    media = tmp_path / "media-store"
    for rendition in PICTURE.renditions:
        asyncio.run(LocalStorage(media).put(rendition.name, b"picture bytes"))
    handle = Database(source)
    migrate.upgrade(handle)
    build_newsroom_day(handle)
    handle.close()
    runner = CliRunner(env={"DATELINE_MEDIA_STORE": str(media)})
    exported = tmp_path / "export.json"
    result = runner.invoke(
        main, ["export", "--blog", SLUG, "--output", str(exported), "--with-media",
               str(tmp_path / "pictures"), "--database", source],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pictures").iterdir()) == sorted(
        r.name for r in PICTURE.renditions
    )
    target = f"sqlite:///{tmp_path / 'target.db'}"
    elsewhere = tmp_path / "other-store"
    imported = CliRunner(env={"DATELINE_MEDIA_STORE": str(elsewhere)}).invoke(
        main, ["import", str(exported), "--blog", SLUG, "--with-media", str(tmp_path / "pictures"),
               "--database", target],
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    assert "Put 2 media files into the media store." in imported.output
    for rendition in PICTURE.renditions:
        assert asyncio.run(LocalStorage(elsewhere).get(rendition.name)) == b"picture bytes"
    again = runner.invoke(main, ["export", "--blog", SLUG, "--database", target])
    assert again.exit_code == 0
    assert again.stdout_bytes == exported.read_bytes()
    assert json.loads(again.stdout_bytes)["format"] == "dateline-export"


def test_export_html_writes_the_archive_folder(tmp_path, sqlite_url):
    CliRunner().invoke(
        main,
        ["import", MIDNIGHT, "--blog", "count", "--date", "2024-03-04", "--database", sqlite_url],
    )
    folder = tmp_path / "archive"
    result = CliRunner().invoke(
        main, ["export", "--blog", "count", "--format", "html", "--output", str(folder),
               "--database", sqlite_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (folder / "index.html").exists() and (folder / "dateline.css").exists()
    assert len(list((folder / "updates").iterdir())) == 5
