"""Train the attribution tagger (source / cue / content of reported speech) on PolNeAR.

    python training/attribution.py --data ../shared/data/polnear --out runs/attribution
    unspin train attribution --data ../shared/data/polnear --out runs/attribution   # same thing

Features are the shared encoder pass's token states (``unspin.inference.trunk``: the fifth layer's input and
the last layer of the technique model, int8 ONNX, frozen; ``piece_features``), so at run time the tagger reads the
pass the technique analyser already made instead of encoding the article again. A small
tagger on top (dense 768→192, one bidirectional LSTM of 2×96, BIO tags for
Source, Cue and Content) is trained on PolNeAR ``train`` (one annotator per
article: the first ``.ann`` file) and scored on ``dev`` with the runtime code
(numpy; int8 matrices with per-row scales, float16 vectors) and the same measure as ``unspin bench polnear``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from unspin.analysers.attribution_model import TAGS, AttributionTagger, pack
from unspin.bench.polnear import gold_for, score
from unspin.inference.trunk import load_trunk, piece_features

KINDS = {"Source": "SRC", "Cue": "CUE", "Content": "CON"}
BATCH = 48


def piece_tags(text: str, offsets: np.ndarray, ann: Path) -> np.ndarray:
    owner = np.full(len(text) + 1, -1, np.int64)
    kind = np.zeros(len(text) + 1, np.int64)
    n = 0
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("T") or len(parts) < 2:
            continue
        label, _, frag = parts[1].partition(" ")
        if label not in KINDS:
            continue
        for piece in frag.split(";"):
            a, b = (int(x) for x in piece.split()[:2])
            owner[a:b] = n
            kind[a:b] = list(KINDS).index(label)
        n += 1
    tags = np.zeros(len(offsets), np.int64)
    prev_owner = -1
    for i, (s, _end) in enumerate(offsets):
        o = owner[s] if s < len(text) else -1
        if o < 0:
            prev_owner = -1
            continue
        name = KINDS[list(KINDS)[kind[s]]]
        tags[i] = TAGS.index(("I-" if o == prev_owner else "B-") + name)
        prev_owner = o
    return tags


def load_split(data: Path, split: str) -> list[dict]:
    trunk = load_trunk()
    out = []
    files = [(p, sorted((data / split / "attributions").glob(f"{p.stem}_*.ann")))
             for p in sorted((data / split / "text").glob("*.txt"))]
    files = [(p, anns) for p, anns in files if anns]
    t0 = time.time()
    for k in range(0, len(files), 8):
        chunk = files[k : k + 8]
        texts = [p.read_text(encoding="utf-8") for p, _ in chunk]
        for (path, anns), text, states in zip(chunk, texts, trunk.encode(texts)):
            offsets = states.offsets
            out.append({"name": path.name, "text": text, "feats": piece_features(states).astype(np.float16),
                        "offsets": offsets, "tags": piece_tags(text, offsets, anns[0])})
        done = k + len(chunk)
        rate = done / (time.time() - t0)
        print(f"  {split}: {done}/{len(files)} articles ({rate:.1f}/s, eta {(len(files) - done) / rate:.0f} s)", flush=True)
    return out


class Tagger(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.proj = nn.Linear(768, 192)
        self.drop = nn.Dropout(0.2)
        self.lstm = nn.LSTM(192, 96, batch_first=True, bidirectional=True)
        self.out = nn.Linear(192, len(TAGS))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.drop(torch.relu(self.proj(x)))
        h, _ = self.lstm(h)
        return self.out(self.drop(h))


def export(model: Tagger, path: Path) -> None:
    """The shipped form: int8 matrices with per-row scales, float16 vectors, compressed."""
    np.savez_compressed(path, **pack({k: v.detach().numpy() for k, v in model.state_dict().items()}))


def evaluate(path: Path, docs: list[dict]) -> dict:
    tagger = AttributionTagger(path)
    results = []
    for d in docs:
        pred = tagger.attributions(d["text"], d["feats"].astype(np.float32), d["offsets"])
        results.append((pred, d["gold"]))
    return score(results)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "attribution")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--holdout", type=int, default=80,
                    help="train articles kept out of training to choose the epoch (dev only reports)")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    cache = out / "features.pkl"
    if cache.exists():
        import pickle

        train, dev = pickle.loads(cache.read_bytes())
    else:
        import pickle

        train, dev = load_split(args.data, "train"), load_split(args.data, "dev")
        cache.write_bytes(pickle.dumps((train, dev), protocol=5))
    for d in dev:
        d["gold"] = gold_for(args.data / "dev" / "attributions", d["name"]) or []
    order = sorted(range(len(train)), key=lambda i: (i * 7919) % len(train))  # a fixed spread over the corpus
    held = [train[i] for i in order[: args.holdout]]
    train = [train[i] for i in order[args.holdout :]]
    for d in held:
        d["gold"] = gold_for(args.data / "train" / "attributions", d["name"]) or []
    print(f"train {len(train)} articles, choose on {len(held)} held-out train articles, report on dev {len(dev)}", flush=True)
    counts = np.bincount(np.concatenate([d["tags"] for d in train]), minlength=len(TAGS))
    weight = torch.tensor(np.clip((counts.sum() / np.maximum(counts, 1)) ** 0.3, 1, 10), dtype=torch.float32)
    weight = weight / weight[0].item()
    model = Tagger()
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs)
    crops = 256
    best = {"f1": -1.0}
    for epoch in range(args.epochs):
        model.train()
        items = []
        for d in train:
            n = len(d["tags"])
            for s in range(0, max(1, n), crops):
                start = min(s + random.randint(0, crops // 4), n - 1) if s else 0
                items.append((d, start))
        random.shuffle(items)
        t0 = time.time()
        total = 0.0
        for k in range(0, len(items), BATCH):
            if k and k % (BATCH * 20) == 0:
                rate = k / (time.time() - t0)
                print(f"  {k}/{len(items)} windows, {rate:.1f}/s, eta {(len(items) - k) / rate:.0f} s", flush=True)
            batch = items[k : k + BATCH]
            width = max(1, max(min(crops, len(d["tags"]) - s) for d, s in batch))
            x = np.zeros((len(batch), width, 768), np.float32)
            y = np.full((len(batch), width), -100, np.int64)
            for r, (d, s) in enumerate(batch):
                e = min(s + crops, len(d["tags"]))
                x[r, : e - s] = d["feats"][s:e]
                y[r, : e - s] = d["tags"][s:e]
            logits = model(torch.from_numpy(x))
            loss = nn.functional.cross_entropy(logits.reshape(-1, len(TAGS)), torch.from_numpy(y).reshape(-1),
                                               weight=weight, ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            total += loss.item()
        sched.step()
        model.eval()
        export(model, out / "tagger.npz")
        h = evaluate(out / "tagger.npz", held)
        s = evaluate(out / "tagger.npz", dev)
        print(f"epoch {epoch + 1}: loss {total / max(1, len(items) / BATCH):.3f} ({time.time() - t0:.0f} s) held-out F1 "
              f"{h['f1']:.3f} speaker {h['speaker_accuracy']:.3f} | dev content F1 "
              f"{s['f1']:.3f} P {s['precision']:.3f} R {s['recall']:.3f} speaker {s['speaker_accuracy']:.3f}", flush=True)
        if h["f1"] > best.get("held_out_f1", -1.0):
            best = {**s, "held_out_f1": h["f1"], "held_out_speaker_accuracy": h["speaker_accuracy"], "epoch": epoch + 1}
            shutil.copy(out / "tagger.npz", out / "best.npz")
    shutil.move(out / "best.npz", out / "tagger.npz")
    (out / "metrics.json").write_text(json.dumps({"dev": best, "epochs": args.epochs, "seed": args.seed,
                                                  "train_articles": len(train), "held_out_train_articles": len(held),
                                                  "dev_articles": len(dev)}, indent=2))
    (out / "MODEL_CARD.md").write_text(card(json.loads((out / "metrics.json").read_text())))
    print(json.dumps(best, indent=2))
    return 0


def card(m: dict) -> str:
    d = m["dev"]
    shipped = m.get("shipped", {})
    rows = "\n".join(f"| {k} | {v['f1']:.3f} | {v['precision']:.3f} | {v['recall']:.3f} | {v['speaker_accuracy']:.3f} |"
                     for k, v in shipped.items())
    return f"""# Model card: unspin attribution tagger

