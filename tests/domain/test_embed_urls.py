"""Every provider's URL forms come out as one canonical URL, however they were pasted."""

# Tables of URLs read best one case to a line, however long the URL.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from dateline.domain.embed_urls import clean_pasted_url, recognise
from dateline.domain.errors import Invalid

SAME_TWEET = [
    "https://twitter.com/DeskReporter/status/1730000000000000001",
    "https://x.com/DeskReporter/status/1730000000000000001",
    "http://www.twitter.com/DeskReporter/status/1730000000000000001",
    "https://mobile.twitter.com/DeskReporter/status/1730000000000000001",
    "https://mobile.x.com/DeskReporter/status/1730000000000000001?s=20",
    "https://x.com/DeskReporter/status/1730000000000000001?s=46&t=AbCdEf",
    "https://twitter.com/DeskReporter/status/1730000000000000001?ref_src=twsrc%5Etfw",
    "https://twitter.com/DeskReporter/statuses/1730000000000000001",
    "https://x.com/DeskReporter/status/1730000000000000001/photo/1",
    "https://twitter.com/#!/DeskReporter/status/1730000000000000001",
    "https://fxtwitter.com/DeskReporter/status/1730000000000000001",
    "x.com/DeskReporter/status/1730000000000000001",
    "<https://x.com/DeskReporter/status/1730000000000000001>.",
]


@pytest.mark.parametrize("pasted", SAME_TWEET)
def test_every_form_of_a_tweet_url_is_the_same_post(pasted):
    target = recognise(pasted)
    assert (target.provider.key, target.kind) == ("x", "post")
    assert target.url == "https://x.com/DeskReporter/status/1730000000000000001"
    assert target.id == "1730000000000000001"
    assert target.handle == "@DeskReporter"


def test_a_tweet_without_its_author_in_the_url_keeps_the_i_form():
    target = recognise("https://twitter.com/i/web/status/1730000000000000001?s=20")
    assert target.url == "https://x.com/i/status/1730000000000000001"
    assert target.handle == ""


@pytest.mark.parametrize(
    "pasted",
    [
        "https://bsky.app/profile/reporter.bsky.social/post/3kq2vbh7xyz2a",
        "https://bsky.app/profile/Reporter.Bsky.Social/post/3kq2vbh7xyz2a/",
        "https://staging.bsky.app/profile/reporter.bsky.social/post/3kq2vbh7xyz2a",
        "at://reporter.bsky.social/app.bsky.feed.post/3kq2vbh7xyz2a",
    ],
)
def test_bluesky_posts(pasted):
    target = recognise(pasted)
    assert target.provider.key == "bluesky"
    assert target.url == "https://bsky.app/profile/reporter.bsky.social/post/3kq2vbh7xyz2a"
    assert target.handle == "@reporter.bsky.social"


def test_a_bluesky_post_by_did_has_no_handle_yet():
    target = recognise("at://did:plc:abc123xyz/app.bsky.feed.post/3kq2vbh7xyz2a")
    assert target.url == "https://bsky.app/profile/did:plc:abc123xyz/post/3kq2vbh7xyz2a"
    assert target.handle == ""


@pytest.mark.parametrize(
    ("pasted", "canonical", "handle"),
    [
        (
            "https://mastodon.social/@correspondent/111222333444555666",
            "https://mastodon.social/@correspondent/111222333444555666",
            "@correspondent@mastodon.social",
        ),
        (
            "https://Journa.Host/users/correspondent/statuses/111222333444555666?utm_source=x",
            "https://journa.host/@correspondent/111222333444555666",
            "@correspondent@journa.host",
        ),
        (
            "https://social.example.org/web/@correspondent/111222333444555666",
            "https://social.example.org/@correspondent/111222333444555666",
            "@correspondent@social.example.org",
        ),
        (
            "https://mastodon.social/@someone@other.example/111222333444555666",
            "https://mastodon.social/@someone@other.example/111222333444555666",
            "@someone@other.example",
        ),
    ],
)
def test_mastodon_status_urls_on_any_instance(pasted, canonical, handle):
    target = recognise(pasted)
    assert target.provider.key == "mastodon"
    assert (target.url, target.handle) == (canonical, handle)
    assert target.provider.domain == canonical.split("/")[2]


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.threads.net/@field.desk/post/C1a2B3c4D5e",
        "https://threads.net/@Field.Desk/post/C1a2B3c4D5e/?igshid=NTc4MTIwNjQ2YQ==",
        "https://www.threads.com/@field.desk/post/C1a2B3c4D5e?xmt=abc",
    ],
)
def test_threads_posts(pasted):
    target = recognise(pasted)
    assert target.provider.key == "threads"
    assert target.url == "https://www.threads.com/@field.desk/post/C1a2B3c4D5e"


