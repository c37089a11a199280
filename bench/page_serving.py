"""Page serving: Dateline's reader page against nginx sending the same bytes.

The demo blog (a realistic page: ~20 updates with quotes, social cards, images)
is served by `dateline serve` (one process, the cached path) and, byte for byte
the same, by nginx from a file, one worker. wrk measures each in the same run,
full responses (200) and conditional ones (If-None-Match -> 304). The figure
is Dateline's requests/s as a share of nginx's.

    python -m bench.page_serving [--quick]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
from rich.table import Table

from bench.dateline_server import DatelineServer
from bench.lifecycle import exit_on_sigterm
from bench.nchan import NchanServer
from bench.output import console, pyplot, save
from bench.static_page import WrkResult, WrkRun, measure
from dateline.demo.seed import seed
from dateline.store.database import Database

GOAL = 0.25  # Dateline's cached page at 25 % or more of nginx static, one worker each


def run(seconds: int, connections: int) -> dict[str, list[WrkResult]]:
    server = DatelineServer()
    server.prepare()
    database = Database(server.database_url)
    slug = seed(database).slug
    database.close()
    static = Path(tempfile.mkdtemp(prefix="bench-page-"))
    static.chmod(0o755)  # nginx workers run as an unprivileged user
    try:
        with server:
            page_url = f"{server.url}/{slug}/"
            page = httpx.get(page_url).content
            (static / "index.html").write_bytes(page)
            console.log(f"page: {len(page):,} bytes; wrk {seconds} s, {connections} connections")
            with NchanServer(static_dir=static) as nginx:
                nginx_url = f"{nginx.base_url}/static/index.html"
                results = {
                    "nginx": measure(WrkRun(nginx_url, None, 1, connections, seconds)),
                    "dateline": measure(WrkRun(page_url, None, 1, connections, seconds)),
                }
    finally:
        shutil.rmtree(static, ignore_errors=True)
    return results


def report(results: dict[str, list[WrkResult]]) -> list[dict[str, object]]:
    table = Table(title="Serving the reader page (one process / one nginx worker; wrk, 1 thread)")
    for column in ("server", "request", "requests/s", "p50 ms", "p99 ms", "of nginx"):
        table.add_column(column, justify="right")
    rows = []
    for server, runs in results.items():
        for index, result in enumerate(runs):
            kind = "304 (If-None-Match)" if result.run.header else "200 (full page)"
            base = results["nginx"][index].requests_per_s
            share = result.requests_per_s / base
            rows.append({"server": server, "request": kind, "share": share, **asdict(result)})
            table.add_row(
                server,
                kind,
                f"{result.requests_per_s:,.0f}",
                f"{result.latency_ms.get('p50', 0):.2f}",
                f"{result.latency_ms.get('p99', 0):.2f}",
                f"{share:.0%}",
            )
    console.print(table)
    full = next(r for r in rows if r["server"] == "dateline" and "200" in str(r["request"]))
    share = float(str(full["share"]))
    verdict = "met" if share >= GOAL else "NOT met"
    console.print(f"Goal: cached page at ≥ {GOAL:.0%} of nginx static: {share:.0%} ({verdict}).")
    return rows


def plot(rows: list[dict[str, object]]) -> Any:
    kinds = ["200 (full page)", "304 (If-None-Match)"]
    fig, ax = pyplot().subplots(figsize=(7, 4))
    for i, server in enumerate(("nginx", "dateline")):
        values = [
            float(str(r["requests_per_s"]))
            for kind in kinds
            for r in rows
            if r["server"] == server and r["request"] == kind
        ]
        ax.bar([x + i * 0.4 for x in range(len(kinds))], values, 0.4, label=server)
    ax.set_xticks([x + 0.2 for x in range(len(kinds))], kinds)
    ax.set_ylabel("requests per second")
    ax.set_title("The reader page: Dateline's cached path and nginx static")
    ax.legend()
    return fig


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 s per wrk run instead of 10")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    results = run(3 if args.quick else 10, args.connections)
    rows = report(results)
    save("page_serving", rows, plot(rows))


if __name__ == "__main__":
    main()
