"""The one sanitiser for user HTML, and the plain text of a fragment."""

from __future__ import annotations

import pytest

from dateline.domain.sanitise import plain_text, sanitise_html


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>Calm</p><script>alert(1)</script>", "<p>Calm</p>"),
        ("<style>body { display: none }</style><p>Calm</p>", "<p>Calm</p>"),
        ('<iframe src="https://evil.example"></iframe><p>Calm</p>', "<p>Calm</p>"),
        ('<p onclick="steal()" onmouseover="steal()">Calm</p>', "<p>Calm</p>"),
        ('<p style="position:fixed" class="x" id="y">Calm</p>', "<p>Calm</p>"),
        ('<img src="https://img.example/a.jpg" alt="A">', ""),
        ("<!-- desk note --><p>Calm</p>", "<p>Calm</p>"),
        ("<h2>Big</h2><h3>Small</h3>", "Big<h3>Small</h3>"),
        ("<form><input name=q></form><p>Calm</p>", "<p>Calm</p>"),
    ],
    ids=[
        "script",
        "style",
        "iframe",
        "event-handlers",
        "style-class-id",
        "img",
        "comment",
        "h2-unwrapped",
        "form",
    ],
)
def test_unsafe_or_foreign_markup_is_removed(html: str, clean: str) -> None:
    assert sanitise_html(html) == clean


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ],
)
def test_links_to_unsafe_schemes_lose_their_href(href: str) -> None:
    assert sanitise_html(f'<a href="{href}">x</a>') == '<a rel="noopener noreferrer">x</a>'


@pytest.mark.parametrize(
    "href", ["https://news.example/a", "http://news.example/a", "mailto:desk@news.example"]
)
def test_safe_links_keep_their_href_and_get_rel_noopener_noreferrer(href: str) -> None:
    assert sanitise_html(f'<a href="{href}" rel="opener" target="_blank">x</a>') == (
        f'<a href="{href}" rel="noopener noreferrer">x</a>'
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p><strong>a</strong> <b>b</b> <em>c</em> <i>d</i> <u>e</u> <s>f</s></p>",
        "<ul><li>one</li></ul><ol><li>two</li></ol>",
        '<blockquote cite="https://news.example/s"><p>Quoted</p></blockquote>',
        '<p><abbr title="United Nations">UN</abbr> <q>said</q> <cite>Report</cite></p>',
        "<pre><code>x = 1</code></pre>",
        "<p>H<sub>2</sub>O and x<sup>2</sup><br><mark>new</mark> <small>old</small></p>",
        '<p lang="ar" dir="rtl">مرحبا <bdi>@handle</bdi></p>',
        "<h3>Section</h3><h4>Part</h4>",
    ],
    ids=["emphasis", "lists", "blockquote", "abbr-q-cite", "code", "sub-sup", "lang-dir", "h3-h4"],
)
def test_allowed_tags_and_attributes_are_kept(html: str) -> None:
    assert sanitise_html(html) == html


def test_plain_text_removes_every_tag() -> None:
    assert plain_text(
        "<p>Buses <strong>left</strong> <a href='https://x.example'>at dawn</a></p>"
    ) == ("Buses left at dawn")


def test_plain_text_unescapes_entities() -> None:
    assert plain_text("<p>Aid &amp; evacuation &lt;now&gt; &quot;safe&quot; &#39;yes&#39;</p>") == (
        "Aid & evacuation <now> \"safe\" 'yes'"
    )


def test_plain_text_is_stripped() -> None:
    assert plain_text("  <p> Calm </p>\n") == "Calm"


def test_plain_text_drops_scripts_entirely() -> None:
    assert plain_text("<script>alert(1)</script>Calm") == "Calm"
