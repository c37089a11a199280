"""Blog settings: what an editor may set, and how a blog changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dateline.domain.blog import (
    RESERVED_SLUGS,
    Blog,
    CoverImage,
    FeaturedLink,
    apply_blog_fields,
    check_blog_fields,
)
from dateline.domain.errors import Invalid

NOW = datetime(2016, 12, 12, 21, 45, tzinfo=UTC)
START = datetime(2016, 12, 12, 6, 0, tzinfo=UTC)


def problems(error: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.value.errors]


def fields_named(error: pytest.ExceptionInfo[Invalid]) -> list[str]:
    return [e.field for e in error.value.errors]


def edit(raw: dict[str, Any]) -> dict[str, Any]:
    return check_blog_fields(raw, creating=False)


def refused(raw: dict[str, Any], *, creating: bool = False) -> list[tuple[str, str]]:
    with pytest.raises(Invalid) as error:
        check_blog_fields(raw, creating=creating)
    return problems(error)


LIVE = Blog(id=7, slug="aleppo-live", title="Aleppo live", status="live", coverage_start=START)


# -- create --------------------------------------------------------------------------


def test_create_returns_the_cleaned_slug_and_title() -> None:
    raw = {"slug": "aleppo-live", "title": "  Aleppo: the evacuation  "}
    assert check_blog_fields(raw, creating=True) == {
        "slug": "aleppo-live",
        "title": "Aleppo: the evacuation",
    }


def test_create_needs_slug_and_title() -> None:
    assert refused({}, creating=True) == [
        ("slug", "is required: lowercase letters, digits and hyphens"),
        ("title", "is required"),
    ]


def test_edit_needs_neither_slug_nor_title() -> None:
    assert edit({}) == {}
    assert edit({"slug": None, "title": None}) == {}


# -- slug ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["a", "7", "aleppo-live", "2016-12-12-syria", "a" * 80])
def test_good_slug_is_accepted(slug: str) -> None:
    assert edit({"slug": slug}) == {"slug": slug}


@pytest.mark.parametrize(
    "slug",
    ["Aleppo", "aleppo_live", "aleppo live", "-aleppo", "aleppo-", "a" * 81, "alep/po", "é"],
)
def test_slug_outside_lowercase_letters_digits_and_hyphens_is_refused(slug: str) -> None:
    assert refused({"slug": slug}) == [
        (
            "slug",
            f"{slug!r} must be 1\u201380 lowercase letters, digits and hyphens, "
            "starting and ending with a letter or digit",
        )
    ]


@pytest.mark.parametrize("slug", ["", 12])
def test_empty_or_non_text_slug_is_required(slug: object) -> None:
    assert refused({"slug": slug}) == [
        ("slug", "is required: lowercase letters, digits and hyphens")
    ]


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_slug_the_application_uses_is_reserved(slug: str) -> None:
    assert refused({"slug": slug, "title": "T"}, creating=True) == [
        ("slug", f"{slug!r} is reserved for the application; choose another")
    ]


def test_reserved_slugs_include_the_applications_own_paths() -> None:
    assert {"api", "static", "desk", "admin", "login"} <= RESERVED_SLUGS


# -- title and summary ------------------------------------------------------------------


@pytest.mark.parametrize("title", ["", "   "])
def test_title_is_required_when_given(title: object) -> None:
    assert refused({"title": title}) == [("title", "is required")]


def test_title_over_200_characters_is_refused() -> None:
    assert edit({"title": "t" * 200}) == {"title": "t" * 200}
    assert refused({"title": "t" * 201}) == [("title", "is 201 characters; the limit is 200")]


def test_summary_is_stripped_and_limited() -> None:
    assert edit({"summary": "  The day the buses left.  "}) == {
        "summary": "The day the buses left."
    }
    assert refused({"summary": "s" * 2001}) == [
        ("summary", "is 2,001 characters; the limit is 2,000")
    ]


# -- language and direction ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"language": "ar"}, {"language": "ar", "direction": "rtl"}),
        ({"language": "fa-IR"}, {"language": "fa-IR", "direction": "rtl"}),
        ({"language": "en-GB"}, {"language": "en-GB", "direction": "ltr"}),
        ({"language": "ar", "direction": "ltr"}, {"language": "ar", "direction": "ltr"}),
        ({"direction": "rtl"}, {"direction": "rtl"}),
    ],
)
def test_language_sets_direction_unless_direction_is_given(
    raw: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert edit(raw) == expected


def test_language_that_is_not_a_tag_is_refused() -> None:
    assert refused({"language": "Arabic"}) == [
        ("language", "'Arabic' is not a language tag such as 'en' or 'ar'")
    ]


def test_direction_must_be_ltr_or_rtl() -> None:
    assert refused({"direction": "ttb"}) == [("direction", "must be one of: ltr, rtl")]


# -- clock: zone and stamp format --------------------------------------------------------


@pytest.mark.parametrize("name", ["Europe/London", "Asia/Damascus", "UTC", "America/New_York"])
def test_iana_time_zone_is_accepted(name: str) -> None:
    assert edit({"time_zone": name}) == {"time_zone": name}


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "GMT+25", "", "../../etc/passwd"])
def test_unknown_time_zone_is_refused(name: str) -> None:
    assert refused({"time_zone": name}) == [
        ("time_zone", f"{name!r} is not a time zone; use an IANA name such as Europe/London")
    ]


def test_stamp_format_preset_is_stored_as_its_pattern() -> None:
    assert edit({"stamp_format": "wire"}) == {"stamp_format": "UPDATE {HH}{mm} {tz}"}


def test_stamp_format_with_a_bad_token_is_refused() -> None:
    [(field, message)] = refused({"stamp_format": "{HH}:{minutes}"})
    assert field == "stamp_format"
    assert message.startswith("unknown token {minutes}; the tokens are: {HH} {H}")


# -- choices -----------------------------------------------------------------------


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_order_is_newest_or_oldest(order: str) -> None:
    assert edit({"order": order}) == {"order": order}


def test_other_order_is_refused_with_the_choices_explained() -> None:
    assert refused({"order": "random"}) == [
        ("order", "must be newest (newest first) or oldest (oldest first)")
    ]


@pytest.mark.parametrize("status", ["draft", "live", "ended"])
def test_status_is_draft_live_or_ended(status: str) -> None:
    assert edit({"status": status}) == {"status": status}


def test_other_status_is_refused() -> None:
    assert refused({"status": "paused"}) == [("status", "must be one of: draft, live, ended")]


# -- coverage times -------------------------------------------------------------------


def test_coverage_times_are_parsed_into_utc() -> None:
    raw = {"coverage_start": "2016-12-12T08:00:00+02:00", "coverage_end": "2016-12-12T23:00Z"}
    assert edit(raw) == {
        "coverage_start": datetime(2016, 12, 12, 6, 0, tzinfo=UTC),
        "coverage_end": datetime(2016, 12, 12, 23, 0, tzinfo=UTC),
    }


def test_coverage_end_before_start_is_refused() -> None:
    raw = {"coverage_start": "2016-12-12T08:00:00Z", "coverage_end": "2016-12-12T07:59:00Z"}
    assert refused(raw) == [("coverage_end", "is before coverage_start")]


def test_coverage_time_without_a_zone_is_refused() -> None:
    assert refused({"coverage_start": "2016-12-12T08:00:00"}) == [
        ("coverage_start", "needs a zone: end it with Z for UTC or an offset like +01:00")
    ]


# -- cover image ------------------------------------------------------------------------


def test_cover_is_cleaned_into_a_cover_image() -> None:
    raw = {
        "cover": {
            "url": "https://img.example/cover.jpg",
            "alt": " Fighters in a ruined street ",
            "caption": " The old city ",
            "credit": " Photo: Agency ",
        }
    }
    assert edit(raw) == {
        "cover": CoverImage(
            url="https://img.example/cover.jpg",
            alt="Fighters in a ruined street",
            caption="The old city",
            credit="Photo: Agency",
        )
    }


def test_cover_may_be_a_site_path() -> None:
    assert edit({"cover": {"url": "/media/cover.jpg", "alt": "A map"}}) == {
        "cover": CoverImage(url="/media/cover.jpg", alt="A map")
    }


def test_cover_null_removes_the_cover() -> None:
    assert edit({"cover": None}) == {"cover": None}


@pytest.mark.parametrize("alt", [None, "", "  "])
def test_cover_needs_alt_text(alt: str | None) -> None:
    assert refused({"cover": {"url": "https://img.example/cover.jpg", "alt": alt}}) == [
        ("cover.alt", "is required: describe the picture for readers who cannot see it")
    ]


@pytest.mark.parametrize("url", [None, ""])
def test_cover_needs_a_url(url: str | None) -> None:
    assert refused({"cover": {"url": url, "alt": "A map"}}) == [("cover.url", "is required")]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:image/png;base64,AA", "//evil.example/x", "/\\evil.example/x"],
)
def test_cover_needs_an_http_url_or_site_path(url: str) -> None:
    assert refused({"cover": {"url": url, "alt": "A map"}}) == [
        ("cover.url", f"{url!r} is not an http(s) URL or a path on this site")
    ]


def test_cover_that_is_not_an_object_is_refused() -> None:
    assert refused({"cover": "https://img.example/cover.jpg"}) == [
        ("cover", "must be an object {url, alt, caption, credit} or null")
    ]


# -- featured links ----------------------------------------------------------------------


def test_featured_links_are_cleaned() -> None:
    raw = {
        "featured_links": [
            {"label": " MONDAY FEATURE ", "title": " Inside the siege ", "url": "https://n.ex/a"},
            {"title": "Timeline", "url": "/aleppo-live/updates/1"},
        ]
    }
    assert edit(raw) == {
        "featured_links": (
            FeaturedLink(label="MONDAY FEATURE", title="Inside the siege", url="https://n.ex/a"),
            FeaturedLink(label="", title="Timeline", url="/aleppo-live/updates/1"),
        )
    }


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ({"title": "x", "url": "https://n.ex"}, "must be a list of {label, title, url}"),
        ("https://n.ex", "must be a list of {label, title, url}"),
        ([{"title": "t", "url": "/a"}] * 7, "has 7 entries; the limit is 6"),
    ],
    ids=["object", "string", "seven"],
)
def test_featured_links_must_be_a_list_of_at_most_six(links: object, message: str) -> None:
    assert refused({"featured_links": links}) == [("featured_links", message)]


def test_each_bad_featured_link_is_named_by_index() -> None:
    raw = {
        "featured_links": [
            {"title": "Fine", "url": "https://n.ex/a"},
            "not an object",
            {"label": "LATEST", "url": "https://n.ex/b"},
            {"title": "Bad", "url": "javascript:alert(1)"},
        ]
    }
    assert refused(raw) == [
        ("featured_links[1]", "must be an object {label, title, url}"),
        ("featured_links[2].title", "is required"),
        (
            "featured_links[3].url",
            "'javascript:alert(1)' is not an http(s) URL or a path on this site",
        ),
    ]


# -- every problem at once ---------------------------------------------------------------


def test_several_errors_are_reported_together() -> None:
    raw = {
        "slug": "desk",
        "title": "",
        "language": "??",
        "time_zone": "Nowhere/Land",
        "stamp_format": "no tokens",
        "order": "sideways",
        "status": "paused",
        "cover": {"url": "https://img.example/c.jpg"},
    }
    with pytest.raises(Invalid) as error:
        check_blog_fields(raw, creating=True)
    assert fields_named(error) == [
        "slug",
        "title",
        "language",
        "time_zone",
        "stamp_format",
        "order",
        "status",
        "cover.alt",
    ]


# -- apply_blog_fields -------------------------------------------------------------------


def test_apply_sets_the_fields_and_bumps_version_and_updated_at() -> None:
    after = apply_blog_fields(LIVE, {"title": "Aleppo: day two", "order": "oldest"}, NOW)
    assert after == Blog(
        id=7,
        slug="aleppo-live",
        title="Aleppo: day two",
        order="oldest",
        status="live",
        coverage_start=START,
        version=2,
        updated_at=NOW,
    )


def test_ending_a_blog_sets_coverage_end_to_now() -> None:
    after = apply_blog_fields(LIVE, {"status": "ended"}, NOW)
    assert (after.status, after.coverage_end, after.version) == ("ended", NOW, 2)


def test_ending_a_blog_keeps_a_coverage_end_given_with_it() -> None:
    given = NOW - timedelta(hours=1)
    after = apply_blog_fields(LIVE, {"status": "ended", "coverage_end": given}, NOW)
    assert after.coverage_end == given


def test_editing_an_ended_blog_leaves_its_coverage_end_alone() -> None:
    ended = apply_blog_fields(LIVE, {"status": "ended"}, NOW)
    later = NOW + timedelta(days=1)
    after = apply_blog_fields(ended, {"title": "Aleppo: the evacuation"}, later)
    assert (after.coverage_end, after.version, after.updated_at) == (NOW, 3, later)


def test_ending_a_reopened_blog_again_moves_coverage_end_to_the_new_end() -> None:
    first_end = NOW
    second_end = NOW + timedelta(hours=3)
    ended = apply_blog_fields(LIVE, {"status": "ended"}, first_end)
    reopened = apply_blog_fields(ended, {"status": "live"}, first_end + timedelta(hours=1))
    ended_again = apply_blog_fields(reopened, {"status": "ended"}, second_end)
    assert ended_again.coverage_end == second_end


def test_going_live_sets_coverage_start_when_it_has_none() -> None:
    draft = Blog(id=7, slug="aleppo-live", title="Aleppo live", status="draft")
    after = apply_blog_fields(draft, {"status": "live"}, NOW)
    assert (after.status, after.coverage_start) == ("live", NOW)


def test_going_live_keeps_an_existing_coverage_start() -> None:
    ended = Blog(id=7, slug="a", title="A", status="ended", coverage_start=START)
    assert apply_blog_fields(ended, {"status": "live"}, NOW).coverage_start == START


def test_editing_coverage_end_to_before_the_stored_start_is_refused() -> None:
    fields = check_blog_fields({"coverage_end": "2016-12-12T05:00:00Z"}, creating=False)
    with pytest.raises(Invalid):
        apply_blog_fields(LIVE, fields, NOW)
