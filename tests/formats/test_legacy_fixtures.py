"""Legacy live blogs of our own writing: several languages, midnight, offsets, saved HTML."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dateline.domain.blocks import Heading, Quote
from dateline.domain.errors import Invalid
from dateline.domain.tweet_text import time_from_status_id
from dateline.store import migrate
from dateline.store.database import Database
from tests.formats.importing import (
    FIXTURES,
    intro_of,
    record_of,
    run_import,
    socials,
    updates_of,
    words_of,
)
from tests.store.desk import whole_record


@pytest.fixture
def database(tmp_path):
    handle = Database(f"sqlite:///{tmp_path / 'import.db'}")
    migrate.upgrade(handle)
    yield handle
    handle.close()


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize("day", [date(2024, 3, 4), None], ids=["given", "from-embedded-posts"])
def test_updates_after_midnight_belong_to_the_next_day_and_earlier_ones_to_the_day_before(
    database, day
):
    run_import(database, (FIXTURES / "legacy_midnight.txt").read_bytes(), day=day)
    record = record_of(database)
    times = [p.published_at for p in updates_of(record)]
    assert times == [
        at(2024, 3, 4, 0, 40), at(2024, 3, 4, 0, 5), at(2024, 3, 3, 23, 50),
        at(2024, 3, 3, 23, 10), at(2024, 3, 3, 22, 0),
    ]  # fmt: skip
    assert record.blog.coverage_end == at(2024, 3, 4, 0, 40)


def test_every_script_survives_with_its_direction(database):
    run_import(database, (FIXTURES / "legacy_midnight.txt").read_bytes(), day=date(2024, 3, 4))
    record = record_of(database)
    by_time = {p.published_at: p for p in updates_of(record)}
    french = by_time[at(2024, 3, 3, 23, 50)]
    assert "Le maire sortant a reconnu sa défaite" in words_of(french)
    assert "La salle s'est vidée en quelques minutes." in words_of(french)
    ukrainian = by_time[at(2024, 3, 3, 22, 0)]
    assert words_of(ukrainian) == "Виборчі дільниці на півночі острова закриваються із запізненням."
    count = by_time[at(2024, 3, 3, 23, 10)]
    polish, hebrew = socials(count)
    assert (polish.author_name, polish.handle, polish.posted_at) == (
        "Marta Kowalczyk", "@marta_k_news", date(2024, 3, 3),
    )  # fmt: skip
    assert hebrew.text == "הקלפיות הגיעו לנמל, הספירה מתחילה בעוד שעה"
    assert hebrew.direction == "rtl" and hebrew.handle == "@noalevi_news"
    [quote] = [b for b in count.blocks if isinstance(b, Quote)]
    assert quote.attribution == "The returning officer"
    assert quote.text == (
        "Every box is sealed and every seal is checked twice.\n\n"
        "Nobody leaves the hall until the count is done."
    )


def test_the_intro_keeps_its_section_headings_and_claim_lines(database):
    run_import(database, (FIXTURES / "legacy_midnight.txt").read_bytes(), day=date(2024, 3, 4))
    intro = intro_of(record_of(database))
    assert intro is not None
    headings = [b.text for b in intro.blocks if isinstance(b, Heading)]
    assert headings == ["How The Count Works", "Claim: Ballot Boxes Lost at Sea"]
    assert words_of(intro).startswith("Voters on the islands choose a new council today.")


def test_times_in_a_named_offset_or_the_given_zone_are_kept_exact_in_utc(database):
    content = (FIXTURES / "legacy_offsets.txt").read_bytes()
    run_import(database, content, day=date(2024, 1, 15), tz="Europe/Kyiv")
    record = record_of(database)
    times = sorted(p.published_at for p in updates_of(record))  # type: ignore[type-var]
    # 0815 and 09:30 in Kyiv (UTC+2 in January); 1245 at GMT+5.
    assert times == [at(2024, 1, 15, 6, 15), at(2024, 1, 15, 7, 30), at(2024, 1, 15, 7, 45)]
    assert record.blog.time_zone == "Europe/Kyiv"


def test_a_saved_html_page_gives_its_cover_featured_link_and_exact_tweet_times(database):
    report = run_import(database, (FIXTURES / "legacy_page.html").read_bytes())
    assert report.format == "legacy-html" and report.unplaced == []
    record = record_of(database)
    blog = record.blog
    assert blog.cover is not None and blog.cover.url == "https://images.example.org/harbour.jpg"
    assert blog.cover.caption == "Boats waiting in the harbour on Sunday"
    assert blog.cover.alt == "Boats in the harbour at dusk"
    [link] = blog.featured_links
    assert (link.title, link.url) == (
        "How The Ferries Kept Running",
        "https://news.example.org/features/ferries",
    )
    newest, older = updates_of(record)
    # No --date: the day is read from the tweet, whose status id gives its exact time.
    assert (newest.published_at, older.published_at) == (
        at(2024, 3, 4, 21, 30),
        at(2024, 3, 4, 20, 40),
    )
    [tweet] = socials(newest)
    assert tweet.posted_at == time_from_status_id("1764757862930350080")
    assert tweet.url == "https://x.com/lucia_ortega/status/1764757862930350080"
    assert tweet.text == "El último ferry sale del puerto con cuarenta pasajeros."
    assert "widgets.js" not in words_of(newest)
    intro = intro_of(record)
    assert intro is not None and "ferry link for a second day" in words_of(intro)


def test_a_dry_run_reports_what_it_would_create_and_keeps_nothing(database):
    before = whole_record(database)
    report = run_import(
        database, (FIXTURES / "legacy_midnight.txt").read_bytes(), day=date(2024, 3, 4),
        dry_run=True,
    )  # fmt: skip
    assert report.dry_run and report.created_blog and report.updates == 5
    assert [p["kind"] for p in report.posts].count("intro") == 1
    assert whole_record(database) == before


def test_a_blog_that_exists_is_added_to_only_when_asked(database):
    content = (FIXTURES / "legacy_offsets.txt").read_bytes()
    run_import(database, content, day=date(2024, 1, 15))
    with pytest.raises(Invalid, match="into-existing"):
        run_import(database, content, day=date(2024, 1, 16))
    report = run_import(database, content, day=date(2024, 1, 16), into_existing=True)
    assert not report.created_blog and report.updates == 3
    assert len(updates_of(record_of(database))) == 6


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"Nothing here looks like a live blog.\n", "file: Dateline does not recognise it"),
        (b"UPDATE 2145 GMT: words\n\xff\xfe broken\n", "line 2: is not UTF-8"),
        (b"UPDATE 2145 GMT: a time with no day\n", "give the day of the first update"),
        (b"UPDATE 2145 GMT: fine\nUPDATE 2100 GMT:\n", "line 2: this update has no words"),
        (
            b"UPDATE 2145 GMT: one\nORIGINAL ENTRY: a\nORIGINAL ENTRY: b\n",
            "line 3: a second `ORIGINAL ENTRY:`",
        ),
        (
            b"UPDATE 2145 GMT: bad \x01 control\n",
            "line 1: blocks[0].html contains a character that cannot be shown",
        ),
    ],
    ids=["unknown", "not-utf8", "no-day", "empty-update", "two-intros", "control-character"],
)
def test_a_malformed_file_names_the_line_and_imports_nothing(database, content, where):
    before = whole_record(database)
    with pytest.raises(Invalid) as error:
        run_import(database, content, day=None if b"no day" in content else date(2024, 1, 1))
    assert where in str(error.value)
    assert whole_record(database) == before


def test_the_blog_takes_the_language_of_its_own_words(database):
    text = (
        "UPDATE 2100 GMT: وصلت القافلة إلى المعبر الحدودي مساء اليوم.\n"
        "UPDATE 2030 GMT: السلطات تقول إن الطريق مفتوح الآن أمام الشاحنات.\n"
    )
    run_import(database, text.encode(), day=date(2024, 2, 1))
    blog = record_of(database).blog
    assert (blog.language, blog.direction) == ("ar", "rtl")
    post = updates_of(record_of(database))[0]
    assert post.blocks[0].direction == "rtl"
