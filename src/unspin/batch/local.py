"""Local engine: a process pool, models loaded once per worker, results written as they finish."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from functools import cache
from typing import Any

from unspin.batch.inputs import Item
from unspin.batch.rows import analyse_items
from unspin.progress import Progress

_OPTS: dict[str, Any] = {"only": [], "skip": [], "min_confidence": None}


CHUNK = 4  # articles a worker analyses together (the attribution LSTM steps them at once); 4 keeps a worker under 600 MB


def _init(only: list[str], skip: list[str], threads: int, parent_pid: int | None = None,
          min_confidence: float | None = None) -> None:
    from unspin import api

    if parent_pid is not None:  # a pool worker: never outlive the batch command (even after its SIGKILL)
        from unspin.lifeline import die_with_parent

        die_with_parent(parent_pid)

    api.configure(threads=threads)
    _OPTS["only"], _OPTS["skip"], _OPTS["min_confidence"] = only, skip, min_confidence
    api.warm(api.Options(only=only, skip=skip))  # every model once per worker, before the first article


def _work(items: list[Item]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    rows = analyse_items(items, _OPTS["only"], _OPTS["skip"], _OPTS["min_confidence"])
    _trim()
    return rows


def _trim() -> None:
    """Hand the C heap's free pages back to the system after each group of articles (glibc): what one long
    article's analysis freed otherwise stays in the worker and sits under the next one's peak."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def _libc() -> Any:
    import ctypes
    import ctypes.util

    try:
        lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return lib if hasattr(lib, "malloc_trim") else None
    except OSError:
        return None


def _chunks(items: list[Item], size: int) -> Iterator[list[Item]]:
    for k in range(0, len(items), size):
        yield items[k : k + size]


def default_workers() -> int:
    """One worker per core, at most 4 (each holds ~600 MB of models)."""
    return max(1, min(os.cpu_count() or 1, 4))


BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _worker_environment(threads: int) -> Iterator[None]:
    """Worker processes start with numpy's BLAS capped at ``threads``: OpenBLAS starts one thread per core unless
    told at load time, and two single-threaded workers on two cores then spent a third of their CPU in each
    other's BLAS threads (benchmarks/batch_speed.py: 120 articles, 2 workers 33.6 -> 25.3 s). Capping it later
    from inside the process (threadpoolctl) recovered less than half of that."""
    saved = {k: os.environ.get(k) for k in BLAS_THREAD_VARIABLES}
    os.environ.update({k: str(threads) for k in BLAS_THREAD_VARIABLES})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_local(items: Iterable[Item], store: Any, workers: int, only: list[str], skip: list[str],
              min_confidence: float | None = None, threads: int = 1) -> dict[str, int]:
    """Analyse ``items`` in ``workers`` processes of ``threads`` model threads each; this process only writes.

    One worker too runs in a process of its own: the writer (DuckDB, the rows) then never shares the worker's
    memory (all 371 PTC articles, one worker: peak 647 MB in one process, 563 MB for the worker alone) and writes
    while the worker analyses the next group, at the same speed.

    One thread per worker and one worker per core is the throughput setting: a worker's second thread made it
    about 19% faster for 35% more CPU (models run between long stretches of single-threaded Python), so two
    one-thread workers on two cores do ~1.6x the work of one two-thread worker (benchmarks/batch_speed.json)."""
    todo = list(items)
    progress = Progress(len(todo), errors=True)
    threads = max(1, threads)
    stats = {"analysed": 0, "errors": 0}
    try:
        ctx = mp.get_context("spawn")  # the parent holds DuckDB threads: never fork it
        with _worker_environment(threads), ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_init, initargs=(only, skip, threads, os.getpid(), min_confidence)) as pool:
            pending: set[Future] = set()
            queue = _chunks(todo, CHUNK)
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
                        for article, findings in fut.result():
                            store.write(article, findings)
                            stats["analysed"] += 1
                            stats["errors"] += int(article["error"] is not None)
                            progress.step(error=article["error"] is not None)
            except BaseException:
                for fut in pending:
                    fut.cancel()
                raise
        return stats
    finally:
        progress.close()