@pytest.mark.parametrize(
    "pasted",
    [
        "https://t.me/frontline_news/4821",
        "https://t.me/s/frontline_news/4821",
        "https://telegram.me/frontline_news/4821?single",
        "https://t.me/frontline_news/4821?embed=1",
    ],
)
def test_telegram_public_channel_posts(pasted):
    target = recognise(pasted)
    assert target.provider.key == "telegram"
    assert target.url == "https://t.me/frontline_news/4821"
    assert target.handle == "@frontline_news"


def test_a_private_telegram_channel_is_only_a_link():
    assert recognise("https://t.me/c/1234567890/55").provider.key == "link"


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.youtube.com/watch?v=aB3dE5gH7jK",
        "https://youtube.com/watch?v=aB3dE5gH7jK&feature=share&si=tracking",
        "https://m.youtube.com/watch?v=aB3dE5gH7jK&list=PL123",
        "https://youtu.be/aB3dE5gH7jK?si=Xy12",
        "https://www.youtube.com/shorts/aB3dE5gH7jK",
        "https://www.youtube.com/embed/aB3dE5gH7jK?rel=0",
        "https://www.youtube-nocookie.com/embed/aB3dE5gH7jK",
        "https://www.youtube.com/live/aB3dE5gH7jK?si=abc",
        "https://music.youtube.com/watch?v=aB3dE5gH7jK",
    ],
)
def test_youtube_videos(pasted):
    target = recognise(pasted)
    assert (target.provider.key, target.kind, target.id) == ("youtube", "video", "aB3dE5gH7jK")
    assert target.url == "https://www.youtube.com/watch?v=aB3dE5gH7jK"
    assert target.player_url.startswith("https://www.youtube-nocookie.com/embed/aB3dE5gH7jK")


def test_a_youtube_start_time_is_part_of_what_was_shared():
    assert recognise("https://youtu.be/aB3dE5gH7jK?t=1m30s").url.endswith("&t=90")
    target = recognise("https://www.youtube.com/watch?v=aB3dE5gH7jK&t=125s")
    assert target.url == "https://www.youtube.com/watch?v=aB3dE5gH7jK&t=125"
    assert "start=125" in target.player_url


@pytest.mark.parametrize(
    ("pasted", "canonical"),
    [
        ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871?share=copy", "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871?h=8f3a2b1c9d", "https://vimeo.com/76979871/8f3a2b1c9d"),
        ("https://vimeo.com/76979871/8f3a2b1c9d", "https://vimeo.com/76979871/8f3a2b1c9d"),
        ("https://vimeo.com/groups/news/videos/76979871", "https://vimeo.com/76979871"),
    ],
)  # fmt: skip
def test_vimeo_videos_keep_the_secret_of_unlisted_ones(pasted, canonical):
    target = recognise(pasted)
    assert (target.provider.key, target.kind, target.url) == ("vimeo", "video", canonical)
    assert target.player_url.startswith("https://player.vimeo.com/video/76979871?dnt=1")


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.tiktok.com/@field.video/video/7301234567890123456",
        "https://www.tiktok.com/@Field.Video/video/7301234567890123456?is_from_webapp=1&sender_device=pc",
        "https://m.tiktok.com/@field.video/video/7301234567890123456",
    ],
)
def test_tiktok_videos(pasted):
    target = recognise(pasted)
    assert (target.provider.key, target.kind) == ("tiktok", "video")
    assert target.url == "https://www.tiktok.com/@field.video/video/7301234567890123456"
    assert target.player_url == "https://www.tiktok.com/embed/v2/7301234567890123456"


def test_a_tiktok_share_link_is_recognised_without_its_id():
    target = recognise("https://vm.tiktok.com/ZMabc123/?k=1")
    assert (target.provider.key, target.url) == ("tiktok", "https://vm.tiktok.com/ZMabc123/")


