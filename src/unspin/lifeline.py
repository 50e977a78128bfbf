"""Child processes that never outlive their parent.

A batch worker or an analysis process holds several hundred MB of models; if its parent is killed (even with
SIGKILL, which runs no clean-up) it must go too. On Linux the kernel sends it SIGKILL when the parent dies
(``PR_SET_PDEATHSIG``); everywhere a daemon thread also watches the parent id and exits when it changes.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def _pdeathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watchdog below still works
        pass


def die_with_parent(parent_pid: int, every_s: float = 0.5) -> None:
    """Call first thing in a child process: it exits as soon as ``parent_pid`` is no longer its parent."""
    _pdeathsig()
    if os.getppid() != parent_pid:  # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(every_s)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="unspin-lifeline", daemon=True).start()
