"""Publishing: how many updates a second the desk can push through the API.

For SQLite (the default) and PostgreSQL, with 1, 4 and 16 editors publishing at
once, each editor a client that sends one update after another for a fixed
time: updates per second and the latency of each publish (p50, p99). Every
publish is a full command: checked, sanitised, written with its revision and
change in one transaction, committed to disk, then rendered once for readers.

    python -m bench.publishing [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any

import httpx
import uvloop
from rich.table import Table

from bench.dateline_server import DatelineServer
from bench.lifecycle import exit_on_sigterm
from bench.output import console, pyplot, save

BODY = (
    "**Kesslebury, 14:05** — The harbourmaster has closed the outer basin after a "
    "second surge overtopped the quay wall.\n\n"
    "> We will not reopen until the water is below the red line.\n> — Harbourmaster\n\n"
    "Ferries to the islands are cancelled for the rest of the day."
)


@dataclass(frozen=True)
class PublishRun:
    engine: str
    editors: int
    published: int
    seconds: float
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


async def editor(client: httpx.AsyncClient, slug: str, until: float, latencies: list[float]) -> int:
    errors = 0
    while time.perf_counter() < until:
        started = time.perf_counter()
        response = await client.post(f"/api/v1/blogs/{slug}/posts", json={"body": BODY})
        if response.status_code == 201:
            latencies.append(time.perf_counter() - started)
        else:
            errors += 1
    return errors


async def run(server: DatelineServer, slug: str, editors: int, seconds: float) -> PublishRun:
    headers = {"Authorization": f"Bearer {server.token}"}
    limits = httpx.Limits(max_connections=editors)
    async with httpx.AsyncClient(
        base_url=server.url, headers=headers, limits=limits, timeout=30
    ) as client:
        await editor(client, slug, time.perf_counter() + 0.5, [])  # warm up
        latencies: list[float] = []
        started = time.perf_counter()
        until = started + seconds
        editing = [editor(client, slug, until, latencies) for _ in range(editors)]
        errors = await asyncio.gather(*editing)
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return PublishRun(
        engine=server.engine,
        editors=editors,
        published=len(ordered),
        seconds=round(elapsed, 2),
        per_second=len(ordered) / elapsed,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[int(len(ordered) * 0.99) - 1] * 1000,
        errors=sum(errors),
    )


def measure(engine: str, editor_counts: list[int], seconds: float) -> list[PublishRun]:
    results = []
    with DatelineServer(engine) as server:
        for editors in editor_counts:
            slug = f"publish-{editors}"
            server.create_blog(slug)
            console.log(f"{engine}: {editors} editor(s) for {seconds:g} s")
            results.append(uvloop.run(run(server, slug, editors, seconds)))
    return results


def report(results: list[PublishRun]) -> None:
    table = Table(title="Publishing through the API (one server process)")
    for column in ("database", "editors", "updates/s", "p50 ms", "p99 ms", "published", "errors"):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            r.engine,
            str(r.editors),
            f"{r.per_second:.0f}",
            f"{r.p50_ms:.1f}",
            f"{r.p99_ms:.1f}",
            str(r.published),
            str(r.errors),
        )
    console.print(table)


def plot(results: list[PublishRun]) -> Any:
    fig, ax = pyplot().subplots(figsize=(7, 4))
    engines = sorted({r.engine for r in results}, reverse=True)
    counts = sorted({r.editors for r in results})
    width = 0.8 / len(engines)
    for i, engine in enumerate(engines):
        rate = {r.editors: r.per_second for r in results if r.engine == engine}
        ax.bar(
            [x + i * width for x in range(len(counts))],
            [rate[c] for c in counts],
            width,
            label=engine,
        )
    ax.set_xticks(
        [x + width * (len(engines) - 1) / 2 for x in range(len(counts))],
        [f"{c} editor{'s' if c > 1 else ''}" for c in counts],
    )
    ax.set_ylabel("updates published per second")
    ax.set_title("Publishing through the API")
    ax.legend()
    return fig


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 s per run instead of 10")
    parser.add_argument("--editors", default="1,4,16")
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    seconds = 3.0 if args.quick else 10.0
    counts = [int(n) for n in args.editors.split(",")]
    results = [r for engine in args.engines.split(",") for r in measure(engine, counts, seconds)]
    report(results)
    save("publishing", [asdict(r) for r in results], plot(results))


if __name__ == "__main__":
    main()
