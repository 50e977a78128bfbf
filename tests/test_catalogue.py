"""One technique catalogue: the model, the benchmarks and the renderers agree on it."""

import json
from pathlib import Path

from unspin.catalogue import LABELS, TECHNIQUES, as_json, title

MODELS = Path(__file__).resolve().parents[1] / "src" / "unspin" / "models"


def test_catalogue_matches_the_shipped_model_and_the_benchmark():
    from unspin.bench.ptc import TECHNIQUES as BENCH

    assert list(LABELS) == json.loads((MODELS / "techniques" / "config.json").read_text())["labels"]
    assert BENCH is LABELS
    assert set(TECHNIQUES) == set(LABELS) and len(as_json()) == 14


def test_readable_titles():
    assert title("Name_Calling,Labeling") == "Name calling / labelling"
    assert title("Unknown_Label") == "Unknown Label"


def test_no_second_copy_of_the_label_list():
    src = Path(__file__).resolve().parents[1] / "src" / "unspin"
    holders = [p.relative_to(src).as_posix() for p in src.rglob("*") if p.suffix in (".py", ".js", ".html")
               and '"Whataboutism,Straw_Men,Red_Herring"' in p.read_text(encoding="utf-8")]
    assert holders == ["catalogue.py"]