**What it does.** Tags the word pieces of an article as Source, Cue or Content of an attribution (who said, wrote or
thought what), so the quotes analyser also finds reported speech and paraphrase that rule patterns miss.

**Architecture.** Frozen features from the shared model pass (`unspin.inference.trunk`: the technique model,
fine-tuned all-MiniLM-L6-v2, int8 ONNX, `models/techniques`): the layer-4 input and last-layer token states,
concatenated (768 numbers per piece; long texts in overlapping windows of 254 pieces). The pass is the one the
technique analyser makes anyway, so attribution costs no second encoding of the article. On top: dense 768→192 (ReLU), one bidirectional LSTM (2×96), a linear layer to 7 BIO tags.
Weights as int8 matrices with one scale per row and float16 vectors (`tagger.npz`, {m.get("size_kb", "?")} kB); inference is numpy. Each content span is paired with the
nearest cue within 160 characters and that cue with the nearest source.

**Data.** PolNeAR v1.0.0 (Newell, Margolin and Ruths, LREC 2018; political news articles from 7 US publishers,
2015-16): {m["train_articles"]} `train` articles (the first annotator's `.ann` per article) for training,
{m.get("held_out_train_articles", 0)} further `train` articles held out to pick the epoch ({d["epoch"]} of {m["epochs"]}); the
{m["dev_articles"]} `dev` articles only give the scores. The corpus
README states no licence for redistribution; no text ships, only weights.

**Dev scores** (PolNeAR dev, the `unspin bench polnear` measure: a predicted content span matches a gold one at
character Jaccard ≥ 0.5, one-to-one; speaker accuracy = the source spans overlap, over matched pairs):

| | content F1 | precision | recall | speaker accuracy |
|---|---|---|---|---|
| tagger alone, best epoch | {d["f1"]:.3f} | {d["precision"]:.3f} | {d["recall"]:.3f} | {d["speaker_accuracy"]:.3f} |
{rows}

**Limits.** US campaign news of 2015-16; the annotation counts beliefs and intentions ("the governor believes ...")
as attributions, so some findings are paraphrased thoughts rather than speech. Speakers are spans; the quotes analyser
resolves them to actors.

**Retrain.** `unspin train attribution --data ../shared/data/polnear --out runs/attribution` (features once, then
≈1 min per epoch on 2 CPU cores), then copy `tagger.npz`, `metrics.json` and this card into
`src/unspin/models/attribution/`.
"""


if __name__ == "__main__":
    sys.exit(main())
