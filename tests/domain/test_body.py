"""Markdown bodies into blocks: how a reporter types an update."""

from __future__ import annotations

import pytest

from dateline.domain.blocks import Heading, Image, LinkCard, Quote, Text
from dateline.domain.body import blocks_from_markdown
from dateline.domain.errors import Invalid


def problems(error: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.value.errors]


# -- rich text ----------------------------------------------------------------------


def test_paragraphs_and_lists_merge_into_one_text_block() -> None:
    body = (
        "Buses left at dawn.\n\nThey carried **wounded** people.\n\n- first convoy\n- second convoy"
    )
    assert blocks_from_markdown(body) == (
        Text(
            html="<p>Buses left at dawn.</p>\n"
            "<p>They carried <strong>wounded</strong> people.</p>\n"
            "<ul>\n<li>first convoy</li>\n<li>second convoy</li>\n</ul>"
        ),
    )


def test_a_heading_between_paragraphs_splits_the_text() -> None:
    assert blocks_from_markdown("Before.\n\n## Background\n\nAfter.") == (
        Text(html="<p>Before.</p>"),
        Heading(text="Background", level=2),
        Text(html="<p>After.</p>"),
    )


def test_links_in_text_get_rel_noopener_noreferrer() -> None:
    assert blocks_from_markdown("Read [the report](https://news.example/r).") == (
        Text(
            html='<p>Read <a href="https://news.example/r" rel="noopener noreferrer">'
            "the report</a>.</p>"
        ),
    )


def test_empty_body_has_no_blocks() -> None:
    assert blocks_from_markdown("") == ()


def test_a_rule_alone_makes_no_block() -> None:
    assert blocks_from_markdown("---") == ()


# -- headings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "level"),
    [
        ("# Talks resume", 2),
        ("## Talks resume", 2),
        ("### Talks resume", 3),
        ("#### Talks resume", 4),
        ("##### Talks resume", 4),
        ("###### Talks resume", 4),
        ("Talks resume\n============", 2),
    ],
)
def test_heading_level_is_clamped_between_two_and_four(markdown: str, level: int) -> None:
    assert blocks_from_markdown(markdown) == (Heading(text="Talks resume", level=level),)


def test_heading_text_is_plain_with_entities_unescaped() -> None:
    assert blocks_from_markdown("## Aid &amp; *evacuation*") == (
        Heading(text="Aid & evacuation", level=2),
    )


# -- quotes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dash", ["\u2014", "--", "\u2013"], ids=["em-dash", "double-hyphen", "en-dash"]
)
def test_quote_whose_last_line_starts_with_a_dash_has_an_attribution(dash: str) -> None:
    body = f"> The corridor will stay open.\n> {dash} Deputy Minister Example"
    assert blocks_from_markdown(body) == (
        Quote(text="The corridor will stay open.", attribution="Deputy Minister Example"),
    )


def test_quote_of_several_paragraphs_keeps_them_apart() -> None:
    body = "> First we talk.\n>\n> Then we act.\n>\n> — The envoy"
    assert blocks_from_markdown(body) == (
        Quote(text="First we talk.\n\nThen we act.", attribution="The envoy"),
    )


def test_quote_without_a_dash_line_has_no_attribution() -> None:
    assert blocks_from_markdown("> Nobody has left the district.") == (
        Quote(text="Nobody has left the district."),
    )


def test_quote_text_is_plain() -> None:
    assert blocks_from_markdown("> We are *not* leaving &amp; we say so.\n> — A resident") == (
        Quote(text="We are not leaving & we say so.", attribution="A resident"),
    )


# -- embeds: a URL alone on its line ----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "https://social.example/fieldreporter/status/1",
        "  https://social.example/fieldreporter/status/1  ",
        "<https://social.example/fieldreporter/status/1>",
    ],
)
def test_url_alone_on_its_line_becomes_a_link_block(line: str) -> None:
    assert blocks_from_markdown(line) == (
        LinkCard(url="https://social.example/fieldreporter/status/1"),
    )