@pytest.mark.parametrize(
    ("pasted", "canonical"),
    [
        ("https://www.instagram.com/p/CxYz123AbC/", "https://www.instagram.com/p/CxYz123AbC/"),
        ("https://instagram.com/p/CxYz123AbC?igsh=MWQ1ZGUxMzBkMA==", "https://www.instagram.com/p/CxYz123AbC/"),
        ("https://www.instagram.com/reel/CxYz123AbC/?utm_source=ig_web_copy_link", "https://www.instagram.com/reel/CxYz123AbC/"),
        ("https://www.instagram.com/reels/CxYz123AbC/", "https://www.instagram.com/reel/CxYz123AbC/"),
        ("https://www.instagram.com/field.photo/p/CxYz123AbC/", "https://www.instagram.com/p/CxYz123AbC/"),
        ("https://instagr.am/p/CxYz123AbC", "https://www.instagram.com/p/CxYz123AbC/"),
    ],
)  # fmt: skip
def test_instagram_posts(pasted, canonical):
    target = recognise(pasted)
    assert (target.provider.key, target.kind, target.url) == ("instagram", "post", canonical)


@pytest.mark.parametrize(
    ("pasted", "kind", "canonical"),
    [
        ("https://www.facebook.com/CityFireService/posts/pfbid02abcDEF?__cft__[0]=x&__tn__=R", "post", "https://www.facebook.com/CityFireService/posts/pfbid02abcDEF/"),
        ("https://m.facebook.com/story.php?story_fbid=123456789&id=987654321&mibextid=abc", "post", "https://www.facebook.com/story.php?story_fbid=123456789&id=987654321"),
        ("https://www.facebook.com/permalink.php?story_fbid=123456789&id=987654321&fbclid=IwAR", "post", "https://www.facebook.com/permalink.php?story_fbid=123456789&id=987654321"),
        ("https://www.facebook.com/watch/?v=1122334455&ref=sharing", "video", "https://www.facebook.com/watch/?v=1122334455"),
        ("https://web.facebook.com/CityFireService/videos/1122334455/", "video", "https://www.facebook.com/CityFireService/videos/1122334455/"),
        ("https://fb.watch/aBcD12/", "video", "https://fb.watch/aBcD12/"),
        ("https://www.facebook.com/share/p/1AbCdEfGh/", "post", "https://www.facebook.com/share/p/1AbCdEfGh/"),
    ],
)  # fmt: skip
def test_facebook_posts_and_videos(pasted, kind, canonical):
    target = recognise(pasted)
    assert (target.provider.key, target.kind, target.url) == ("facebook", kind, canonical)
    if kind == "video":
        assert target.player_url.startswith("https://www.facebook.com/plugins/video.php?href=")


@pytest.mark.parametrize(
    ("pasted", "canonical"),
    [
        ("https://news.example.com/world/2016/12/12/story?utm_source=tw&utm_medium=social&id=4", "https://news.example.com/world/2016/12/12/story?id=4"),
        ("HTTPS://News.Example.COM/a?fbclid=IwAR0&gclid=x", "https://news.example.com/a"),
        ("https://news.example.com:443/a#section-2", "https://news.example.com/a#section-2"),
        ("https://news.example.com/a#:~:text=quoted%20words", "https://news.example.com/a"),
        ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
        ("https://en.wikipedia.org/wiki/Palmyra_(disambiguation))", "https://en.wikipedia.org/wiki/Palmyra_(disambiguation)"),
    ],
)  # fmt: skip
def test_any_other_page_is_a_link_card_without_tracking(pasted, canonical):
    target = recognise(pasted)
    assert (target.provider.key, target.kind, target.url) == ("link", "page", canonical)


def test_a_profile_page_on_a_known_network_is_a_link_not_a_post():
    assert recognise("https://x.com/DeskReporter").kind == "page"
    assert recognise("https://www.youtube.com/@channel").provider.key == "link"


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "ftp://files.example/a",
        "https://user:pw@example.com/",
        "not a url",
        "https://" + "a" * 2000,
    ],
)
def test_what_cannot_be_embedded_is_refused_with_the_field_named(bad):
    with pytest.raises(Invalid) as caught:
        recognise(bad, field="blocks[0].url")
    assert caught.value.errors[0].field == "blocks[0].url"


def test_pasted_urls_lose_the_prose_around_them():
    assert clean_pasted_url("  <https://example.com/a>  ") == "https://example.com/a"
    assert clean_pasted_url("https://example.com/a.") == "https://example.com/a"
    assert clean_pasted_url("https://example.com/a_(b)") == "https://example.com/a_(b)"
