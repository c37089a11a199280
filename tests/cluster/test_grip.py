"""Readers held by Pushpin (DATELINE_FANOUT=grip) in front of three nodes: every
reader gets every change exactly once, in order, also across a node restart.

Each node publishes the changes it commits to Pushpin, with the sequence number
as GRIP id/prev-id; Pushpin orders them and recovers a gap through the stream's
next link, which Dateline answers from the store.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from bench.pushpin import PUSHPIN, Pushpin

from tests.cluster.conftest import Cluster
from tests.cluster.readers import LiveReader, check_exactly_once_in_order, stop_all, wait_for
from tests.cluster.test_cluster import BLOGS, last_seqs, publish_from_all

pytestmark = [pytest.mark.server, pytest.mark.postgres, pytest.mark.timeout(300)]
CHANGES = int(os.environ.get("DATELINE_CLUSTER_CHANGES", "150"))
READERS_PER_BLOG = 6


@pytest.fixture
def edge(tmp_path, postgres_url) -> Iterator[tuple[Cluster, Pushpin]]:
    if not os.path.exists(PUSHPIN) or shutil.which("condure") is None:
        pytest.skip("Pushpin is not installed (Debian package pushpin)")
    nodes = Cluster(tmp_path, postgres_url, {}, size=3)
    pushpin = Pushpin([f"127.0.0.1:{node.port}" for node in nodes.nodes])
    for node in nodes.nodes:
        node.env = {
            **(node.env or {}),
            "DATELINE_FANOUT": "grip",
            "DATELINE_GRIP_PUBLISH_URL": pushpin.publish_url,
            "DATELINE_BROADCAST_URL": postgres_url,
        }
    nodes.start()
    for slug in BLOGS:
        nodes.nodes[0].api.post("/api/v1/blogs", json={"slug": slug, "title": slug.title()})
    pushpin.start(ready_path=f"/{BLOGS[0]}/live")
    yield nodes, pushpin
    pushpin.remove()
    nodes.stop()


def test_readers_behind_pushpin_get_every_change_once_in_order(edge):
    nodes, pushpin = edge
    start = last_seqs(nodes)
    readers = [LiveReader([pushpin.url], slug, start[slug])
               for slug in BLOGS for _ in range(READERS_PER_BLOG)]  # fmt: skip
    for reader in readers:
        reader.start()
    try:
        for reader in readers:
            assert reader.connected.wait(30)
        publish_from_all(nodes, CHANGES, "edge", [])
        target = last_seqs(nodes)
        wait_for(readers, target, 60)
        check_exactly_once_in_order(readers, target)

        # The node Pushpin sends requests to first is killed and restarted while all publish.
        done: list[int] = []
        publishing = threading.Thread(
            target=publish_from_all, args=(nodes, CHANGES, "restart", done)
        )
        publishing.start()
        while len(done) < CHANGES // 3 and publishing.is_alive():
            pass
        nodes.kill(0)
        publishing.join(120)
        nodes.nodes[0].start()
        target = last_seqs(nodes)
        wait_for(readers, target, 60)
        check_exactly_once_in_order(readers, target)
    except AssertionError:
        print(nodes.logs())
        print(pushpin.log())
        raise
    finally:
        stop_all(readers)
