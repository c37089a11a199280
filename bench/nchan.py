"""A private nginx + Nchan server: the reference that Dateline's fan-out is compared with.

Nchan is a C pub/sub module for nginx, so it is a fair "how fast can this be"
baseline for one process on one core. The server here never touches the
system nginx: it runs in the foreground as our child (``daemon off``) with its
own prefix, config, pid and logs under a temporary directory, one worker
process (to match one Python server process), and a file-descriptor limit high
enough for 10k subscribers. It also serves a static directory, so that page
serving can be compared against nginx sending the same bytes from disk.
"""

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from bench.lifecycle import die_with_parent, exit_on_sigterm
from bench.procstat import children
from bench.series import PublishResult

NGINX = "/usr/sbin/nginx"
NCHAN_MODULE = "/usr/lib/nginx/modules/ngx_nchan_module.so"

_CONFIG = """\
load_module {module};
daemon off;
master_process on;
worker_processes {workers};
worker_rlimit_nofile 20000;
pid {work}/nginx.pid;
error_log {work}/error.log warn;

events {{
    worker_connections 19800;  # the per-process file limit here is 20,000
    multi_accept on;
}}

http {{
    access_log off;
    client_body_temp_path {work}/tmp/body;
    proxy_temp_path {work}/tmp/proxy;
    fastcgi_temp_path {work}/tmp/fastcgi;
    uwsgi_temp_path {work}/tmp/uwsgi;
    scgi_temp_path {work}/tmp/scgi;
    types {{
        text/html html;
        text/css css;
        application/javascript js;
        application/json json;
    }}
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 65s;

    nchan_shared_memory_size 256M;
    nchan_message_buffer_length 200;
    nchan_message_timeout 10m;

    server {{
        listen 127.0.0.1:{port} backlog=4096;

        location ~ ^/pub/(\\w+)$ {{
            nchan_publisher;
            nchan_channel_id $1;
        }}

        location ~ ^/sub/(\\w+)$ {{
            nchan_subscriber eventsource;
            nchan_channel_id $1;
            nchan_subscriber_first_message newest;
            nchan_eventsource_ping_interval {ping};
            nchan_eventsource_ping_event "";
            nchan_eventsource_ping_comment "heartbeat";
        }}

        location /static/ {{
            alias {static}/;
            etag on;
        }}
    }}
}}
"""


def free_port() -> int:
    """Return a currently unused TCP port on 127.0.0.1.

    Each run gets a fresh port so that sockets left in TIME_WAIT by a previous
    run (10k of them at a time) can never collide with the next run's.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class NchanServer:
    """A foreground nginx with Nchan on 127.0.0.1; use as a context manager.

    Endpoints: ``POST /pub/<channel>`` publishes, ``GET /sub/<channel>`` is an
    EventSource stream (heartbeat comments every ``ping_interval`` seconds),
    ``GET /static/<file>`` serves files from ``static_dir``.
    """

    def __init__(
        self,
        port: int | None = None,
        static_dir: Path | None = None,
        ping_interval: int = 10,
        workers: int = 1,
    ) -> None:
        self.port = port or free_port()
        self._static_dir = static_dir
        self._ping_interval = ping_interval
        self._worker_processes = workers  # more than one to match several Dateline workers
        self._work: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._workers: list[int] = []
        self._pub_conn: http.client.HTTPConnection | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> None:
        """Write the config, start nginx and wait until it accepts connections."""
        self._work = Path(tempfile.mkdtemp(prefix="bench-nchan-"))
        self._work.chmod(0o755)  # nginx workers run as an unprivileged user and read static/
        for sub in ("tmp", "static"):
            (self._work / sub).mkdir()
        static = self._static_dir or self._work / "static"
        conf = self._work / "nginx.conf"
        conf.write_text(
            _CONFIG.format(
                module=NCHAN_MODULE,
                work=self._work,
                port=self.port,
                static=static.resolve(),
                ping=self._ping_interval,
                workers=self._worker_processes,
            )
        )
        self._proc = subprocess.Popen(
            [NGINX, "-p", str(self._work), "-c", str(conf), "-e", str(self._work / "error.log")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the harness, which then stops nginx in order
            preexec_fn=die_with_parent,  # the harness starts no threads
        )
        try:
            self._wait_ready(self._proc, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, proc: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {proc.returncode}: {self.error_log()}")
            self._workers = children(proc.pid)
            if self._workers and _accepts(self.port):
                return
            time.sleep(0.05)
        raise TimeoutError(f"nginx not ready on port {self.port}: {self.error_log()}")

    def pids(self) -> list[int]:
        """Master and worker pids: together they are the server whose CPU and RSS are measured."""
        return [self._proc.pid, *self._workers] if self._proc else []

    def error_log(self) -> str:
        """Return nginx's error log (last 2000 characters), for diagnostics."""
        log = self._work / "error.log" if self._work else None
        return log.read_text()[-2000:] if log and log.exists() else ""

    def publish(self, channel: str, data: bytes) -> PublishResult:
        """POST ``data`` to the channel and return when it was sent and answered.

        A single keep-alive connection is reused so the measured time is the
        server's work, not a TCP handshake. The event id is Nchan's message id
        (``<time>:<tag>``) from the JSON publisher response, which is the
        ``id:`` the subscribers receive.
        """
        if self._pub_conn is None:
            self._pub_conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        t_sent = time.monotonic()
        self._pub_conn.request("POST", f"/pub/{channel}", body=data, headers=headers)
        response = self._pub_conn.getresponse()
        body = response.read()
        t_done = time.monotonic()
        if response.status not in (201, 202):
            raise RuntimeError(f"publish failed: {response.status} {body[:200]!r}")
        return PublishResult(json.loads(body)["last_message_id"], t_sent, t_done)

    def stop(self) -> None:
        """Stop nginx (SIGTERM, then SIGKILL after 5 s) and delete its directory."""
        if self._pub_conn is not None:
            self._pub_conn.close()
            self._pub_conn = None
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.send_signal(signal.SIGTERM)
                try:
                    self._proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self._proc.kill()
                    self._proc.wait(timeout=5)
            for pid in self._workers:  # a SIGKILLed master leaves its worker behind
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self._proc = None
            self._workers = []
        if self._work is not None:
            shutil.rmtree(self._work, ignore_errors=True)
            self._work = None

    def __enter__(self) -> "NchanServer":
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def main() -> None:
    """Start the server and publish a few updates: a quick manual check of the setup."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--publishes", type=int, default=3)
    args = parser.parse_args()
    exit_on_sigterm()
    with NchanServer() as server:
        print(f"nginx+nchan on {server.base_url}, pids {server.pids()}")
        for i in range(args.publishes):
            result = server.publish("demo", f'{{"seq":{i}}}'.encode())
            took = (result.t_done - result.t_sent) * 1e3
            print(f"publish {i}: id {result.event_id} in {took:.2f} ms")


if __name__ == "__main__":
    main()
