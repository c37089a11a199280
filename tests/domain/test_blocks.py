"""Blocks: parsing the JSON form, checking every field, and round-tripping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from dateline.domain.blocks import (
    Heading,
    Image,
    LinkCard,
    Media,
    Quote,
    SocialPost,
    Text,
    Video,
    block_to_dict,
    parse_block,
    parse_blocks,
)
from dateline.domain.documents import restore_block
from dateline.domain.errors import Invalid


def problems(error: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.value.errors]


def fields_named(error: pytest.ExceptionInfo[Invalid]) -> list[str]:
    return [e.field for e in error.value.errors]


# One clean JSON block of each type, and the block it must parse into.
TEXT = {
    "type": "text",
    "html": "<p>Convoys reached the <strong>eastern</strong> district at dawn, says "
    '<a href="https://news.example/report" rel="noopener noreferrer">the report</a>.</p>',
}
HEADING = {"type": "heading", "text": "What we know so far", "level": 3}
QUOTE = {
    "type": "quote",
    "text": "We will keep the corridor open through the night.",
    "attribution": "A ministry spokesperson",
    "source_url": "https://gov.example/statement",
}
SOCIAL = {
    "type": "social",
    "url": "https://social.example/fieldreporter/status/1",
    "author_name": "Field Reporter",
    "handle": "@fieldreporter",
    "text": "الحافلات تصطف عند المعبر",
    "posted_at": "2016-12-12T21:40:00Z",
    "network": "twitter",
    "media": [
        {"url": "https://img.example/buses.jpg", "alt": "Green buses in a row", "kind": "image"},
        {"url": "/media/crossing.mp4", "kind": "video"},
    ],
    "lang": "ar",
}
IMAGE = {
    "type": "image",
    "url": "https://img.example/square.jpg",
    "alt": "A crowd in a square at dusk",
    "caption": "People gather in the main square",
    "credit": "Photo: Desk Photographer",
    "width": 1200,
    "height": 800,
}
VIDEO = {
    "type": "video",
    "url": "https://video.example/clip.mp4",
    "caption": "The crossing at first light",
    "credit": "Video: Stringer",
    "poster_url": "/media/poster.jpg",
    "lang": "en-GB",
    "dir": "ltr",
}
LINK = {
    "type": "link",
    "url": "https://news.example/analysis",
    "title": "Analysis: what the ceasefire means",
    "description": "Five questions answered.",
    "site_name": "News Example",
    "image_url": "https://img.example/card.jpg",
}

PARSED = [
    (TEXT, Text(html=TEXT["html"])),
    (HEADING, Heading(text="What we know so far", level=3)),
    (
        QUOTE,
        Quote(
            text="We will keep the corridor open through the night.",
            attribution="A ministry spokesperson",
            source_url="https://gov.example/statement",
        ),
    ),
    (
        SOCIAL,
        SocialPost(
            url="https://social.example/fieldreporter/status/1",
            author_name="Field Reporter",
            handle="@fieldreporter",
            text="الحافلات تصطف عند المعبر",
            posted_at=datetime(2016, 12, 12, 21, 40, tzinfo=UTC),
            network="twitter",
            media=(
                Media(url="https://img.example/buses.jpg", alt="Green buses in a row"),
                Media(url="/media/crossing.mp4", alt="", kind="video"),
            ),
            lang="ar",
        ),
    ),
    (
        IMAGE,
        Image(
            url="https://img.example/square.jpg",
            alt="A crowd in a square at dusk",
            caption="People gather in the main square",
            credit="Photo: Desk Photographer",
            width=1200,
            height=800,
        ),
    ),
    (
        VIDEO,
        Video(
            url="https://video.example/clip.mp4",
            caption="The crossing at first light",
            credit="Video: Stringer",
            poster_url="/media/poster.jpg",
            lang="en-GB",
            dir="ltr",
        ),
    ),
    (
        LINK,
        LinkCard(
            url="https://news.example/analysis",
            title="Analysis: what the ceasefire means",
            description="Five questions answered.",
            site_name="News Example",
            image_url="https://img.example/card.jpg",
        ),
    ),
]
BLOCK_IDS = [raw["type"] for raw, _ in PARSED]


def without(raw: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k != name}


# -- each type parses and round-trips ------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), PARSED, ids=BLOCK_IDS)
def test_each_block_type_parses_from_its_json_form(raw: dict[str, Any], expected: object) -> None:
    assert parse_block(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), PARSED, ids=BLOCK_IDS)
def test_block_to_dict_gives_back_the_clean_json_form(
    raw: dict[str, Any], expected: object
) -> None:
    assert block_to_dict(parse_block(raw)) == raw


@pytest.mark.parametrize(("raw", "expected"), PARSED, ids=BLOCK_IDS)
def test_parse_block_of_block_to_dict_is_the_same_block(
    raw: dict[str, Any], expected: object
) -> None:
    block = parse_block(raw)
    assert parse_block(block_to_dict(block)) == block


@pytest.mark.parametrize(("raw", "expected"), PARSED, ids=BLOCK_IDS)
def test_restore_block_rebuilds_the_stored_json_form(raw: dict[str, Any], expected: object) -> None:
    block = parse_block(raw)
    assert restore_block(block_to_dict(block)) == block


def test_block_to_dict_leaves_out_empty_optional_fields() -> None:
    assert block_to_dict(Quote(text="Enough.")) == {"type": "quote", "text": "Enough."}


def test_social_post_time_is_stored_in_utc_with_z() -> None:
    block = parse_block({**SOCIAL, "posted_at": "2016-12-12T23:40:00+02:00"})
    assert isinstance(block, SocialPost)
    assert block.posted_at == datetime(2016, 12, 12, 21, 40, tzinfo=UTC)
    assert block_to_dict(block)["posted_at"] == "2016-12-12T21:40:00Z"


def test_heading_level_defaults_to_two() -> None:
    assert parse_block({"type": "heading", "text": "Background"}) == Heading(
        text="Background", level=2
    )


def test_social_network_defaults_to_social_and_media_to_none() -> None:
    block = parse_block(without(without(SOCIAL, "network"), "media"))
    assert isinstance(block, SocialPost)
    assert (block.network, block.media) == ("social", ())


def test_text_fields_are_stripped_of_surrounding_space() -> None:
    assert parse_block({"type": "heading", "text": "  Background \n"}) == Heading(text="Background")


# -- missing and invalid fields ---------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (TEXT, "html"),
        (HEADING, "text"),
        (QUOTE, "text"),
        (SOCIAL, "url"),
        (IMAGE, "url"),
        (VIDEO, "url"),
        (LINK, "url"),
    ],
)
def test_missing_required_field_is_named_relative_to_the_block(
    raw: dict[str, Any], field: str
) -> None:
    with pytest.raises(Invalid) as error:
        parse_block(without(raw, field))
    assert problems(error) == [(field, "is required")]


@pytest.mark.parametrize("alt", [None, "", "   "], ids=["missing", "empty", "blank"])
def test_image_without_alt_is_refused_with_advice_on_what_to_write(alt: str | None) -> None:
    raw = without(IMAGE, "alt") if alt is None else {**IMAGE, "alt": alt}
    with pytest.raises(Invalid) as error:
        parse_block(raw)
    assert problems(error) == [("alt", "describe the image for readers who cannot see it")]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({**HEADING, "text": 42}, ("text", "must be a string")),
        ({**HEADING, "level": "two"}, ("level", "must be a whole number")),
        ({**HEADING, "level": True}, ("level", "must be a whole number")),
        ({**HEADING, "level": 1}, ("level", "must be between 2 and 4")),
        ({**HEADING, "level": 5}, ("level", "must be between 2 and 4")),
        ({**HEADING, "text": "x" * 501}, ("text", "is 501 characters; the limit is 500")),
        ({**TEXT, "html": "x" * 20_001}, ("html", "is 20,001 characters; the limit is 20,000")),
        ({**IMAGE, "width": 0}, ("width", "must be between 1 and 20000")),
        ({**IMAGE, "height": 20_001}, ("height", "must be between 1 and 20000")),
        ({**IMAGE, "width": 12.5}, ("width", "must be a whole number")),
        ({**SOCIAL, "media": {"url": "x"}}, ("media", "must be a list of {url, alt}")),
        (
            {**SOCIAL, "media": [{"url": "javascript:alert(1)"}]},
            ("media[0].url", "'javascript:alert(1)' is not an http(s) URL or a path on this site"),
        ),
        (
            {**SOCIAL, "posted_at": "yesterday"},
            ("posted_at", "'yesterday' is not an ISO 8601 time such as 2016-12-12T21:45:00Z"),
        ),
        (
            {**SOCIAL, "posted_at": "2016-12-12T21:40:00"},
            ("posted_at", "needs a zone: end it with Z for UTC or an offset like +01:00"),
        ),
        ({**TEXT, "dir": "up"}, ("dir", "must be one of: ltr, rtl")),
    ],
    ids=[
        "text-not-string",
        "level-not-number",
        "level-bool",
        "level-1",
        "level-5",
        "heading-too-long",
        "html-too-long",
        "width-0",
        "height-too-big",
        "width-float",
        "media-not-list",
        "media-javascript-url",
        "posted-at-words",
        "posted-at-no-zone",
        "dir-other",
    ],
)
def test_invalid_field_is_named_with_a_message_a_person_can_act_on(
    raw: dict[str, Any], problem: tuple[str, str]
) -> None:
    with pytest.raises(Invalid) as error:
        parse_block(raw)
    assert problems(error) == [problem]


def test_every_bad_field_of_one_block_is_reported_at_once() -> None:
    with pytest.raises(Invalid) as error:
        parse_block({"type": "social", "url": "ftp://x", "posted_at": "soon", "lang": "?"})
    assert fields_named(error) == ["lang", "url", "posted_at"]


def test_a_social_post_given_only_its_url_waits_for_its_snapshot() -> None:
    block = parse_block({"type": "social", "url": "https://mobile.twitter.com/desk/status/42?s=20"})
    assert block == SocialPost(url="https://x.com/desk/status/42", network="x")


def test_unknown_block_type_lists_the_known_types() -> None:
    with pytest.raises(Invalid) as error:
        parse_block({"type": "poll", "question": "Who?"})
    assert problems(error) == [
        (
            "type",
            "unknown block type 'poll'; "
            "use one of: heading, image, link, quote, social, text, video",
        )
    ]


def test_block_without_type_is_an_unknown_type() -> None:
    with pytest.raises(Invalid) as error:
        parse_block({"html": "<p>Hi</p>"})
    assert fields_named(error) == ["type"]
    assert str(error.value).startswith("type: unknown block type None; use one of: heading,")


@pytest.mark.parametrize("raw", ["text", ["text"], None, 3])
def test_block_that_is_not_an_object_is_refused(raw: object) -> None:
    with pytest.raises(Invalid) as error:
        parse_block(raw)
    assert problems(error) == [("type", "each block must be an object with a `type`")]


# -- parse_blocks: a list, with indexed field names ----------------------------------


def test_parse_blocks_returns_the_blocks_in_order() -> None:
    assert parse_blocks([HEADING, TEXT, LINK]) == (
        Heading(text="What we know so far", level=3),
        Text(html=TEXT["html"]),
        parse_block(LINK),
    )


def test_parse_blocks_prefixes_fields_with_the_block_index_and_reports_every_one() -> None:
    raw = [
        TEXT,
        without(IMAGE, "alt"),
        {"type": "link", "url": "javascript:alert(1)"},
        {"type": "heading"},
        "not a block",
    ]
    with pytest.raises(Invalid) as error:
        parse_blocks(raw)
    assert problems(error) == [
        ("blocks[1].alt", "describe the image for readers who cannot see it"),
        ("blocks[2].url", "'javascript:alert(1)' is not an http(s) URL"),
        ("blocks[3].text", "is required"),
        ("blocks[4].type", "each block must be an object with a `type`"),
    ]


def test_parse_blocks_uses_the_field_name_it_is_given() -> None:
    with pytest.raises(Invalid) as error:
        parse_blocks([TEXT, without(VIDEO, "url")], field_name="intro")
    assert fields_named(error) == ["intro[1].url"]


@pytest.mark.parametrize("raw", ["<p>Hi</p>", b"blocks", {"type": "text"}, None, 7])
def test_parse_blocks_needs_a_list(raw: object) -> None:
    with pytest.raises(Invalid) as error:
        parse_blocks(raw)
    assert problems(error) == [("blocks", "must be a list of blocks")]


def test_parse_blocks_of_an_empty_list_is_empty() -> None:
    assert parse_blocks([]) == ()


# -- URLs ---------------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "ftp://files.example/a.jpg",
    "//evil.example/a.jpg",
    "/\\evil.example/a.jpg",
    "https://user@evil.example/a.jpg",
    "https://",
    "not a url",
]
URL_FIELDS = [
    (QUOTE, "source_url"),
    (SOCIAL, "url"),
    (IMAGE, "url"),
    (VIDEO, "url"),
    (VIDEO, "poster_url"),
    (LINK, "url"),
    (LINK, "image_url"),
]
URL_IDS = [f"{raw['type']}.{name}" for raw, name in URL_FIELDS]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize(("raw", "field"), URL_FIELDS, ids=URL_IDS)
def test_url_that_is_not_http_or_https_is_refused(
    raw: dict[str, Any], field: str, url: str
) -> None:
    with pytest.raises(Invalid) as error:
        parse_block({**raw, field: url})
    [(named, message)] = problems(error)
    assert named == field
    assert message.startswith(f"{url!r} is not an http(s) URL")


@pytest.mark.parametrize(
    ("raw", "field"),
    [(IMAGE, "url"), (VIDEO, "url"), (VIDEO, "poster_url"), (LINK, "image_url")],
    ids=["image.url", "video.url", "video.poster_url", "link.image_url"],
)
def test_site_path_is_allowed_for_media_urls(raw: dict[str, Any], field: str) -> None:
    block = parse_block({**raw, field: "/media/2016/12/aleppo.jpg"})
    assert getattr(block, field) == "/media/2016/12/aleppo.jpg"


def test_site_path_is_allowed_for_social_media_attachments() -> None:
    block = parse_block({**SOCIAL, "media": [{"url": "/media/a.jpg", "alt": "A bus"}]})
    assert isinstance(block, SocialPost)
    assert block.media == (Media(url="/media/a.jpg", alt="A bus", kind="image"),)


@pytest.mark.parametrize(
    ("raw", "field"),
    [(QUOTE, "source_url"), (SOCIAL, "url"), (LINK, "url")],
    ids=["quote.source_url", "social.url", "link.url"],
)
def test_site_path_is_refused_where_a_page_on_the_web_is_needed(
    raw: dict[str, Any], field: str
) -> None:
    with pytest.raises(Invalid) as error:
        parse_block({**raw, field: "/updates/12"})
    assert problems(error) == [(field, "'/updates/12' is not an http(s) URL")]


# -- language and direction ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ar", "pt-BR", "zh-Hant", "ar-SY"])
def test_language_tag_is_kept(lang: str) -> None:
    assert parse_block({**HEADING, "lang": lang}).lang == lang


@pytest.mark.parametrize("lang", ["e", "english", "en_GB", "12", "en-", "Arabic script"])
def test_lang_that_does_not_look_like_a_language_tag_is_refused(lang: str) -> None:
    with pytest.raises(Invalid) as error:
        parse_block({**HEADING, "lang": lang})
    assert problems(error) == [("lang", f"{lang!r} is not a language tag such as 'en' or 'ar'")]


@pytest.mark.parametrize(
    ("extra", "direction"),
    [
        ({"lang": "ar"}, "rtl"),
        ({"lang": "ar-SY"}, "rtl"),
        ({"lang": "he"}, "rtl"),
        ({"lang": "fa"}, "rtl"),
        ({"lang": "en"}, "ltr"),
        ({"lang": "ru"}, "ltr"),
        ({"lang": "ar", "dir": "ltr"}, "ltr"),
        ({"lang": "en", "dir": "rtl"}, "rtl"),
        ({"dir": "rtl"}, "rtl"),
        ({}, None),
    ],
)
def test_direction_follows_lang_unless_dir_is_explicit(
    extra: dict[str, str], direction: str | None
) -> None:
    assert parse_block({**QUOTE, **extra}).direction == direction


def test_empty_lang_and_dir_are_stored_as_none() -> None:
    block = parse_block({**HEADING, "lang": "", "dir": ""})
    assert (block.lang, block.dir) == (None, None)


# -- text blocks are sanitised on the way in ---------------------------------------------


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>Calm</p><script>alert(1)</script>", "<p>Calm</p>"),
        ("<style>p { color: red }</style><p>Calm</p>", "<p>Calm</p>"),
        ('<iframe src="https://evil.example"></iframe><p>Calm</p>', "<p>Calm</p>"),
        ('<p onclick="steal()">Calm</p>', "<p>Calm</p>"),
        (
            '<a href="javascript:alert(1)">Calm</a>',
            '<a rel="noopener noreferrer">Calm</a>',
        ),
        (
            '<a href="https://news.example/" target="_blank">Calm</a>',
            '<a href="https://news.example/" rel="noopener noreferrer">Calm</a>',
        ),
        ('<p><img src="x" onerror="steal()">Calm</p>', "<p>Calm</p>"),
        (
            "<p><strong>a</strong> <em>b</em></p><ul><li>c</li></ul><blockquote>d</blockquote>",
            "<p><strong>a</strong> <em>b</em></p><ul><li>c</li></ul><blockquote>d</blockquote>",
        ),
        ('<p lang="ar" dir="rtl">سلام</p>', '<p lang="ar" dir="rtl">سلام</p>'),
    ],
    ids=[
        "script",
        "style",
        "iframe",
        "onclick",
        "javascript-href",
        "rel-added",
        "img",
        "allowed-kept",
        "lang-dir-kept",
    ],
)
def test_text_block_html_is_sanitised(html: str, clean: str) -> None:
    assert parse_block({"type": "text", "html": html}) == Text(html=clean)


def test_blank_text_block_is_reported_once_as_required() -> None:
    with pytest.raises(Invalid) as error:
        parse_block({"type": "text", "html": "   "})
    assert problems(error) == [("html", "is required")]


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<iframe src="https://evil.example"></iframe>',
        '<img src="x" onerror="steal()">',
        "<p> </p>",
    ],
)
def test_text_block_that_is_empty_after_sanitising_is_refused(html: str) -> None:
    with pytest.raises(Invalid) as error:
        parse_block({"type": "text", "html": html})
    assert problems(error) == [("html", "is empty once unsafe markup is removed")]
