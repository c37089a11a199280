"""Page serving: Dateline's reader page against nginx sending the same bytes.

The demo blog (a realistic page: ~20 updates with quotes, social cards, images)
is served by `dateline serve` (one process, the cached path) and, byte for byte
the same, by nginx from a file, one worker. wrk measures each, full responses
(200) and conditional ones (If-None-Match -> 304).

The machine is shared, so one run proves little: the two servers are measured
in interleaved rounds (nginx, Dateline, nginx, Dateline …), each round's share
is Dateline's requests/s over the nginx run beside it, and the figure is the
median share. Each run also records the server's own CPU seconds, so a second
figure — requests per CPU-second of the server, a share of nginx's — holds
even when other work on the machine steals the wall clock.

    python -m bench.page_serving [--quick] [--rounds N] [--profile]

`--profile` runs py-spy on the Dateline process during one more wrk run and
prints where its time goes (py-spy comes with the `bench` extra).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from rich.table import Table

from bench.dateline_server import DatelineServer
from bench.lifecycle import exit_on_sigterm
from bench.nchan import NchanServer
from bench.output import RESULTS, console, pyplot, save
from bench.procstat import cpu_seconds
from bench.static_page import WrkRun, etag_of, run_wrk
from dateline.demo.seed import seed
from dateline.store.database import Database

GOAL = 0.5  # Dateline's cached page at half of nginx static or more, one worker each
KINDS = ("200 (full page)", "304 (If-None-Match)")


@dataclasses.dataclass(frozen=True)
class Round:
    server: str
    kind: str
    round: int
    requests_per_s: float
    requests_per_cpu_s: float
    p50_ms: float
    p99_ms: float


def _measure(name: str, url: str, header: str | None, pids: list[int], seconds: int,
             connections: int, index: int) -> Round:  # fmt: skip
    before = sum(cpu_seconds(pid) for pid in pids)
    result = run_wrk(WrkRun(url, header, 1, connections, seconds))
    used = sum(cpu_seconds(pid) for pid in pids) - before
    return Round(
        name,
        KINDS[1] if header else KINDS[0],
        index,
        result.requests_per_s,
        result.requests / used if used > 0 else 0.0,
        result.latency_ms.get("p50", 0.0),
        result.latency_ms.get("p99", 0.0),
    )


def run(seconds: int, connections: int, rounds: int, profile: bool) -> list[Round]:
    server = DatelineServer()
    server.prepare()
    database = Database(server.database_url)
    slug = seed(database).slug
    database.close()
    static = Path(tempfile.mkdtemp(prefix="bench-page-"))
    static.chmod(0o755)  # nginx workers run as an unprivileged user
    measured: list[Round] = []
    try:
        with server:
            page_url = f"{server.url}/{slug}/"
            page = httpx.get(page_url).content
            (static / "index.html").write_bytes(page)
            console.log(
                f"page: {len(page):,} bytes; {rounds} rounds of wrk {seconds} s, "
                f"{connections} connections"
            )
            with NchanServer(static_dir=static) as nginx:
                nginx_url = f"{nginx.base_url}/static/index.html"
                targets = {
                    "nginx": (nginx_url, etag_of(nginx_url), nginx.pids()),
                    "dateline": (page_url, etag_of(page_url), [server.pid]),
                }
                for index in range(rounds):
                    for etag in (None, "etag"):
                        for name, (url, tag, pids) in targets.items():
                            header = f"If-None-Match: {tag}" if etag else None
                            measured.append(
                                _measure(name, url, header, pids, seconds, connections, index)
                            )
                    console.log(f"round {index + 1} of {rounds} done")
            if profile:
                where_time_goes(server.pid, page_url, seconds * 2, connections)
    finally:
        shutil.rmtree(static, ignore_errors=True)
    return measured


def where_time_goes(pid: int, url: str, seconds: int, connections: int) -> None:
    """py-spy on the server during one wrk run: the lines where it spends its time."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        console.print("py-spy is not installed (pip install -e '.[bench]'): no profile.")
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "page_serving-profile.txt"
    command = [spy, "record", "-p", str(pid), "-d", str(seconds), "-r", "250", "-f", "raw",
               "-o", str(out), "--nonblocking"]  # fmt: skip
    recorder = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run_wrk(WrkRun(url, None, 1, connections, seconds))
    recorder.wait(timeout=seconds + 30)
    own: collections.Counter[str] = collections.Counter()
    for line in out.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        own[stack.split(";")[-1]] += int(samples)
    total = sum(own.values()) or 1
    table = Table(title=f"Where the Dateline process spends its time (py-spy, {total} samples)")
    table.add_column("share", justify="right")
    table.add_column("function (file:line)")
    for frame, taken in own.most_common(15):
        table.add_row(f"{taken / total:.0%}", frame)
    console.print(table)
    console.print(f"Raw stacks (flamegraph input): {out}")


