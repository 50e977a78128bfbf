"""The shipped model weights stay inside the 40 MiB budget (the narrative case index, a table of case titles and
their vectors, is data, not weights)."""

from pathlib import Path

from unspin.models import locate

BUDGET = 40 * 2**20
INDEX = {("narratives", "cases.jsonl.gz"), ("narratives", "vectors.npz")}


def test_shipped_weights_fit_the_budget():
    root = Path(locate("minilm")).parent
    weights = [p for p in root.rglob("*") if p.is_file() and (p.suffix in (".npz", ".onnx") or p.name.endswith(".onnx.gz"))
               and (p.parent.name, p.name) not in INDEX]
    total = sum(p.stat().st_size for p in weights)
    assert {p.parent.name for p in weights} >= {"minilm", "techniques", "claims", "comments", "attribution"}
    assert total <= BUDGET, f"{total / 2**20:.1f} MiB of weights: {sorted((p.stat().st_size, str(p)) for p in weights)[-3:]}"
