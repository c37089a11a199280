"""Prometheus metrics at /metrics, with the official client library.

Each application has its own registry (two apps can live in one test process).
What the hub and the database pools already count is read when Prometheus
scrapes, so nothing is added to the fan-out loop but one hook after each frame.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine

from ..collector import PAUSES
from ..domain.changes import Change
from ..live.hub import Channel, Hub

if TYPE_CHECKING:
    from .app import Dateline

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _Counted(Collector):
    """Readers, dropped readers and pool use, read from the hub and the pools when scraped."""

    def __init__(self, hub: Hub, node: str, pools: dict[str, Engine]) -> None:
        self.hub, self.node, self.pools = hub, node, pools

    def collect(self) -> Iterator[Metric]:
        readers = GaugeMetricFamily(
            "dateline_readers", "Live streams open on this node, per blog.", labels=["blog", "node"]
        )
        for slug, count in sorted(self.hub.readers_by_blog().items()):
            readers.add_metric([slug, self.node], count)
        yield readers
        dropped = CounterMetricFamily(
            "dateline_readers_dropped",
            "Readers dropped for not keeping up (they resume by Last-Event-ID).",
            labels=["node"],
        )
        dropped.add_metric([self.node], self.hub.dropped)
        yield dropped
        in_use = GaugeMetricFamily(
            "dateline_db_connections_in_use",
            "Database connections checked out of the pool now.",
            labels=["pool", "node"],
        )
        size = GaugeMetricFamily(
            "dateline_db_pool_size",
            "Database connections the pool may hold.",
            labels=["pool", "node"],
        )
        for name, engine in self.pools.items():
            pool = engine.pool
            in_use.add_metric([name, self.node], float(getattr(pool, "checkedout", lambda: 0)()))
            size.add_metric([name, self.node], float(getattr(pool, "size", lambda: 0)()))
        yield in_use
        yield size
        yield from _collector_metrics(self.node)


def _collector_metrics(node: str) -> Iterator[Metric]:
    """Full garbage collections stop the whole process (see collector.py)."""
    families: list[tuple[type[CounterMetricFamily | GaugeMetricFamily], str, str, float]] = [
        (CounterMetricFamily, "dateline_gc_full_collections",
         "Full garbage collections since start (timed under `dateline serve`).", PAUSES.count),
        (CounterMetricFamily, "dateline_gc_full_collection_seconds",
         "Time full garbage collections stopped this process for, in all.", PAUSES.seconds),
        (GaugeMetricFamily, "dateline_gc_frozen_objects",
         "Objects built at start-up and kept out of garbage collections.", gc.get_freeze_count()),
    ]  # fmt: skip
    for family, name, documentation, value in families:
        metric = family(name, documentation, labels=["node"])
        metric.add_metric([node], value)
        yield metric


class Metrics:
    """The registry of one application, and the hooks that feed it."""

    def __init__(self, app: Dateline) -> None:
        node = app.settings.node
        self.registry = CollectorRegistry(auto_describe=True)
        pools = {"write": app.database.write_engine, "read": app.database.read_engine}
        self.registry.register(_Counted(app.hub, node, pools))
        self.fanned_out = Counter(
            "dateline_changes_fanned_out",
            "Changes this node wrote to its readers.",
            ["node"],
            registry=self.registry,
        ).labels(node)
        self.fanout_seconds = Histogram(
            "dateline_fanout_seconds",
            "Time to write one change to every reader of its blog on this node.",
            ["node"],
            buckets=_SECONDS,
            registry=self.registry,
        ).labels(node)
        self.publish_seconds = Histogram(
            "dateline_publish_to_fanout_seconds",
            "From the commit of a change to the end of its fan-out on this node.",
            ["node"],
            buckets=_SECONDS,
            registry=self.registry,
        ).labels(node)
        self.grip_publish_seconds = Histogram(
            "dateline_grip_publish_seconds",
            "Time the GRIP proxy took to accept one published frame.",
            ["node"],
            buckets=_SECONDS,
            registry=self.registry,
        ).labels(node)
        app.hub.fanned_out.append(self.count_fanout)

    def count_fanout(self, channel: Channel, change: Change, frame: bytes, seconds: float) -> None:
        if not frame:
            return  # a change readers do not see
        self.fanned_out.inc()
        self.fanout_seconds.observe(seconds)
        age = (datetime.now(UTC) - change.created_at).total_seconds()
        self.publish_seconds.observe(max(age, 0.0))

    def render(self) -> bytes:
        return generate_latest(self.registry)
