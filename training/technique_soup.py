"""Average technique-model runs weight by weight (a uniform "model soup", Wortsman et al., ICML 2022).

    python training/technique_soup.py runs/techniques_neg/last_epoch runs/techniques_o14 --out runs/techniques_soup

The runs must start from the same weights (same ``--seed``; ``--order-seed`` only changes the batch order and
dropout), so that their fine-tuned weights lie in one basin and their average is a model, not noise. The soup is
exported and scored on the dev split exactly as ``training/techniques.py`` scores a run (``metrics.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from techniques import TECHNIQUES, Model, base_model_dir, export_and_score, load_ptc, split  # training/techniques.py


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", type=Path, help="run folders holding model.pt")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc")
    ap.add_argument("--seed", type=int, default=13, help="the runs' --seed: it fixes the dev split")
    ap.add_argument("--dev-share", type=float, default=0.1)
    args = ap.parse_args(argv)
    if len(args.runs) < 2:
        ap.error("a soup needs two runs or more")
    from transformers import AutoModel

    torch.set_num_threads(2)
    states = [torch.load(r / "model.pt", map_location="cpu") for r in args.runs]
    soup = {k: (sum(s[k] for s in states) / len(states)) if states[0][k].is_floating_point() else states[0][k]
            for k in states[0]}
    base = base_model_dir()
    model = Model(AutoModel.from_pretrained(str(base)), len(TECHNIQUES) + 1)
    model.load_state_dict(soup)
    _, dev = split(load_ptc(args.data), args.dev_share, args.seed)
    scores = export_and_score(model, base, args.out, dev)
    metrics = {"soup_of": [str(r) for r in args.runs], "dev_articles": sorted(a[0] for a in dev), **scores}
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    for name in ("fp32", "int8"):
        print(name, "SI", scores[name]["si"], "TC", scores[name]["tc_micro_f1"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
