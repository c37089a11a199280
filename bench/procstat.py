"""CPU time and resident memory of server processes, read from /proc.

The fan-out comparison reports server CPU per phase and memory per connected
reader; both come from the kernel's own accounting so that the numbers mean
the same for nginx (a master plus one worker) and for a single Python process.

Each sample also reads the whole machine's counters, because the server, the
load generator and possibly other people's work share two cores: whatever CPU
is neither ours nor interrupt handling (loopback TCP is processed in softirq
context and charged to no process) is "other" load that skews a run.
"""

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, slots=True)
class Sample:
    """CPU seconds (user + system) and VmRSS bytes summed over some pids, plus machine counters."""

    wall: float
    cpu_s: float
    rss: int
    machine_busy_s: float  # all cores, not idle
    machine_irq_s: float  # all cores, hard and soft interrupts

    def cpu_since(self, earlier: "Sample") -> float:
        """CPU seconds the pids used between ``earlier`` and this sample."""
        return self.cpu_s - earlier.cpu_s

    def busy_since(self, earlier: "Sample") -> float:
        """Cores the pids kept busy between ``earlier`` and this sample (1.0 = one full core)."""
        return self._per_wall(self.cpu_since(earlier), earlier)

    def machine_busy_since(self, earlier: "Sample") -> float:
        """Cores the whole machine kept busy between ``earlier`` and this sample."""
        return self._per_wall(self.machine_busy_s - earlier.machine_busy_s, earlier)

    def machine_irq_since(self, earlier: "Sample") -> float:
        """Cores spent in interrupt handling (mostly loopback TCP softirq) since ``earlier``."""
        return self._per_wall(self.machine_irq_s - earlier.machine_irq_s, earlier)

    def _per_wall(self, seconds: float, earlier: "Sample") -> float:
        wall = self.wall - earlier.wall
        return seconds / wall if wall > 0 else 0.0


def cpu_seconds(pid: int) -> float:
    """Return utime + stime of ``pid`` in seconds (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    # The command name may contain spaces and parentheses; fields resume after the last ')'.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss_bytes(pid: int) -> int:
    """Return VmRSS of ``pid`` in bytes (0 for a process that has no memory, e.g. a zombie)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def machine_seconds() -> tuple[float, float]:
    """(non-idle, interrupt) CPU seconds of all cores since boot, from /proc/stat."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, f.readline().split()[1:9]
        )
    busy = user + nice + system + irq + softirq + steal  # guest time is already in user
    return busy / _TICKS, (irq + softirq) / _TICKS


def sample(pids: Iterable[int]) -> Sample:
    """Sample CPU seconds and RSS summed over ``pids``, and the machine's counters."""
    cpu = 0.0
    rss = 0
    for pid in pids:
        cpu += cpu_seconds(pid)
        rss += rss_bytes(pid)
    busy, irq = machine_seconds()
    return Sample(time.monotonic(), cpu, rss, busy, irq)


def children(pid: int) -> list[int]:
    """Return the direct children of ``pid`` (e.g. the workers of an nginx master)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []
