"""A cache miss never pauses fan-out: rendering a long page, and what the event loop feels.

A blog of 100 updates, each with an embed (a social post or a video card) and
a quote, shown 100 to a page: the heaviest page a reader can ask for. The
benchmark times the render itself (Jinja to bytes, gzip and Brotli), then asks
for 20 uncached pages while a ticker on the event loop notes how late it
wakes: the page cache renders in a worker thread, so the ticker (standing in
for the hub's fan-out loop) is never held for the length of a render.

    python -m bench.page_render [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from rich.table import Table

from bench.output import console
from dateline.domain.roles import Actor, Role
from dateline.settings import Settings
from dateline.store import blog_commands, migrate, post_commands
from dateline.web.app import create_app
from dateline.web.pages import read_page_view

UPDATES = 100
EMBEDS = (
    "https://twitter.com/newsdesk/status/{n}",
    "https://www.youtube.com/watch?v=dQw4w9WgXc{n}",
)


def body(n: int) -> str:
    return (
        f"**Update {n}.** Rescue crews reached the lower town at first light.\n\n"
        f"{EMBEDS[n % 2].format(n=n % 10)}\n\n"
        "> The water came in faster than anyone had planned for.\n\n"
        "Officials said roads to the north remain closed."
    )


async def measure(folder: Path, renders: int) -> dict[str, float]:
    url = f"sqlite:///{folder / 'render.db'}"
    app = create_app(Settings(database_url=url, page_size=UPDATES, capture_seconds=0))
    migrate.upgrade(app.database)
    editor = Actor("bench", Role.EDITOR)
    app.database.run_write(blog_commands.create_blog, {"slug": "flood", "title": "Flood"}, editor)
    for n in range(UPDATES):
        app.database.run_write(post_commands.create_post, "flood", {"body": body(n)}, editor)
    await app.start()
    try:
        channel = await app.hub.channel("flood")
        view = await app.database.read(read_page_view, channel.blog.id, size=UPDATES, cursor=None)
        timings = []
        for _ in range(renders):
            started = time.perf_counter()
            app.pages._encode(channel.blog.id, view, app.distribution.site.fingerprint)
            timings.append((time.perf_counter() - started) * 1000)
        page = app.pages._encode(channel.blog.id, view, app.distribution.site.fingerprint)
        # Cache misses while the loop keeps a 1 ms beat: how late is the beat at worst?
        lateness: list[float] = []
        stop = asyncio.Event()

        async def beat() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.001)
                lateness.append((time.perf_counter() - started - 0.001) * 1000)

        ticker = asyncio.create_task(beat())
        for _ in range(20):
            app.pages._pages.clear()
            await app.pages.blog_page("flood", None)
        stop.set()
        await ticker
        # The same misses rendered on the loop itself (as before), for comparison.
        threaded, lateness = lateness, []
        stop.clear()
        ticker = asyncio.create_task(beat())
        for _ in range(20):
            view = await app.database.read(
                read_page_view, channel.blog.id, size=UPDATES, cursor=None
            )
            app.pages._encode(channel.blog.id, view, app.distribution.site.fingerprint)
            await asyncio.sleep(0)
        stop.set()
        await ticker
        inline, lateness = lateness, threaded
    finally:
        await app.stop()
    return {
        "page_bytes": len(page.body),
        "render_ms_median": statistics.median(timings),
        "render_ms_max": max(timings),
        "loop_late_ms_p99": statistics.quantiles(lateness, n=100)[98],
        "loop_late_ms_max": max(lateness),
        "inline_late_ms_p99": statistics.quantiles(inline, n=100)[98],
        "inline_late_ms_max": max(inline),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        figures = asyncio.run(measure(Path(folder), 10 if args.quick else 30))
    table = Table(title=f"A cache-miss render of a {UPDATES}-update page with embeds")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("page (bytes, uncompressed)", f"{figures['page_bytes']:,.0f}")
    table.add_row("render + gzip + Brotli, median ms", f"{figures['render_ms_median']:.1f}")
    table.add_row("render + gzip + Brotli, max ms", f"{figures['render_ms_max']:.1f}")
    table.add_row("event loop late during misses, p99 ms", f"{figures['loop_late_ms_p99']:.1f}")
    table.add_row("event loop late during misses, max ms", f"{figures['loop_late_ms_max']:.1f}")
    table.add_row("the same, rendered on the loop: p99 ms", f"{figures['inline_late_ms_p99']:.1f}")
    table.add_row("the same, rendered on the loop: max ms", f"{figures['inline_late_ms_max']:.1f}")
    console.print(table)
    console.print(
        "The render runs in a worker thread (web/pages.py): the loop is late only by "
        "the interpreter's switch interval, not by the render's length."
    )


if __name__ == "__main__":
    main()
