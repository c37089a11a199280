"""Scale-out benchmark: fan-out with `dateline serve --workers 2` against nginx+Nchan
with two workers, at the same reader count in the same run, and through Pushpin
(DATELINE_FANOUT=grip) beside them.

The measuring is bench/fanout.py's (per-reader receipt times, a latency phase and
a flood phase, runs repeated while other processes disturb them); this module adds
the targets:

* ``nchan``: nginx + Nchan, two worker processes here (the reference);
* ``dateline-2``: `dateline serve --workers 2` on PostgreSQL with the PostgreSQL
  broadcast, so a change committed by one worker reaches the other's readers at once;
* ``pushpin``: one `dateline serve` in GRIP mode behind a private Pushpin holding
  every reader's stream (Pushpin tuned as bench/pushpin.py explains).

Full run for the integrator (20,000 readers direct, 10,000 through Pushpin; about
15 minutes on an idle 2-core machine):

    python -m bench.scaleout

Small proof that it works (what a shared machine allows):

    python -m bench.scaleout --readers 500 --pushpin-readers 500 --publishes 5 \
        --flood-seconds 1 --quiet-wait 5 --retries 0
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench import fanout
from bench.dateline_server import DatelineServer
from bench.lifecycle import exit_on_sigterm
from bench.nchan import NchanServer
from bench.procstat import children
from bench.pushpin import Pushpin

PNG_PATH = fanout.REPO / "docs" / "benchmarks" / "scaleout.png"


class NchanTwoWorkers(fanout.NchanTarget):
    name = "nchan"  # the ratios baseline; two workers here

    def start(self) -> None:
        self._server = NchanServer(workers=2)
        self._server.start()


class DatelineTwoWorkers(fanout.DatelineTarget):
    """`dateline serve --workers 2` on PostgreSQL, workers told of each other's changes."""

    name = "dateline-2"

    def start(self) -> None:
        server = DatelineServer(engine="postgresql", args=["--workers", "2"])
        server.prepare()
        server.env["DATELINE_BROADCAST_URL"] = server.database_url
        server.start()
        self._server = server
        server.create_blog(self._SLUG)

    def pids(self) -> list[int]:
        supervisor = self._running().pid
        return [supervisor, *children(supervisor)]


class DatelineBehindPushpin(fanout.DatelineTarget):
    """One `dateline serve` in GRIP mode; readers connect to Pushpin."""

    name = "pushpin"

    def __init__(self) -> None:
        super().__init__()
        self._pushpin: Pushpin | None = None

    def start(self) -> None:
        server = DatelineServer()
        server.prepare()
        pushpin = Pushpin([f"127.0.0.1:{server.port}"], max_connections=25000)
        server.env.update(
            {"DATELINE_FANOUT": "grip", "DATELINE_GRIP_PUBLISH_URL": pushpin.publish_url}
        )
        server.start()
        self._server = server
        server.create_blog(self._SLUG)
        pushpin.start(ready_path=f"/{self._SLUG}/live")
        self._pushpin = pushpin

    def stop(self) -> None:
        if self._pushpin is not None:
            self._pushpin.remove()
            self._pushpin = None
        super().stop()

    def subscribe_url(self) -> str:
        assert self._pushpin is not None
        return f"{self._pushpin.url}/{self._SLUG}/live"

    def pids(self) -> list[int]:
        assert self._pushpin is not None
        runner = self._pushpin.pids()
        return [self._running().pid, *runner, *(c for r in runner for c in children(r))]


def main() -> None:
    parser = argparse.ArgumentParser(description="Scale-out fan-out (see module docstring).")
    parser.add_argument("--readers", type=int, default=20000, help="direct readers (both)")
    parser.add_argument("--pushpin-readers", type=int, default=10000)
    parser.add_argument("--publishes", type=int, default=30)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--flood-seconds", type=float, default=5.0)
    parser.add_argument("--window", type=int, default=8)
    parser.add_argument("--workers", type=int, help="load-generator processes (default: cores)")
    parser.add_argument("--connect-timeout", type=float, default=180.0)
    parser.add_argument("--quiet-wait", type=float, default=120.0)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--skip-pushpin", action="store_true")
    parser.add_argument("--png", type=Path, default=PNG_PATH)
    args = parser.parse_args()
    exit_on_sigterm()

    def settings(readers: int) -> fanout.Settings:
        return fanout.Settings(
            readers=[readers], publishes=args.publishes, interval=args.interval,
            flood_seconds=args.flood_seconds, window=args.window, workers=args.workers,
            connect_timeout=args.connect_timeout, quiet_wait=args.quiet_wait,
            retries=args.retries,
        )  # fmt: skip

    plan: list[tuple[type[fanout.DatelineTarget] | type[fanout.NchanTarget], int]] = [
        (NchanTwoWorkers, args.readers),
        (DatelineTwoWorkers, args.readers),
    ]
    if not args.skip_pushpin:
        plan.append((DatelineBehindPushpin, args.pushpin_readers))
    runs = []
    for target, readers in plan:
        print(f"{target.name}: {readers:,} readers ...", flush=True)
        run = fanout.run_clean(target, readers, settings(readers))
        print(
            f"  connected {run.connected:,} (failed {run.failed:,}) in {run.connect_s:.1f} s; "
            f"response->receipt {run.latency.from_response} ms; "
            f"{run.flood.publishes_per_s:.1f} pub/s; other load {run.other_busy_cores} cores",
            flush=True,
        )
        runs.append(run)
    fanout.print_report(runs)
    print(f"results: {fanout.write_json(runs, settings(args.readers))}")
    fanout.plot(runs, args.png)
    print(f"plot: {args.png}")


if __name__ == "__main__":
    main()
