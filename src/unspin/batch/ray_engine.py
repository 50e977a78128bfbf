"""Ray engine: the same per-article analysis on Ray Data, an actor pool holding the models, Parquet out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from unspin.batch.inputs import Item
from unspin.batch.local import BLAS_THREAD_VARIABLES
from unspin.batch.rows import ARTICLE_COLUMNS, analyse_items
from unspin.batch.store import arrow_schemas, done_in_parquet


class AnalyseBatch:
    """Ray actor: loads the models once, analyses a batch of items into article rows + findings JSON."""

    def __init__(self, only: list[str], skip: list[str], min_confidence: float | None = None) -> None:
        from unspin.batch.local import _init

        _init(only, skip, 1)  # one thread per actor: Ray places one actor per CPU
        self.only, self.skip, self.min_confidence = only, skip, min_confidence

    def __call__(self, batch: Any) -> Any:
        import json

        import pyarrow as pa

        a_schema, _ = arrow_schemas()
        rows = []
        items = [Item(**{k: rec.get(k) for k in ("id", "text", "html", "url", "source", "date", "title")})
                 for rec in batch.to_pylist()]
        for article, findings in analyse_items(items, self.only, self.skip, self.min_confidence):
            article["findings_json"] = json.dumps(findings)
            rows.append(article)
        schema = a_schema.append(pa.field("findings_json", pa.string()))
        return pa.Table.from_pylist(rows, schema=schema)


def _explode(row: dict[str, Any]) -> list[dict[str, Any]]:
    import json

    return json.loads(row["findings_json"])


def run_ray(items: list[Item], out_dir: Path, address: str | None, workers: int, only: list[str], skip: list[str],
            retry_errors: bool = False, min_confidence: float | None = None) -> dict[str, int]:
    import pyarrow as pa
    import ray

    ray.init(address=address, ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
    done = done_in_parquet(out_dir, retry_errors)
    todo = [it.as_dict() for it in items if it.id not in done]
    if not todo:
        return {"analysed": 0, "errors": 0}
    _, f_schema = arrow_schemas()
    ds = ray.data.from_items(todo, override_num_blocks=max(1, min(len(todo), workers * 4)))
    # half a CPU per actor leaves room for Ray Data's own tasks on small clusters (no scheduling deadlock)
    out = ds.map_batches(AnalyseBatch, fn_constructor_kwargs={"only": only, "skip": skip, "min_confidence": min_confidence}, batch_size=4,
                         batch_format="pyarrow", concurrency=max(1, workers), num_cpus=0.5,
                         # numpy's BLAS capped when it loads, as for local workers (batch/local.py)
                         runtime_env={"env_vars": {k: "1" for k in BLAS_THREAD_VARIABLES}}).materialize()
    (out_dir / "articles").mkdir(parents=True, exist_ok=True)
    (out_dir / "findings").mkdir(parents=True, exist_ok=True)
    findings = out.flat_map(_explode)
    if findings.count():
        findings.map_batches(lambda b: pa.Table.from_pylist(b.to_pylist(), schema=f_schema), batch_format="pyarrow") \
            .write_parquet(str(out_dir / "findings"))
    out.select_columns(list(ARTICLE_COLUMNS)).write_parquet(str(out_dir / "articles"))
    n = out.count()
    errors = out.filter(lambda r: r["error"] is not None).count()
    return {"analysed": n, "errors": errors}