def test_url_alone_on_a_line_inside_a_paragraph_splits_it_around_the_link() -> None:
    body = "Witnesses posted this:\nhttps://social.example/a/status/2\nIt was later deleted."
    assert blocks_from_markdown(body) == (
        Text(html="<p>Witnesses posted this:</p>"),
        LinkCard(url="https://social.example/a/status/2"),
        Text(html="<p>It was later deleted.</p>"),
    )


def test_url_inside_a_sentence_stays_in_the_text() -> None:
    assert blocks_from_markdown("See https://news.example/r for more.") == (
        Text(html="<p>See https://news.example/r for more.</p>"),
    )


@pytest.mark.parametrize("fence", ["```", "~~~"])
def test_url_inside_a_fenced_code_block_is_not_an_embed(fence: str) -> None:
    body = f"{fence}\nhttps://news.example/in-code\n{fence}"
    assert blocks_from_markdown(body) == (
        Text(html="<pre><code>https://news.example/in-code\n</code></pre>"),
    )


def test_url_inside_an_indented_code_block_is_not_an_embed() -> None:
    body = "Sample request:\n\n    https://news.example/in-code\n"
    assert blocks_from_markdown(body) == (
        Text(html="<p>Sample request:</p>\n<pre><code>https://news.example/in-code\n</code></pre>"),
    )


def test_url_after_a_code_block_that_shows_another_fence_marker_is_still_an_embed() -> None:
    body = "```\n~~~\n```\n\nWitnesses posted this:\nhttps://social.example/a/status/2"
    assert blocks_from_markdown(body) == (
        Text(html="<pre><code>~~~\n</code></pre>\n<p>Witnesses posted this:</p>"),
        LinkCard(url="https://social.example/a/status/2"),
    )


# -- images -------------------------------------------------------------------------


def test_image_alone_becomes_an_image_block_with_its_title_as_caption() -> None:
    body = '![Smoke over the old city](https://img.example/smoke.jpg "Smoke rises at dusk")'
    assert blocks_from_markdown(body) == (
        Image(
            url="https://img.example/smoke.jpg",
            alt="Smoke over the old city",
            caption="Smoke rises at dusk",
        ),
    )


def test_image_from_a_site_path_becomes_an_image_block() -> None:
    assert blocks_from_markdown("![A map of the crossings](/media/map.png)") == (
        Image(url="/media/map.png", alt="A map of the crossings"),
    )


def test_image_without_alt_is_refused_on_body_with_the_fix_spelled_out() -> None:
    with pytest.raises(Invalid) as error:
        blocks_from_markdown("Before.\n\n![](https://img.example/smoke.jpg)")
    assert problems(error) == [
        (
            "body",
            "the image https://img.example/smoke.jpg needs alt text: "
            "![what it shows](https://img.example/smoke.jpg)",
        )
    ]


# -- raw HTML and size ---------------------------------------------------------------


def test_raw_html_in_markdown_is_sanitised() -> None:
    body = (
        "<script>alert(1)</script>\n\n"
        'Residents <span onclick="steal()">waited</span> '
        '<a href="javascript:alert(1)">here</a>.'
    )
    assert blocks_from_markdown(body) == (
        Text(html='<p>Residents <span>waited</span> <a rel="noopener noreferrer">here</a>.</p>'),
    )


def test_markdown_link_with_a_javascript_url_is_not_a_link() -> None:
    (block,) = blocks_from_markdown("[click](javascript:alert(1))")
    assert isinstance(block, Text)
    assert "javascript" in block.html  # left as visible text…
    assert "<a" not in block.html  # …never as a link


def test_body_of_exactly_fifty_thousand_characters_is_accepted() -> None:
    assert blocks_from_markdown("a" * 50_000) == (Text(html="<p>" + "a" * 50_000 + "</p>"),)


def test_body_over_fifty_thousand_characters_is_refused() -> None:
    with pytest.raises(Invalid) as error:
        blocks_from_markdown("a" * 50_001)
    assert problems(error) == [("body", "is 50,001 characters; the limit is 50,000")]
