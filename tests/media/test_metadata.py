"""Reading pages' metadata and HTML fragments: plain text out, absolute http(s) URLs only."""

from __future__ import annotations

from dateline.media.metadata import html_text, page_metadata


def test_open_graph_wins_and_the_page_itself_is_the_fallback():
    meta = page_metadata(
        '<html lang="de"><head><title>Fallback &amp; title</title>'
        '<meta name="description" content="Plain description">'
        '<link rel="canonical" href="/artikel/1">'
        '<meta name="twitter:creator" content="@redaktion">'
        '<meta property="og:image" content="//cdn.example/a.jpg">'
        '<meta property="og:image" content="javascript:alert(1)">'
        '</head><body><meta property="og:title" content="in the body: ignored"></body></html>',
        "https://zeitung.example/artikel/1?ref=x",
    )
    assert (meta.title, meta.description, meta.lang) == (
        "Fallback & title",
        "Plain description",
        "de",
    )
    assert meta.canonical == "https://zeitung.example/artikel/1"
    assert meta.handle == "@redaktion"
    assert meta.images == (("https://cdn.example/a.jpg", ""),)


def test_html_fragments_keep_paragraphs_and_line_breaks_and_drop_scripts():
    text, lang = html_text(
        '<p lang="uk">Перший рядок<br>другий</p><p>Третій &amp; останній</p>'
        "<script>alert(1)</script>"
    )
    assert text == "Перший рядок\nдругий\n\nТретій & останній"
    assert lang == "uk"
