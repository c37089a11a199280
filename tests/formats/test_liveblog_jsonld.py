"""Pages carrying schema.org LiveBlogPosting JSON-LD, as large publishers emit them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import extruct
import pytest

from dateline.domain.blocks import Heading, Text
from dateline.domain.errors import Invalid
from dateline.store import migrate
from dateline.store.database import Database
from tests.formats.importing import FIXTURES, record_of, run_import, updates_of
from tests.store.desk import whole_record

PAGE = (FIXTURES / "liveblog_offsets.html").read_text(encoding="utf-8")


@pytest.fixture
def database(tmp_path):
    handle = Database(f"sqlite:///{tmp_path / 'import.db'}")
    migrate.upgrade(handle)
    yield handle
    handle.close()


def page_with(data: object) -> bytes:
    # As pages do: `</` escaped, so the script's text cannot end the script element.
    script = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<!doctype html><html><head><script type="application/ld+json">{script}</script>'
        "</head><body></body></html>"
    ).encode()


def live_blog(*updates: dict[str, object]) -> dict[str, object]:
    return {
        "@context": "https://schema.org", "@type": "LiveBlogPosting",
        "headline": "Night of the count", "liveBlogUpdate": list(updates),
    }  # fmt: skip


def test_every_update_arrives_at_its_exact_utc_time_whatever_its_offset(database):
    report = run_import(database, PAGE.encode())
    assert report.format == "json-ld" and report.updates == 3
    record = record_of(database)
    # What a real consumer of the page (extruct) reads, the import must agree with.
    [node] = extruct.extract(PAGE, syntaxes=["json-ld"], uniform=True)["json-ld"]
    expected = sorted(
        (datetime.fromisoformat(u["datePublished"]).astimezone(UTC), u["headline"])
        for u in node["liveBlogUpdate"]
    )
    got = sorted(
        (p.published_at, next(b.text for b in p.blocks if isinstance(b, Heading)))
        for p in updates_of(record)
    )
    assert got == expected
    assert [t for t, _ in got] == [
        datetime(2024, 5, 1, 18, 5, tzinfo=UTC),  # 14:05 at -04:00
        datetime(2024, 5, 1, 18, 15, tzinfo=UTC),  # 20:15 at +02:00
        datetime(2024, 5, 1, 19, 10, tzinfo=UTC),  # 00:40 the next day at +05:30
    ]
    blog = record.blog
    assert blog.title == node["headline"] and blog.summary == node["description"]
    assert blog.coverage_start == datetime(2024, 5, 1, 0, 30, tzinfo=UTC)
    assert blog.coverage_end == datetime(2024, 5, 1, 19, 40, tzinfo=UTC)
    assert blog.status == "ended"


def test_bodies_are_sanitised_and_languages_kept(database):
    run_import(database, PAGE.encode())
    by_headline = {
        next(b.text for b in p.blocks if isinstance(b, Heading)): p
        for p in updates_of(record_of(database))
    }
    [bridge] = [b for b in by_headline["Bridge closed"].blocks if isinstance(b, Text)]
    assert "<strong>closed</strong>" in bridge.html and "script" not in bridge.html
    arabic = by_headline["تحذير من ارتفاع المياه"]
    assert all(b.lang == "ar" and b.direction == "rtl" for b in arabic.blocks)
    [french] = [b for b in by_headline["Évacuation du quartier bas"].blocks if isinstance(b, Text)]
    assert french.lang == "fr"
    assert french.html == (
        "<p>Les habitants du quartier bas sont évacués.</p>"
        "<p>Les écoles restent fermées demain.</p>"
    )


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (
            b'<html><head><script type="application/ld+json">\n{"@type": "LiveBlogPosting",\n'
            b'"headline": }</script></head><body><p>x</p></body></html>',
            "line 3: the JSON-LD is not JSON",
        ),
        (
            page_with(live_blog({"headline": "No time", "articleBody": "Words."})),
            "liveBlogUpdate[0].datePublished: is missing",
        ),
        (
            page_with(live_blog({"datePublished": "2024-05-01T20:15:00", "articleBody": "x"})),
            "liveBlogUpdate[0].datePublished: needs a zone",
        ),
        (
            page_with(
                live_blog(
                    {"datePublished": "2024-05-01T20:15:00Z", "articleBody": "fine"},
                    {"datePublished": "2024-05-01T20:16:00Z", "articleBody": "<script>x</script>"},
                )
            ),
            "liveBlogUpdate[1]: blocks[0].html is empty once unsafe markup is removed",
        ),
        (page_with({"@type": "LiveBlogPosting", "liveBlogUpdate": []}), "headline: is missing"),
    ],
    ids=["not-json", "no-time", "no-zone", "only-script", "no-headline"],
)
def test_a_malformed_page_names_the_element_and_imports_nothing(database, content, where):
    before = whole_record(database)
    with pytest.raises(Invalid) as error:
        run_import(database, content, format="json-ld")
    assert where in str(error.value)
    assert whole_record(database) == before