def summary(measured: list[Round]) -> list[dict[str, Any]]:
    """Per server and request kind: medians, and Dateline's median share of nginx."""
    rows = []
    for kind in KINDS:
        nginx = {r.round: r for r in measured if r.server == "nginx" and r.kind == kind}
        for name in ("nginx", "dateline"):
            runs = [r for r in measured if r.server == name and r.kind == kind]
            shares = [r.requests_per_s / nginx[r.round].requests_per_s for r in runs]
            cpu_shares = [
                r.requests_per_cpu_s / nginx[r.round].requests_per_cpu_s
                for r in runs
                if nginx[r.round].requests_per_cpu_s
            ]
            rows.append({
                "server": name,
                "request": kind,
                "requests_per_s": statistics.median(r.requests_per_s for r in runs),
                "requests_per_cpu_s": statistics.median(r.requests_per_cpu_s for r in runs),
                "p50_ms": statistics.median(r.p50_ms for r in runs),
                "p99_ms": statistics.median(r.p99_ms for r in runs),
                "share": statistics.median(shares),
                "shares": shares,
                "cpu_share": statistics.median(cpu_shares) if cpu_shares else 0.0,
            })  # fmt: skip
    return rows


def report(measured: list[Round]) -> list[dict[str, Any]]:
    runs = Table(title="Every run, in the order measured")
    for column in ("round", "request", "server", "requests/s", "req per CPU-s", "p99 ms"):
        runs.add_column(column, justify="right")
    for r in measured:
        runs.add_row(str(r.round + 1), r.kind, r.server, f"{r.requests_per_s:,.0f}",
                     f"{r.requests_per_cpu_s:,.0f}", f"{r.p99_ms:.2f}")  # fmt: skip
    console.print(runs)
    rows = summary(measured)
    table = Table(title="Serving the reader page (one process / one nginx worker; wrk, 1 thread)")
    columns = ("server", "request", "requests/s", "p50 ms", "p99 ms", "share (rounds)",
               "req per CPU-s", "CPU share")  # fmt: skip
    for column in columns:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row["server"],
            row["request"],
            f"{row['requests_per_s']:,.0f}",
            f"{row['p50_ms']:.2f}",
            f"{row['p99_ms']:.2f}",
            f"{row['share']:.0%} (" + ", ".join(f"{s:.0%}" for s in row["shares"]) + ")",
            f"{row['requests_per_cpu_s']:,.0f}",
            f"{row['cpu_share']:.0%}",
        )
    console.print(table)
    full = next(r for r in rows if r["server"] == "dateline" and r["request"] == KINDS[0])
    verdict = "met" if full["share"] >= GOAL else "NOT met"
    console.print(
        f"Goal: cached page at ≥ {GOAL:.0%} of nginx static: median {full['share']:.0%} "
        f"({verdict}); per CPU-second of the server: {full['cpu_share']:.0%}."
    )
    return rows


def plot(rows: list[dict[str, Any]]) -> Any:
    fig, ax = pyplot().subplots(figsize=(7, 4))
    for i, server in enumerate(("nginx", "dateline")):
        values = [
            float(r["requests_per_s"])
            for kind in KINDS
            for r in rows
            if r["server"] == server and r["request"] == kind
        ]
        ax.bar([x + i * 0.4 for x in range(len(KINDS))], values, 0.4, label=server)
    ax.set_xticks([x + 0.2 for x in range(len(KINDS))], KINDS)
    ax.set_ylabel("requests per second (median of rounds)")
    ax.set_title("The reader page: Dateline's cached path and nginx static")
    ax.legend()
    return fig


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 s per wrk run instead of 5")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--profile", action="store_true", help="py-spy the server afterwards")
    args = parser.parse_args()
    rounds = min(args.rounds, 3) if args.quick else args.rounds
    measured = run(3 if args.quick else 5, args.connections, rounds, args.profile)
    rows = report(measured)
    save("page_serving", {"rows": rows, "runs": [dataclasses.asdict(r) for r in measured]},
         plot(rows))  # fmt: skip


if __name__ == "__main__":
    main()
