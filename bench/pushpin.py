"""A private Pushpin (GRIP proxy) for tests and benchmarks, never the system one.

Debian's Pushpin 1.36 needs, beyond its packaged config (see issue #22's notes):
zurl among the runner's services with the proxy pointed at it (the packaged
internal.conf points at a system zurl that does not run), every port moved off
the defaults, a short run directory (long IPC paths fail), a soft open-file
limit above the subscribers, and `message_rate`/`message_hwm` raised so that a
publish reaches every subscriber. Right after start a GRIP request can get
`500 Accept service unavailable` until the proxy and handler are connected, so
`start` waits for a real GRIP request to a route answered 200.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

PUSHPIN = "/usr/bin/pushpin"

_CONFIG = """\
[global]
include={{libdir}}/internal.conf
rundir={run}
ipc_prefix=pp-
port_offset=0
stats_connection_ttl=120

[runner]
services=condure,zurl,pushpin-proxy,pushpin-handler
http_port=127.0.0.1:{http_port}
logdir={run}
log_level=2
client_buffer_size=8192
client_maxconn={max_connections}
condure_bin=condure
zurl_bin=zurl

[proxy]
routesfile=routes
debug=false
auto_cross_origin=false
accept_x_forwarded_protocol=false
set_x_forwarded_protocol=proto-only
x_forwarded_for=
x_forwarded_for_trusted=
orig_headers_need_mark=
accept_pushpin_route=false
log_from=false
log_user_agent=false
sig_iss=pushpin
sig_key={sig_key}
upstream_key=
sockjs_url=
updates_check=off
organization_name=
zurl_out_specs=ipc://{{rundir}}/{{ipc_prefix}}zurl-in
zurl_out_stream_specs=ipc://{{rundir}}/{{ipc_prefix}}zurl-in-stream
zurl_in_specs=ipc://{{rundir}}/{{ipc_prefix}}zurl-out

[handler]
push_in_spec=tcp://127.0.0.1:{push_in}
push_in_sub_specs=tcp://127.0.0.1:{push_in_sub}
push_in_sub_connect=false
push_in_http_addr=127.0.0.1
push_in_http_port={publish_port}
push_in_http_max_headers_size=10000
push_in_http_max_body_size=10000000
stats_spec=ipc://{{rundir}}/{{ipc_prefix}}stats
command_spec=tcp://127.0.0.1:{command}
message_rate={message_rate}
message_hwm={message_hwm}
message_wait=5000
id_cache_ttl=60
connection_subscription_max=20
subscription_linger=60
stats_subscription_ttl=60
stats_report_interval=10
stats_format=tnetstring
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Pushpin:
    """`Pushpin(["127.0.0.1:8001", …])`: a proxy in front of those origins."""

    def __init__(self, origins: list[str], *, max_connections: int = 20000) -> None:
        self.origins = origins
        self.max_connections = max_connections
        self.http_port = _free_port()
        self.publish_port = _free_port()
        # A short path: Pushpin's IPC socket paths must stay well under 100 characters.
        self.run = Path(tempfile.mkdtemp(prefix="pp-", dir="/tmp"))
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def publish_url(self) -> str:
        return f"http://127.0.0.1:{self.publish_port}/publish/"

    def write_config(self) -> Path:
        config = self.run / "pushpin.conf"
        config.write_text(
            _CONFIG.format(
                run=self.run,
                http_port=self.http_port,
                publish_port=self.publish_port,
                push_in=_free_port(),
                push_in_sub=_free_port(),
                command=_free_port(),
                max_connections=self.max_connections,
                sig_key=os.urandom(16).hex(),
                message_rate=50000,
                message_hwm=1000000,
            )
        )
        # Several targets, separated by spaces: tried in turn when one does not answer.
        (self.run / "routes").write_text(f"* {' '.join(self.origins)}\n")
        return config

    def start(self, ready_path: str | None = None) -> None:
        config = self.write_config()
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = min(hard, self.max_connections + 1000)

        def limits() -> None:  # condure does not raise its own soft limit
            resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
            os.setsid()

        log = (self.run / "runner.log").open("ab")
        self.process = subprocess.Popen(
            [PUSHPIN, "--config", str(config)], stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=limits, cwd=self.run,
        )  # fmt: skip
        log.close()
        if ready_path is not None:
            self.wait_ready(ready_path)

    def wait_ready(self, path: str, seconds: float = 60) -> None:
        """Until a GRIP request through the proxy answers 200 (proxy and handler connected)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with httpx.stream("GET", self.url + path, timeout=3) as response:
                    if response.status_code == 200:
                        return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"Pushpin did not get ready:\n{self.log()}")

    def log(self) -> str:
        parts = []
        for path in sorted(self.run.glob("*.log")):
            parts.append(f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)

    def pids(self) -> list[int]:
        return [] if self.process is None else [self.process.pid]

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.run, ignore_errors=True)
