"""Per-blog sequence numbers stay gap-free and ordered with writers on several
nodes: three handles on one PostgreSQL database, each with its own pool, as
three `dateline serve` processes have."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from dateline.store import migrate
from dateline.store.changelog import changes_after
from dateline.store.database import Database
from tests.store.desk import publish, start_blog

pytestmark = pytest.mark.postgres


def test_three_nodes_writing_to_two_blogs_leave_no_gap_and_no_repeat(postgres_url):
    nodes = [Database(postgres_url, writers=3) for _ in range(3)]
    try:
        migrate.upgrade(nodes[0])
        blogs = [start_blog(nodes[0], slug) for slug in ("north", "south")]
        start = threading.Barrier(9)

        def desk(worker: int) -> list[tuple[str, int]]:
            node = nodes[worker % 3]
            start.wait()
            out = []
            for i in range(20):
                slug = blogs[(worker + i) % 2].slug
                out.append((slug, publish(node, f"Desk {worker}, no. {i}.", slug).seq))
            return out

        with ThreadPoolExecutor(9) as pool:
            written = [pair for found in pool.map(desk, range(9)) for pair in found]

        for blog in blogs:
            seqs = sorted(seq for slug, seq in written if slug == blog.slug)
            assert seqs == list(range(2, 2 + len(seqs)))  # 1 is the blog's creation
            log = nodes[1].run_read(changes_after, blog.id, 0, public_only=False)
            assert [c.seq for c in log] == list(range(1, 2 + len(seqs)))
        assert len(written) == 180
    finally:
        for node in nodes:
            node.close()
