"""Make sure no server or worker started by the harness outlives it.

``finally`` blocks and context managers stop children on normal exit and on
Ctrl-C; ``exit_on_sigterm`` extends that to ``kill``/``timeout`` (whose SIGTERM
would otherwise end Python without unwinding), and ``die_with_parent`` covers
the harness being SIGKILLed, via the kernel's parent-death signal.
"""

import ctypes
import signal
import sys
from types import FrameType

_PR_SET_PDEATHSIG = 1


def exit_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit`` so cleanup code runs; call once from ``main()``."""

    def handler(signum: int, frame: FrameType | None) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def die_with_parent() -> None:
    """Use as ``preexec_fn``: the child gets SIGTERM when the harness process dies."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
