"""Growth: does a blog get slower to open as it grows?

For blogs of 10, 100, 10,000 and 100,000 updates (SQLite, the default engine),
measure the median time to first byte of:
- the reader page right after a new update (a cache miss: the page is rendered),
- the reader page again (served from the per-sequence cache),
- `changes?after=N` for a reader a few updates behind (a cache miss),
- the API's first page of updates (read from the database every time),
and the database's size on disk. The first page must not depend on how many
updates lie behind it.

    python -m bench.growth [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import insert, select, update

from bench.dateline_server import DatelineServer
from bench.lifecycle import exit_on_sigterm
from bench.output import console, pyplot, save
from dateline.domain.blocks import Text
from dateline.domain.post import Post
from dateline.store.codec import post_to_row, post_to_snapshot
from dateline.store.database import Database
from dateline.store.schema import blogs, changes, posts, revisions

BODY = (
    "<p>Rescue teams reached the lower town shortly after dawn, the county's emergency "
    "co-ordinator said, and were working street by street.</p><p>Power is still off in "
    "three districts; the operator says repairs depend on the wind easing.</p>"
)


@dataclass(frozen=True)
class Growth:
    updates: int
    page_miss_ms: float
    page_hit_ms: float
    changes_miss_ms: float
    api_first_page_ms: float
    database_mb: float


def seed(database_url: str, slug: str, count: int, progress: Callable[[int], None]) -> None:
    """Write `count` published updates, each with its revision and change, in bulk.

    The rows are exactly those `create_post` writes (built by the store's own codec);
    only the per-update transaction is skipped, so 100,000 take seconds, not minutes.
    """
    database = Database(database_url)
    start = datetime(2016, 12, 12, 6, 0, tzinfo=UTC)
    template = Post(id=0, blog_id=0, kind="update", status="published", blocks=(Text(html=BODY),))
    with database.write_engine.begin() as conn:
        found = select(blogs.c.id, blogs.c.last_seq).where(blogs.c.slug == slug)
        blog_id, seq = conn.execute(found).one()
        newest = select(posts.c.id).order_by(posts.c.id.desc()).limit(1)
        first = (conn.execute(newest).scalar() or 0) + 1
        for offset in range(0, count, 5000):
            batch = range(offset, min(offset + 5000, count))
            rows, history, log = [], [], []
            for i in batch:
                when = start + timedelta(seconds=30 * i)
                post = replace(
                    template,
                    id=first + i,
                    blog_id=blog_id,
                    published_at=when,
                    created_at=when,
                    updated_at=when,
                    created_by="bench",
                )
                rows.append({"id": post.id, **post_to_row(post)})
                history.append(
                    {
                        "id": post.id,
                        "post_id": post.id,
                        "version": 1,
                        "actor": "bench",
                        "snapshot": post_to_snapshot(post),
                        "created_at": when,
                    }
                )
                log.append(
                    {
                        "blog_id": blog_id,
                        "seq": seq + 1 + i,
                        "action": "publish",
                        "public": True,
                        "post_id": post.id,
                        "revision_id": post.id,
                        "blog_snapshot": None,
                        "actor": "bench",
                        "created_at": when,
                    }
                )
            conn.execute(insert(posts), rows)
            conn.execute(insert(revisions), history)
            conn.execute(insert(changes), log)
            progress(len(batch))
        conn.execute(update(blogs).where(blogs.c.id == blog_id).values(last_seq=seq + count))
    database.close()


def ttfb(client: httpx.Client, url: str) -> float:
    """Milliseconds until the response's headers arrive."""
    started = time.perf_counter()
    with client.stream("GET", url) as response:
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        response.read()
    return elapsed * 1000


def measure(count: int, rounds: int, progress: Progress) -> Growth:
    with DatelineServer() as server:
        slug = f"grow-{count}"
        server.create_blog(slug, stamp_format="wire", time_zone="Europe/London")
        task = progress.add_task(f"seeding {count:,} updates", total=count)
        seed(server.database_url, slug, count, lambda n: progress.advance(task, n))
        progress.remove_task(task)
        server.stop()  # restart: nothing of the seeded blog is in memory
        server.start()
        client = httpx.Client(base_url=server.url, timeout=30)
        samples: dict[str, list[float]] = {k: [] for k in ("miss", "hit", "changes", "api")}
        task = progress.add_task(f"measuring {count:,}", total=rounds)
        for _ in range(3):  # warm up: templates compiled, connections open
            server.publish(slug, "Warming up.")
            client.get(f"/{slug}/")
        for _ in range(rounds):
            seq = int(server.publish(slug, "A new update arrives.")["seq"])
            time.sleep(0.02)  # let the hub apply it, as a reader's request would find it
            samples["miss"].append(ttfb(client, f"/{slug}/"))
            samples["hit"].append(ttfb(client, f"/{slug}/"))
            samples["changes"].append(ttfb(client, f"/api/v1/blogs/{slug}/changes?after={seq - 5}"))
            samples["api"].append(ttfb(client, f"/api/v1/blogs/{slug}/posts?limit=20"))
            progress.advance(task)
        progress.remove_task(task)
        client.close()
        size = server.database_bytes() / 1e6
    median = {k: statistics.median(v) for k, v in samples.items()}
    return Growth(count, median["miss"], median["hit"], median["changes"], median["api"], size)


def report(results: list[Growth]) -> None:
    base = next(r for r in results if r.updates == 100)
    table = Table(title="Growth: median time to first byte (ms), SQLite, one process")
    for column in (
        "updates",
        "page (render)",
        "× 100",
        "page (cached)",
        "changes?after",
        "API first page",
        "database MB",
    ):
        table.add_column(column, justify="right")
    for r in results:
        table.add_row(
            f"{r.updates:,}",
            f"{r.page_miss_ms:.2f}",
            f"{r.page_miss_ms / base.page_miss_ms:.2f}",
            f"{r.page_hit_ms:.2f}",
            f"{r.changes_miss_ms:.2f}",
            f"{r.api_first_page_ms:.2f}",
            f"{r.database_mb:.1f}",
        )
    console.print(table)
    biggest = results[-1]
    ratio = biggest.page_miss_ms / base.page_miss_ms
    verdict = "met" if ratio <= 1.5 else "NOT met"
    console.print(
        f"Goal: first page of a {biggest.updates:,}-update blog within 1.5× of a 100-update "
        f"blog: {ratio:.2f}× ({verdict})."
    )


def plot(results: list[Growth]) -> Any:
    plt = pyplot()
    labels = [f"{r.updates:,}" for r in results]
    series = {
        "page (render)": [r.page_miss_ms for r in results],
        "page (cached)": [r.page_hit_ms for r in results],
        "changes?after=N": [r.changes_miss_ms for r in results],
        "API first page": [r.api_first_page_ms for r in results],
    }
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.2
    for i, (name, values) in enumerate(series.items()):
        ax.bar([x + i * width for x in range(len(labels))], values, width, label=name)
    ax.set_xticks([x + 1.5 * width for x in range(len(labels))], labels)
    ax.set_xlabel("updates in the blog")
    ax.set_ylabel("median time to first byte (ms)")
    ax.set_title("Opening a blog does not slow down as it grows")
    ax.legend()
    return fig


def main() -> None:
    exit_on_sigterm()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--sizes", default="10,100,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rounds = 11 if args.quick else 31
    with Progress(console=console, transient=True) as progress:
        results = [measure(n, rounds, progress) for n in sizes]
    report(results)
    save("growth", [asdict(r) for r in results], plot(results))


if __name__ == "__main__":
    main()
