"""Corpus mode: analyse many articles resumably (local process pool or Ray) into DuckDB or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from unspin.batch.inputs import Item, read_input
from unspin.errors import ConfigError


def run_batch(source: str, out: str, *, engine: str = "local", fmt: str = "duckdb", workers: int | None = None,
              threads: int = 1, address: str | None = None, only: list[str] | None = None, skip: list[str] | None = None,
              limit: int = 0, retry_errors: bool = False, min_confidence: float | None = None) -> dict[str, int]:
    """Analyse every article of ``source`` not yet in ``out``; returns counts. ``workers``: processes (local) or
    actors (Ray), default one per core up to 4; ``threads``: model threads in each local worker (default 1)."""
    from unspin import api
    from unspin.batch.local import default_workers

    workers = workers or default_workers()

    only, skip = only or [], skip or []
    for note in api.selection(api.Options(only=only, skip=skip)).notes():  # bad names fail here, before any work
        print(f"note: {note}", file=sys.stderr)
    items: list[Item] = []
    bad: list[Item] = []
    first_line: dict[str, int | None] = {}
    for item in read_input(source):
        if item.error is None and item.id in first_line:  # the same id twice: an error row naming the first
            where = f"line {first_line[item.id]}" if first_line[item.id] else "an earlier row"
            item = Item(id=f"{item.id}#{item.line or len(items) + len(bad) + 1}", line=item.line,
                        error=f"duplicate id {item.id!r} (first on {where})")
        if item.error is None:
            first_line[item.id] = item.line
            items.append(item)
        else:
            bad.append(item)
        if limit and len(items) + len(bad) >= limit:
            break
    if engine == "ray":
        from unspin.batch.ray_engine import run_ray
        from unspin.batch.store import ParquetStore

        rejected = _write_errors(bad, ParquetStore(out))
        result = run_ray(items, Path(out), address, workers, only, skip, retry_errors, min_confidence)
        return {"input": len(items) + len(bad), "rejected": rejected, **result}
    if engine != "local":
        raise ConfigError(f"unknown engine {engine!r}: local or ray")
    from unspin.batch.local import run_local
    from unspin.batch.store import DuckDBStore, ParquetStore

    store = ParquetStore(out) if fmt == "parquet" else DuckDBStore(out)
    try:
        rejected = _write_errors(bad, store)
        done = store.done(retry_errors)
        todo = [it for it in items if it.id not in done]
        result = run_local(todo, store, workers, only, skip, min_confidence, threads)
    finally:
        store.close()
    skipped = len(items) - len(todo) + len(bad) - rejected  # already in the output from an earlier run
    return {"input": len(items) + len(bad), "skipped": skipped, "rejected": rejected, **result}


def _write_errors(bad: list[Item], store: Any) -> int:
    """Rows that cannot be analysed, written as error rows (each once: not again on a rerun)."""
    from unspin.batch.rows import error_rows

    done = store.done(False) if bad else set()
    fresh = [it for it in bad if it.id not in done]
    for article, findings in error_rows(fresh):
        store.write(article, findings)
    if hasattr(store, "flush"):
        store.flush()
    if fresh:
        print(f"unspin: {len(fresh)} input row(s) could not be read; they are error rows in the output "
              f"(first: {fresh[0].error})", file=sys.stderr)
    return len(fresh)
