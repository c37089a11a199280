"""Three `dateline serve` nodes on one PostgreSQL database: readers on every node
get every change exactly once, in order, while all three publish at once, while
a node is killed and while the broker restarts.

Publishes per phase: DATELINE_CLUSTER_CHANGES (default 150, so the run stays
short; the issue's full size is 300+: `DATELINE_CLUSTER_CHANGES=306 pytest
tests/cluster`).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest

from dateline.live.pg_broadcast import libpq_url
from tests.cluster.conftest import Cluster
from tests.cluster.readers import LiveReader, check_exactly_once_in_order, stop_all, wait_for

pytestmark = [pytest.mark.server, pytest.mark.postgres, pytest.mark.timeout(240)]
CHANGES = int(os.environ.get("DATELINE_CLUSTER_CHANGES", "150"))
BLOGS = ["north", "south", "east"]
READERS_PER_BLOG_AND_NODE = 2


@pytest.fixture(params=["postgresql", "redis"])
def cluster(request, tmp_path, postgres_url) -> Iterator[tuple[Cluster, Callable[[], None]]]:
    """Three nodes, and how to restart their broker."""
    if request.param == "redis":
        broker = request.getfixturevalue("redis_server")
        url = broker.url

        def restart_broker() -> None:
            broker.stop()
            broker.start()

    else:
        url = postgres_url

        def restart_broker() -> None:
            # The shared PostgreSQL server stays up for other tests; what a restart does
            # to the nodes is end their listening connections, and that we can do.
            with psycopg.connect(libpq_url(postgres_url), autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query ILIKE 'LISTEN%%'"
                )

    env = {
        "DATELINE_BROADCAST_URL": url,
        # No help from the sweep: the broadcast (and the resync after a reconnect) must do it.
        "DATELINE_SWEEP_SECONDS": "60",
    }
    running = Cluster(tmp_path, postgres_url, env, size=3)
    running.start()
    yield running, restart_broker
    running.stop()


def last_seqs(cluster: Cluster) -> dict[str, int]:
    """Each blog's last sequence number, from the store itself."""
    with psycopg.connect(libpq_url(cluster.database_url)) as conn:
        return dict(conn.execute("SELECT slug, last_seq FROM blogs").fetchall())


def publish_from_all(cluster: Cluster, count: int, tag: str, done: list[int]) -> None:
    """`count` updates across the blogs, from every node at once (a dead node's fail)."""

    clients = [node.api for node in cluster.nodes]  # made here, not raced for by threads

    def one(i: int) -> None:
        with contextlib.suppress(httpx.HTTPError):
            # Every node writes to every blog: node i % 3, blog (i // 3) % 3.
            clients[i % len(clients)].post(f"/api/v1/blogs/{BLOGS[i // 3 % len(BLOGS)]}/posts",
                          json={"body": f"{tag} update {i}"})  # fmt: skip
        done.append(i)

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(one, range(count)))


def open_readers(cluster: Cluster) -> list[LiveReader]:
    start = last_seqs(cluster)
    origins = [n.origin for n in cluster.nodes]
    readers = [
        LiveReader(origins[k:] + origins[:k], slug, start[slug])
        for k in range(len(origins))
        for slug in BLOGS
        for _ in range(READERS_PER_BLOG_AND_NODE)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        assert reader.connected.wait(10)
    return readers


def test_every_reader_on_every_node_gets_every_change_once_in_order(cluster):
    nodes, restart_broker = cluster
    for slug in BLOGS:
        nodes.nodes[0].api.post("/api/v1/blogs", json={"slug": slug, "title": slug.title()})
    readers = open_readers(nodes)
    try:
        started = time.monotonic()
        publish_from_all(nodes, CHANGES, "calm", [])
        print(f"published {CHANGES} in {time.monotonic() - started:.1f}s")
        target = last_seqs(nodes)
        assert sum(target.values()) >= CHANGES
        wait_for(readers, target, 30)
        print(f"delivered after {time.monotonic() - started:.1f}s")
        check_exactly_once_in_order(readers, target)

        # Again, while one node is killed and the broker restarts under the publishing.
        done: list[int] = []
        publishing = threading.Thread(target=publish_from_all, args=(nodes, CHANGES, "storm", done))
        publishing.start()
        while len(done) < CHANGES // 3 and publishing.is_alive():
            pass
        nodes.kill(2)
        restart_broker()
        publishing.join(120)
        nodes.nodes[2].start()
        target = last_seqs(nodes)
        wait_for(readers, target, 60)
        check_exactly_once_in_order(readers, target)
        assert any(r.reconnects for r in readers)  # the killed node's readers moved
    except AssertionError:
        print(nodes.logs())
        raise
    finally:
        stop_all(readers)


def test_a_scheduled_update_on_three_nodes_is_published_exactly_once(tmp_path, postgres_url):
    env = {"DATELINE_BROADCAST_URL": postgres_url, "DATELINE_SCHEDULE_SECONDS": "0.2"}
    nodes = Cluster(tmp_path, postgres_url, env, size=3)
    nodes.start()
    readers: list[LiveReader] = []
    try:
        nodes.nodes[0].api.post("/api/v1/blogs", json={"slug": "vote", "title": "Vote"})
        start = last_seqs(nodes)["vote"]
        readers = [LiveReader([n.origin], "vote", start) for n in nodes.nodes]
        for reader in readers:
            reader.start()
            assert reader.connected.wait(10)
        when = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
        scheduled = [
            node.api.post("/api/v1/blogs/vote/posts",
                          json={"body": f"At the hour {i}", "status": "scheduled",
                                "published_at": when}).json()["id"]
            for i, node in enumerate(nodes.nodes)
        ]  # fmt: skip
        deadline = time.monotonic() + 30
        with psycopg.connect(libpq_url(postgres_url)) as conn:
            while time.monotonic() < deadline:
                released = conn.execute(
                    "SELECT post_id, count(*) FROM changes WHERE action = 'publish' "
                    "GROUP BY post_id"
                ).fetchall()
                if len(released) == len(scheduled):
                    break
                time.sleep(0.1)
        assert sorted(released) == sorted((post, 1) for post in scheduled)
        target = last_seqs(nodes)
        wait_for(readers, target, 20)
        with psycopg.connect(libpq_url(postgres_url)) as conn:
            query = "SELECT seq FROM changes WHERE public AND seq > %s ORDER BY seq"
            public = [seq for (seq,) in conn.execute(query, (start,))]
        assert len(public) == len(scheduled)  # scheduling itself is not for readers
        for reader in readers:
            assert reader.ids == public
        # One node ran the duty; the others found its lease held.
        runners = [n for n in nodes.nodes if "now runs the duty 'release" in n.log_path.read_text()]
        assert len(runners) == 1
    finally:
        stop_all(readers)
        nodes.stop()
