"""Sources: the registry's fields, checked once, and edits from a version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dateline.domain.errors import Conflict, Invalid
from dateline.domain.sources import check_source_fields, edit_source, new_source

NOW = datetime(2016, 12, 12, 20, 0, tzinfo=UTC)


def test_a_source_has_a_name_a_kind_handles_addresses_and_a_note_on_reliability():
    fields = check_source_fields(
        {
            "name": "Hill Country Medics",
            "kind": "medical",
            "handles": ["@hillmedics"],
            "urls": ["https://medics.example/"],
            "reliability": "Accurate on casualty counts so far; slow to update.",
        },
        creating=True,
    )
    source = new_source(fields, source_id=4, actor="edna", now=NOW)
    assert (source.name, source.kind_label, source.handles) == (
        "Hill Country Medics",
        "Medical",
        ("@hillmedics",),
    )


def test_bad_fields_are_each_named():
    with pytest.raises(Invalid) as error:
        check_source_fields(
            {"name": "", "kind": "spy", "urls": ["javascript:alert(1)"]}, creating=True
        )
    assert [e.field for e in error.value.errors] == ["name", "kind", "urls[0]"]


def test_an_edit_from_a_stale_version_is_a_conflict_and_a_same_edit_changes_nothing():
    source = new_source({"name": "Wire"}, source_id=1, actor="e", now=NOW)
    assert edit_source(source, {"name": "Wire"}, version=1, now=NOW) is source
    renamed = edit_source(source, {"name": "Wire Agency"}, version=1, now=NOW)
    assert (renamed.name, renamed.version) == ("Wire Agency", 2)
    with pytest.raises(Conflict):
        edit_source(renamed, {"kind": "agency"}, version=1, now=NOW)
