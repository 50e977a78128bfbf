"""A stand-in analysis for the server's worker processes: it can be told to run long, so that tests can check
that a timed-out analysis is really stopped. ``text`` is a command:

    "sleep SECONDS HEARTBEAT_FILE"  write the time to the file every 0.05 s for SECONDS, then answer
    "fail"                          raise an InputError
    anything else                   answer at once with a tiny report-shaped JSON
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from unspin.errors import InputError


def warm() -> None:
    pass


def analyse(payload):  # type: ignore[no-untyped-def]
    source, _options = payload
    words = source.value.split()
    if words[:1] == ["sleep"]:
        seconds, beat = float(words[1]), Path(words[2])
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            beat.write_text(f"{os.getpid()} {time.time()}")
            time.sleep(0.05)
    elif words[:1] == ["fail"]:
        raise InputError("the stand-in was told to fail")
    return json.dumps({"meta": {"title": None}, "summary": {"words": len(words), "techniques": {}}, "pid": os.getpid()})
