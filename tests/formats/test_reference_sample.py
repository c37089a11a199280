"""The reference live blog (`/work/shared/reference/liveblog-sample.txt`), imported whole.

The expectations are counted from the file itself with simple patterns of the test's
own, so the importer is compared against the text, not against itself. When the file
is there the test must run; it skips only where the file is not shipped.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dateline.domain.blocks import Heading, Quote
from tests.formats.importing import intro_of, record_of, run_import, socials, updates_of, words_of

_CANDIDATES = [
    Path("/work/shared/reference/liveblog-sample.txt"),
    Path(__file__).resolve().parents[3] / "shared" / "reference" / "liveblog-sample.txt",
    Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "liveblog-sample.txt",
]
SAMPLE = next((p for p in _CANDIDATES if p.exists()), None)
MARKER = re.compile(r"^UPDATE (\d{2})(\d{2}) GMT: ")
# The test's own reading of a signature: "— Name (@handle) Month D, YYYY" ending a line.
SIGNED = re.compile(r"[—]\s*(.+?) \((@\w+)\) (\w+ \d{1,2}, \d{4})$")
ARABIC = re.compile(r"[\u0600-\u06ff]")

pytestmark = pytest.mark.skipif(SAMPLE is None, reason="the reference sample is not here")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from dateline.store import migrate
    from dateline.store.database import Database

    folder = tmp_path_factory.mktemp("sample")
    database = Database(f"sqlite:///{folder / 'sample.db'}")
    migrate.upgrade(database)
    assert SAMPLE is not None
    report = run_import(database, SAMPLE.read_bytes(), "syria", day=date(2016, 12, 12))
    yield report, record_of(database, "syria"), SAMPLE.read_text(encoding="utf-8").splitlines()
    database.close()


def sections(lines: list[str]) -> tuple[list[list[str]], list[str]]:
    """The file's updates (each a list of lines, marker first) and the intro's lines."""
    updates: list[list[str]] = []
    intro: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if MARKER.match(line):
            current = [line]
            updates.append(current)
        elif line.startswith("ORIGINAL ENTRY:"):
            current = intro
            intro.append(line)
        elif current is not None:
            current.append(line)
    return updates, intro


def test_every_update_becomes_its_own_update_at_its_exact_utc_time(imported):
    _, record, lines = imported
    expected, _ = sections(lines)
    found = updates_of(record)
    assert len(found) == len(expected) == 8
    for post, section in zip(found, expected, strict=True):
        hour, minute = MARKER.match(section[0]).groups()  # type: ignore[union-attr]
        assert post.published_at == datetime(2016, 12, 12, int(hour), int(minute), tzinfo=UTC)
    assert found[0].published_at.isoformat().replace("+00:00", "Z") == "2016-12-12T21:45:00Z"


def test_every_tweet_becomes_a_snapshot_with_name_handle_text_and_date(imported):
    _, record, lines = imported
    expected, intro_lines = sections(lines)
    intro = intro_of(record)
    assert intro is not None
    for post, section in [*zip(updates_of(record), expected, strict=True), (intro, intro_lines)]:
        signed = [SIGNED.search(line) for line in section]
        wanted = [(m.group(1), m.group(2), m.group(3)) for m in signed if m]
        got = [
            (s.author_name, s.handle, f"{s.posted_at:%B} {s.posted_at.day}, {s.posted_at.year}")  # type: ignore[union-attr]
            for s in socials(post)
        ]
        assert got == wanted
        for snapshot in socials(post):
            assert snapshot.text and snapshot.text in "\n".join(section)
            assert isinstance(snapshot.posted_at, date)
    total = sum(len(socials(p)) for p in record.posts)
    assert total == sum(1 for line in lines if SIGNED.search(line)) == 17


def test_the_arabic_tweet_is_intact_and_right_to_left(imported):
    _, record, lines = imported
    arabic_lines = [line for line in lines if ARABIC.search(line)]
    snapshots = [s for p in record.posts for s in socials(p) if ARABIC.search(s.text)]
    assert len(snapshots) == 1
    [tweet] = snapshots
    assert tweet.dir == "rtl" and tweet.direction == "rtl" and tweet.lang == "ar"
    assert tweet.handle == "@HoseinMortada"
    for line in arabic_lines:
        words = SIGNED.sub("", line).replace("pic.twitter.com/DLctGpxQyD", "").strip()
        assert words in tweet.text


def test_the_intro_holds_the_original_entry_with_its_section_headings(imported):
    _, record, lines = imported
    _, intro_lines = sections(lines)
    intro = intro_of(record)
    assert intro is not None and intro.status == "published"
    first = intro_lines[0].removeprefix("ORIGINAL ENTRY:").strip()
    assert words_of(intro).startswith(first)
    headings = [b.text for b in intro.blocks if isinstance(b, Heading)]
    claims = [line for line in intro_lines if line.startswith("Claim:")]
    assert claims and all(c in headings for c in claims)
    # The test's idea of a section title: no closing punctuation, no link, no signature.
    titles = [
        line
        for line in intro_lines[1:]
        if not re.search(r"[.:,!?”…]$", line) and "twitter.com" not in line and "—" not in line
    ]
    assert titles and headings == titles
    assert intro.published_at <= min(p.published_at for p in updates_of(record))  # type: ignore[operator,type-var]


def test_every_line_of_every_update_is_kept_and_statements_become_quotes(imported):
    _, record, lines = imported
    expected, _ = sections(lines)
    for post, section in zip(updates_of(record), expected, strict=True):
        shown = words_of(post)
        for line in section:
            words = SIGNED.sub("", MARKER.sub("", line))
            words = re.sub(r"\s*pic\.twitter\.com/\w+", "", words).strip()
            assert words in shown, f"{words[:60]!r} is missing from {post.published_at}"
    quotes = [b for p in record.posts for b in p.blocks if isinstance(b, Quote)]
    said = [line for line in lines if re.search(r"\b(said|told reporters)\b[^:]*:$", line)]
    assert len(quotes) >= len(said) >= 2
    assert all(q.attribution for q in quotes)


def test_the_strip_is_reported_where_it_has_no_place(imported):
    report, record, _ = imported
    reasons = {u.reason for u in report.unplaced}
    assert reasons == {"a cover caption with no picture", "a featured link with no address"}
    assert record.blog.stamp_format == "UPDATE {HH}{mm} GMT"
    assert record.blog.status == "ended"
