"""A one-line progress display on stderr for long work: done/total, rate, ETA (and errors, when counted)."""

from __future__ import annotations

import sys
import time


class Progress:
    """Redrawn in place on a terminal (at most 5 times a second); a plain line every 10 s otherwise."""

    def __init__(self, total: int, unit: str = "articles", errors: bool = False) -> None:
        self.total, self.unit, self.show_errors = total, unit, errors
        self.done = self.errors = 0
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def step(self, n: int = 1, error: bool = False) -> None:
        self.done += n
        self.errors += int(error)
        now = time.perf_counter()
        if now - self.last > (0.2 if self.tty else 10) or self.done >= self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0.0
            line = f"{self.done}/{self.total} {self.unit} · {rate:.2f}/s · ETA {eta:,.0f}s"
            if self.show_errors:
                line += f" · {self.errors} errors"
            print(("\r" + line) if self.tty else line, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)
