"""Update stamps: each update's time in the blog's own zone and house style."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from dateline.domain.errors import Invalid
from dateline.domain.stamps import check_stamp_format, format_stamp

LONDON = ZoneInfo("Europe/London")
WINTER_EVENING = datetime(2016, 12, 12, 21, 45, tzinfo=UTC)  # GMT: London = UTC
SUMMER_EVENING = datetime(2016, 7, 12, 20, 45, tzinfo=UTC)  # BST: London = UTC+1

KNOWN_TOKENS = (
    "{HH} {H} {hh} {h} {mm} {ampm} {AMPM} {tz} {d} {dd} {month} {mon} {MM} {yyyy} {weekday}"
)


def stamp(instant: datetime, preset_or_pattern: str, zone: ZoneInfo = LONDON) -> str:
    return format_stamp(instant, check_stamp_format(preset_or_pattern), zone)


def problems(error: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.value.errors]


# -- presets --------------------------------------------------------------------------


def test_wire_stamp_reads_update_hhmm_gmt_in_london_winter() -> None:
    assert stamp(WINTER_EVENING, "wire") == "UPDATE 2145 GMT"


def test_24h_stamp_reads_hh_colon_mm() -> None:
    assert stamp(WINTER_EVENING, "24h") == "21:45"


def test_12h_stamp_reads_hour_dot_minutes_and_pm() -> None:
    assert stamp(WINTER_EVENING, "12h") == "9.45pm"


def test_wire_stamp_shows_bst_and_local_hour_in_british_summer_time() -> None:
    assert stamp(SUMMER_EVENING, "wire") == "UPDATE 2145 BST"


def test_stamp_uses_the_blogs_zone_even_across_midnight() -> None:
    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+5:30
    assert stamp(WINTER_EVENING, "wire", kolkata) == "UPDATE 0315 IST"
    assert stamp(WINTER_EVENING, "{weekday} {d} {month}", kolkata) == "Tuesday 13 December"


def test_stamp_in_utc_says_utc() -> None:
    assert stamp(WINTER_EVENING, "wire", ZoneInfo("UTC")) == "UPDATE 2145 UTC"


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ((0, 0), "12.00am"),
        ((0, 5), "12.05am"),
        ((9, 30), "9.30am"),
        ((11, 59), "11.59am"),
        ((12, 0), "12.00pm"),
        ((13, 5), "1.05pm"),
        ((23, 59), "11.59pm"),
    ],
    ids=["midnight", "after-midnight", "morning", "before-noon", "noon", "afternoon", "late"],
)
def test_12h_stamp_around_midnight_and_noon(local: tuple[int, int], expected: str) -> None:
    hour, minute = local
    instant = datetime(2016, 12, 12, hour, minute, tzinfo=LONDON)
    assert stamp(instant, "12h") == expected


# -- every token ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("{HH}", "09"),
        ("{H}", "9"),
        ("{hh}", "09"),
        ("{h}", "9"),
        ("{mm}", "05"),
        ("{ampm}", "am"),
        ("{AMPM}", "AM"),
        ("{tz}", "GMT"),
        ("{d}", "3"),
        ("{dd}", "03"),
        ("{month}", "December"),
        ("{mon}", "Dec"),
        ("{MM}", "12"),
        ("{yyyy}", "2016"),
        ("{weekday}", "Saturday"),
    ],
)
def test_each_token_renders_its_part_of_the_local_time(token: str, expected: str) -> None:
    morning = datetime(2016, 12, 3, 9, 5, tzinfo=UTC)
    assert stamp(morning, token) == expected


def test_afternoon_hours_in_every_hour_token() -> None:
    afternoon = datetime(2016, 12, 3, 15, 7, tzinfo=UTC)
    assert stamp(afternoon, "{HH}|{H}|{hh}|{h}|{AMPM}") == "15|15|03|3|PM"


def test_text_around_tokens_is_kept_as_written() -> None:
    assert stamp(WINTER_EVENING, "Updated {HH}:{mm} ({tz}), {mon} {d}") == (
        "Updated 21:45 (GMT), Dec 12"
    )


# -- checking a pattern -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "pattern"),
    [("wire", "UPDATE {HH}{mm} {tz}"), ("24h", "{HH}:{mm}"), ("12h", "{h}.{mm}{ampm}")],
)
def test_preset_name_resolves_to_its_pattern(preset: str, pattern: str) -> None:
    assert check_stamp_format(preset) == pattern


def test_custom_pattern_is_returned_unchanged() -> None:
    assert check_stamp_format("{dd}/{MM} {HH}.{mm}") == "{dd}/{MM} {HH}.{mm}"


def test_unknown_token_error_lists_the_known_tokens() -> None:
    with pytest.raises(Invalid) as error:
        check_stamp_format("{HH}:{minutes}")
    assert problems(error) == [
        ("stamp_format", f"unknown token {{minutes}}; the tokens are: {KNOWN_TOKENS}")
    ]


def test_tokens_are_case_sensitive() -> None:
    with pytest.raises(Invalid) as error:
        check_stamp_format("{hH}:{mm}")
    assert problems(error) == [
        ("stamp_format", f"unknown token {{hH}}; the tokens are: {KNOWN_TOKENS}")
    ]


@pytest.mark.parametrize("pattern", ["Latest", "{ HH }:{ mm }", "HH:mm"])
def test_pattern_without_any_token_is_refused(pattern: str) -> None:
    with pytest.raises(Invalid) as error:
        check_stamp_format(pattern)
    assert problems(error) == [
        ("stamp_format", "has no time in it; include tokens such as {HH}:{mm}")
    ]


@pytest.mark.parametrize("pattern", ["", "   "])
def test_empty_pattern_is_refused(pattern: str) -> None:
    with pytest.raises(Invalid) as error:
        check_stamp_format(pattern)
    assert problems(error) == [("stamp_format", "is empty; try {HH}:{mm}")]


def test_pattern_of_80_characters_is_accepted_and_81_refused() -> None:
    pattern_80 = "{HH}:{mm}" + "x" * 71
    assert check_stamp_format(pattern_80) == pattern_80
    with pytest.raises(Invalid) as error:
        check_stamp_format(pattern_80 + "x")
    assert problems(error) == [("stamp_format", "is longer than 80 characters")]


def test_errors_name_the_field_they_are_given() -> None:
    with pytest.raises(Invalid) as error:
        check_stamp_format("{nope}", field="settings.stamp")
    assert [e.field for e in error.value.errors] == ["settings.stamp"]
