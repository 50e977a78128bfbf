"""Corpus mode: analyse many articles resumably (local process pool or Ray) into DuckDB or Parquet."""

from __future__ import annotations

import sys
from pathlib import Path

from unspin.batch.inputs import Item, read_input
from unspin.errors import ConfigError


def run_batch(source: str, out: str, *, engine: str = "local", fmt: str = "duckdb", workers: int = 1,
              address: str | None = None, only: list[str] | None = None, skip: list[str] | None = None,
              limit: int = 0, retry_errors: bool = False) -> dict[str, int]:
    """Analyse every article of ``source`` not yet in ``out``; returns counts."""
    from unspin import api

    only, skip = only or [], skip or []
    for note in api.selection(api.Options(only=only, skip=skip)).notes():  # bad names fail here, before any work
        print(f"note: {note}", file=sys.stderr)
    items: list[Item] = []
    seen: set[str] = set()
    for item in read_input(source):
        if item.id in seen:
            continue  # the same id twice in the input: analysed once
        seen.add(item.id)
        items.append(item)
        if limit and len(items) >= limit:
            break
    if engine == "ray":
        from unspin.batch.ray_engine import run_ray

        result = run_ray(items, Path(out), address, workers, only, skip, retry_errors)
        return {"input": len(items), **result}
    if engine != "local":
        raise ConfigError(f"unknown engine {engine!r}: local or ray")
    from unspin.batch.local import run_local
    from unspin.batch.store import DuckDBStore, ParquetStore

    store = ParquetStore(out) if fmt == "parquet" else DuckDBStore(out)
    try:
        done = store.done(retry_errors)
        todo = [it for it in items if it.id not in done]
        result = run_local(todo, store, workers, only, skip)
    finally:
        store.close()
    return {"input": len(items), "skipped": len(items) - len(todo), **result}
