"""The shipped word-embedding table is trimmed (non-Latin and unused word pieces read [UNK]); English text must not
notice, and every model file together stays inside the weights budget."""

import json

import numpy as np

from unspin.inference.quantise import WordEmbeddings, trim_vocabulary
from unspin.models import locate

BUDGET = 40 * 1024 * 1024  # all shipped weights together (the narrative case index is data, not weights)


def test_trimmed_table_reads_as_the_whole_vocabulary(tmp_path):
    rng = np.random.default_rng(0)
    vocab = {"[PAD]": 0, "[unused0]": 1, "[UNK]": 2, "the": 3, "##ing": 4, "東": 5, "é": 6, "ع": 7, "—": 8}
    q = rng.integers(-127, 127, size=(9, 4)).astype(np.int8)
    scale = rng.random(9).astype(np.float32)
    trimmed = trim_vocabulary(q, scale, vocab)
    assert trimmed["rows"].tolist() == [0, 2, 3, 4, 6, 8]
    path = tmp_path / "t.npz"
    np.savez(path, **trimmed)
    table = WordEmbeddings.load(path)
    assert table.q.shape == q.shape
    for i in (0, 2, 3, 4, 6, 8):
        assert np.array_equal(table.lookup(np.array([i])), q[i : i + 1] * scale[i])
    for i in (1, 5, 7):  # dropped: read as [UNK]
        assert np.array_equal(table.lookup(np.array([i])), q[2:3] * scale[2])


def test_shipped_table_keeps_english_pieces():
    from tokenizers import Tokenizer

    folder = locate("minilm")
    table = WordEmbeddings.load(folder / "word_embeddings.npz")
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    vocab = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    assert table.q.shape == (len(vocab), 384)
    kept = set(np.load(folder / "word_embeddings.npz")["rows"].tolist())
    tok.no_padding()
    ids = tok.encode("Naïve café owners in Zürich said €5,000 — 40% — was “outrageous”, per Reuters' #1 source.").ids
    assert set(ids) <= kept
    (cjk,) = [i for i in tok.encode("東").ids if i not in (101, 102)]
    assert cjk not in kept and np.array_equal(table.lookup(np.array([cjk])), table.lookup(np.array([vocab["[UNK]"]])))


def test_shipped_weights_fit_the_budget():
    root = locate("minilm").parent
    files = [f for f in root.rglob("*") if f.suffix in (".onnx", ".npz", ".gz") and f.name not in ("vectors.npz", "cases.jsonl.gz")]
    total = sum(f.stat().st_size for f in files)
    assert total <= BUDGET, f"{total / 2**20:.1f} MiB of weights"
