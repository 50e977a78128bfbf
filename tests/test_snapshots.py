"""The Report of every bundled fixture, pinned byte for byte.

A refactor must not change what users read. When a change is intended, regenerate with
``UNSPIN_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py`` and name the difference in the commit.

Byte for byte holds on one kind of CPU: ONNX Runtime's int8 kernels round differently with and without AVX-512 VNNI,
so on another machine confidences move by thousandths and a decision near a threshold can flip with no code change.
Then re-pin on that machine in a commit of its own, before any change of code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import unspin

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = Path(__file__).parent / "fixtures" / "snapshots"
CASES = {
    "neutral": "tests/fixtures/neutral.txt",
    "sourcing": "tests/fixtures/sourcing.txt",
    "summit": "src/unspin/examples/summit.txt",  # the same text as tests/fixtures/partisan.txt
    "comments_wordpress": "tests/fixtures/comments_wordpress.html",
    "comments_disqus": "tests/fixtures/comments_disqus.html",
}

pytestmark = pytest.mark.slow


def _report_json(path: str) -> str:
    report = unspin.analyze((ROOT / path).read_bytes())
    data = json.loads(report.model_dump_json())
    data.pop("unspin_version")
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_unchanged(name: str) -> None:
    got = _report_json(CASES[name])
    snap = SNAPSHOTS / f"{name}.json"
    if os.environ.get("UNSPIN_UPDATE_SNAPSHOTS"):
        SNAPSHOTS.mkdir(exist_ok=True)
        snap.write_text(got, encoding="utf-8")
    want = snap.read_text(encoding="utf-8")
    if got != want:
        diff = [(a, b) for a, b in zip(got.splitlines(), want.splitlines()) if a != b][:5]
        pytest.fail(f"{name}: the report changed; first differing lines (got, want): {diff} (with no code change, "
                    "this CPU's int8 kernels may round differently: see this module's docstring)")


def test_a_report_does_not_depend_on_its_batch() -> None:
    """analyze([a, b, c]) runs the three through the pipeline together; each report equals the one made alone."""
    paths = [ROOT / CASES[n] for n in ("neutral", "sourcing", "summit")]
    together = unspin.analyze([p.read_bytes() for p in paths])
    alone = [unspin.analyze(p.read_bytes()) for p in paths]
    assert [r.model_dump_json() for r in together] == [r.model_dump_json() for r in alone]
