"""Tweets in their text form become the same snapshot a capture makes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from dateline.domain.tweet_text import (
    has_signature,
    text_form,
    time_from_status_id,
    tweet_from_text,
)

ROOT = Path(__file__).resolve().parents[2]
# `shared/` sits beside the checkout (and beside the folder of worktrees).
SAMPLE = next(
    (
        p / "shared" / "reference" / "liveblog-sample.txt"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "reference" / "liveblog-sample.txt").exists()
    ),
    ROOT.parent / "shared" / "reference" / "liveblog-sample.txt",
)


def test_a_tweet_with_a_picture_link_and_a_signature_on_its_own_line():
    snapshot = tweet_from_text(
        "Water is back in the northern districts tonight #FloodWatch pic.twitter.com/AbC123xYz\n"
        "— Harbour Desk (@harbour_desk) March 3, 2024"
    )
    assert snapshot is not None
    assert snapshot.provider == "x"
    assert snapshot.author_name == "Harbour Desk"
    assert snapshot.handle == "@harbour_desk"
    assert snapshot.text == "Water is back in the northern districts tonight #FloodWatch"
    assert snapshot.posted_at == date(2024, 3, 3)
    assert [m.url for m in snapshot.media] == ["https://pic.twitter.com/AbC123xYz"]
    assert not snapshot.media[0].kept
    assert (snapshot.lang, snapshot.dir) == ("en", "ltr")
    assert snapshot.url == "https://x.com/harbour_desk"  # the profile: no status id is known


def test_the_signature_may_touch_the_text_and_the_text_may_span_lines():
    snapshot = tweet_from_text(
        "We are still here.\nThe shelling has not stopped since dawn.\n"
        "Pray for us— Nour Field (@nour_field) 12 December 2016"
    )
    assert snapshot is not None
    assert (
        snapshot.text == "We are still here.\nThe shelling has not stopped since dawn.\nPray for us"
    )
    assert snapshot.author_name == "Nour Field"
    assert snapshot.posted_at == date(2016, 12, 12)


def test_an_arabic_tweet_comes_out_right_to_left():
    snapshot = tweet_from_text(
        "الحافلات الخضراء وصلت إلى الحي الشرقي صباح اليوم pic.twitter.com/Qw3rTy9"
        "— Sami Reporter (@sami_reports) Dec 9, 2016"
    )
    assert snapshot is not None
    assert (snapshot.lang, snapshot.dir) == ("ar", "rtl")
    assert snapshot.text == "الحافلات الخضراء وصلت إلى الحي الشرقي صباح اليوم"
    assert snapshot.posted_at == date(2016, 12, 9)


def test_dashes_inside_the_text_are_not_the_signature():
    snapshot = tweet_from_text(
        "Last message – we are leaving at dawn. – Mona #Harbour — Mona Field (@mona_f) May 2, 2021"
    )
    assert snapshot is not None
    assert snapshot.author_name == "Mona Field"
    assert snapshot.text == "Last message – we are leaving at dawn. – Mona #Harbour"


def test_a_known_status_url_gives_the_exact_time():
    url = "https://x.com/AlabedBana/status/808313542339792896"
    snapshot = tweet_from_text("Text — Bana (@AlabedBana) December 12, 2016", url=url)
    assert snapshot is not None
    assert snapshot.url == url
    assert snapshot.posted_at == datetime(2016, 12, 12, 14, 12, 20, tzinfo=UTC)
    assert time_from_status_id("20") is None  # before ids carried the time


def test_text_without_a_signature_is_not_a_tweet():
    assert tweet_from_text("The minister said — again — that talks go on.") is None
    assert not has_signature("— A quote's attribution")
    assert has_signature("— Name (@handle) December 12, 2016")


def test_the_text_form_round_trips():
    original = "Roads are open again pic.twitter.com/Zz9\n— Road Desk (@road_desk) June 1, 2022"
    snapshot = tweet_from_text(original)
    assert snapshot is not None
    assert (
        text_form(snapshot)
        == "Roads are open again pic.twitter.com/Zz9\n— Road Desk (@road_desk) June 1, 2022"
    )
    assert tweet_from_text(text_form(snapshot)) == snapshot


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample is not beside the checkout")
def test_every_signature_in_the_sample_is_read_with_name_handle_and_date():
    lines = SAMPLE.read_text().splitlines()
    signed = [line for line in lines if has_signature(line)]
    # Every line that ends "(@handle) Month D, YYYY" in the sample: 17 of them.
    assert len(signed) == sum(bool(re.search(r"\(@\w+\) \w+ \d+, \d{4}$", x)) for x in lines) == 17
    for line in signed:
        snapshot = tweet_from_text(line)
        assert snapshot is not None and snapshot.handle.startswith("@"), line
        assert isinstance(snapshot.posted_at, date), line
    arabic = next(line for line in lines if "@HoseinMortada" in line)
    snapshot = tweet_from_text(arabic)
    assert snapshot is not None and snapshot.dir == "rtl" and snapshot.lang == "ar"
