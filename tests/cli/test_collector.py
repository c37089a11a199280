"""`dateline serve` keeps what start-up built out of garbage collections (collector.py),
and says so in /metrics; a process that does not serve freezes nothing."""

from __future__ import annotations

import gc
import re
import time

import pytest

pytestmark = pytest.mark.server


def metric(text: str, name: str) -> float:
    found = re.search(rf"^{name}\{{[^}}]*\}} ([0-9.e+]+)$", text, re.MULTILINE)
    assert found, f"{name} is not in /metrics"
    return float(found.group(1))


def test_a_serving_process_freezes_its_start_up_heap_and_times_full_collections(server):
    deadline = time.monotonic() + 10  # it freezes just after it starts answering
    while True:
        text = server.api.get("/metrics").text
        if metric(text, "dateline_gc_frozen_objects") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    # The app, its routes, templates and libraries: hundreds of thousands of objects.
    assert metric(text, "dateline_gc_frozen_objects") > 100_000
    assert metric(text, "dateline_gc_full_collections_total") >= 0
    assert metric(text, "dateline_gc_full_collection_seconds_total") >= 0
    assert "objects built at start-up" in server.log_path.read_text()


def test_the_test_process_itself_is_not_frozen():
    assert gc.get_freeze_count() == 0  # apps built in tests come and go: nothing may stay
