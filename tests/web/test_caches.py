"""Response caches are bounded by bytes, whatever URLs clients choose."""

from __future__ import annotations

from dateline.web.pages import BytesCache


def test_the_cache_evicts_the_least_recently_used_to_stay_within_its_bytes():
    cache = BytesCache(max_bytes=100)
    cache.put("a", b"x" * 40)
    cache.put("b", b"x" * 40)
    assert cache.get("a") is not None  # now the most recently used
    cache.put("c", b"x" * 40)
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None
    assert cache.size == 80


def test_replacing_an_entry_counts_its_new_size_once():
    cache = BytesCache(max_bytes=100)
    cache.put("a", b"x" * 60)
    cache.put("a", b"x" * 10)
    assert cache.size == 10


def test_an_answer_larger_than_the_whole_budget_is_not_kept():
    cache = BytesCache(max_bytes=100)
    cache.put("small", b"x")
    cache.put("huge", b"x" * 101)
    assert cache.get("huge") is None
    assert cache.get("small") == b"x"
