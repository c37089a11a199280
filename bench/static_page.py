"""Page-serving throughput with wrk: the reader page against nginx sending the same bytes.

nginx serving a file from disk is the practical upper bound for a page that
does not change between requests, so Dateline's ``GET /{slug}/`` is reported
as a fraction of it. Both the full 200 response and the conditional request
(``If-None-Match`` -> 304, what returning readers mostly send) are measured.

Run: ``python -m bench.static_page`` serves a generated ~60 KB live-blog page
(or ``--page FILE``) from a private nginx; ``--url URL`` measures any URL.
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.lifecycle import exit_on_sigterm
from bench.nchan import NchanServer

RESULTS_DIR = Path(__file__).resolve().parent / "results"
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_PERCENTILE = re.compile(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
_SIZES = {"B": 1, "KB": 2**10, "MB": 2**20, "GB": 2**30, "TB": 2**40}


@dataclass(frozen=True)
class WrkRun:
    """How wrk was asked to run."""

    url: str
    header: str | None = None
    threads: int = 1
    connections: int = 64
    seconds: int = 5  # wrk takes whole seconds


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured; latency percentiles in milliseconds."""

    run: WrkRun
    requests: int
    requests_per_s: float
    bytes_per_s: float
    latency_ms: dict[str, float]
    socket_errors: dict[str, int]
    non_2xx_3xx: int


def parse_wrk(output: str, run: WrkRun) -> WrkResult:
    """Extract rates, latency distribution and errors from ``wrk --latency`` output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    transfer = re.search(r"Transfer/sec:\s+([\d.]+)([KMGT]?B)", output)
    total = re.search(r"(\d+) requests in ", output)
    if not (rps and transfer and total):
        raise ValueError(f"unexpected wrk output:\n{output}")
    distribution = output.split("Latency Distribution", 1)[-1]
    latency = {
        f"p{pct}": float(value) * _UNITS[unit]
        for pct, value, unit in _PERCENTILE.findall(distribution)
    }
    errors = re.search(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    names = ("connect", "read", "write", "timeout")
    return WrkResult(
        run=run,
        requests=int(total.group(1)),
        requests_per_s=float(rps.group(1)),
        bytes_per_s=float(transfer.group(1)) * _SIZES[transfer.group(2)],
        latency_ms=latency,
        socket_errors=dict(zip(names, map(int, errors.groups()), strict=True)) if errors else {},
        non_2xx_3xx=int(non_ok.group(1)) if non_ok else 0,
    )


def run_wrk(run: WrkRun) -> WrkResult:
    """Run wrk as described by ``run`` (one thread by default: the other core is the server's)."""
    command = ["wrk", f"-t{run.threads}", f"-c{run.connections}", f"-d{run.seconds}s", "--latency"]
    if run.header:
        command += ["-H", run.header]
    done = subprocess.run(
        [*command, run.url], capture_output=True, text=True, timeout=run.seconds + 30
    )
    if done.returncode:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout, run)


def make_page(size: int = 60_000) -> bytes:
    """A deterministic live-blog-like HTML page of exactly ``size`` bytes."""
    head = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<title>Election night - live</title><link rel=stylesheet href=/static/live.css>"
        "</head><body><main><h1>Election night - live</h1><ol class=posts>"
    )
    tail = "</ol></main></body></html>\n"
    posts: list[str] = []
    length = len(head) + len(tail)
    index = 0
    while length < size:
        posts.append(
            f'<li id="u{index}"><time datetime="2024-11-05T21:{index % 60:02d}:00Z">'
            f"21:{index % 60:02d}</time><p>Update {index}: officials confirmed the latest "
            "figures from the outer districts; turnout is <em>higher than expected</em>."
            "</p></li>"
        )
        length += len(posts[-1])
        index += 1
    page = (head + "".join(posts))[: size - len(tail)] + tail
    return page.encode()


def etag_of(url: str) -> str | None:
    """GET ``url``; fail unless it answers 200, else return its ETag (for a conditional request)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=10)
    try:
        conn.request("GET", parts.path or "/")
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}, not 200")
        return response.getheader("ETag")
    finally:
        conn.close()


def measure(run: WrkRun) -> list[WrkResult]:
    """Full responses, then conditional ones (-> 304) when the URL carries an ETag."""
    etag = etag_of(run.url)
    results = [run_wrk(run)]
    if etag:
        results.append(run_wrk(dataclasses.replace(run, header=f"If-None-Match: {etag}")))
    return results


def main() -> None:
    """Measure nginx serving a page from disk, or any URL given with --url."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--url", help="measure this URL instead of nginx serving --page")
    parser.add_argument("--page", type=Path, help="file nginx serves (default: generated 60 KB)")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    exit_on_sigterm()

    def run_for(url: str) -> WrkRun:
        return WrkRun(url, None, args.threads, args.connections, args.seconds)

    if args.url:
        results = measure(run_for(args.url))
    else:
        static = Path(tempfile.mkdtemp(prefix="bench-static-"))
        static.chmod(0o755)  # nginx workers run as an unprivileged user
        try:
            page = args.page.read_bytes() if args.page else make_page()
            (static / "index.html").write_bytes(page)
            with NchanServer(static_dir=static) as server:
                results = measure(run_for(f"{server.base_url}/static/index.html"))
        finally:
            shutil.rmtree(static, ignore_errors=True)

    for result in results:
        lat = result.latency_ms
        print(
            f"{result.run.url} {result.run.header or ''}: {result.requests_per_s:,.0f} req/s, "
            f"{result.bytes_per_s / 2**20:,.1f} MiB/s, latency p50 {lat.get('p50', 0):.3f} ms "
            f"p99 {lat.get('p99', 0):.3f} ms, errors {result.socket_errors}, "
            f"non-2xx/3xx {result.non_2xx_3xx}"
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"static-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps([dataclasses.asdict(r) for r in results], indent=2))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
