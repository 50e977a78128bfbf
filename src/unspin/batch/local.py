"""Local engine: a process pool, models loaded once per worker, results written as they finish."""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from unspin.batch.inputs import Item
from unspin.batch.rows import analyse_item

_OPTS: dict[str, list[str]] = {"only": [], "skip": []}


def _init(only: list[str], skip: list[str], threads: int) -> None:
    os.environ["UNSPIN_THREADS"] = str(threads)
    _OPTS["only"], _OPTS["skip"] = only, skip
    from unspin import pipeline

    for reg in pipeline.select(only, skip):  # load every model once, before the first article
        comp = pipeline.instance(reg.factory)
        if reg.name == "techniques":
            from unspin.analysers.techniques import load_tagger

            load_tagger()
        if reg.name == "language":
            pipeline.load_spacy()
        del comp


def _work(item: Item) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return analyse_item(item, _OPTS["only"], _OPTS["skip"])


class Progress:
    """A one-line progress display on stderr: done/total, rate, ETA, errors."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.errors = total, 0, 0
        self.start = time.perf_counter()
        self.tty = sys.stderr.isatty()
        self.last = 0.0

    def step(self, error: bool) -> None:
        self.done += 1
        self.errors += int(error)
        now = time.perf_counter()
        if now - self.last > (0.2 if self.tty else 10) or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0.0
            line = f"{self.done}/{self.total} articles · {rate:.2f}/s · ETA {eta:,.0f}s · {self.errors} errors"
            print(("\r" + line) if self.tty else line, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def run_local(items: Iterable[Item], store: Any, workers: int, only: list[str], skip: list[str]) -> dict[str, int]:
    todo = list(items)
    progress = Progress(len(todo))
    cores = os.cpu_count() or 1
    threads = max(1, cores // max(workers, 1))
    stats = {"analysed": 0, "errors": 0}
    try:
        if workers <= 1:
            _init(only, skip, threads)
            for item in todo:
                article, findings = _work(item)
                store.write(article, findings)
                stats["analysed"] += 1
                stats["errors"] += int(article["error"] is not None)
                progress.step(article["error"] is not None)
            return stats
        ctx = mp.get_context("spawn")  # the parent holds DuckDB threads: never fork it
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(only, skip, threads)) as pool:
            pending: set[Future] = set()
            queue = iter(todo)
            exhausted = False
            try:
                while True:
                    while not exhausted and len(pending) < 2 * workers:
                        nxt = next(queue, None)
                        if nxt is None:
                            exhausted = True
                        else:
                            pending.add(pool.submit(_work, nxt))
                    if not pending:
                        break
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        article, findings = fut.result()
                        store.write(article, findings)
                        stats["analysed"] += 1
                        stats["errors"] += int(article["error"] is not None)
                        progress.step(article["error"] is not None)
            except BaseException:
                for fut in pending:
                    fut.cancel()
                raise
        return stats
    finally:
        progress.close()
