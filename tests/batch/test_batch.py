import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from unspin.batch.corpus import connect, dashboard, stats
from unspin.batch.inputs import read_input

SENTENCES = [
    "The corrupt regime lied again about the war, officials said on Monday.",
    "Every patriot knows that these traitors want to destroy our great nation.",
    "The council approved the new budget after a long debate.",
    "\"We will never surrender,\" the minister told reporters in Kyiv.",
    "Critics called the plan a disaster and a betrayal of the people.",
]


def make_corpus(path: Path, n: int) -> Path:
    with path.open("w") as fh:
        for i in range(n):
            text = f"Story number {i}\n\n" + " ".join(SENTENCES[(i + k) % 5] for k in range(4))
            fh.write(json.dumps({"id": f"a{i}", "text": text, "source": ["alpha", "beta"][i % 2], "date": f"2025-0{1 + i % 3}-10"}) + "\n")
        fh.write(json.dumps({"id": "broken", "text": "   "}) + "\n")
    return path


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True, timeout=900, **kw)


def test_readers(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "one.txt").write_text("Plain text article.")
    (folder / "two.html").write_text("<html><body><p>x</p></body></html>")
    items = list(read_input(str(folder)))
    assert [(i.id, bool(i.text), bool(i.html)) for i in items] == [("one", True, False), ("two", False, True)]
    csv_path = tmp_path / "c.csv"
    csv_path.write_text('id,text,source\nx1,"Hello, world",S\n,No id here,T\n')
    rows = list(read_input(str(csv_path)))
    assert rows[0].id == "x1" and rows[0].source == "S" and len(rows[1].id) == 20  # content hash
    rss = tmp_path / "feed.xml"
    body = " ".join(["word"] * 40)
    rss.write_text(f"<rss><channel><title>Feed</title><item><title>T</title><link>https://example.org/1</link>"
                   f"<guid>g1</guid><description>{body}</description></item></channel></rss>")
    (item,) = read_input(str(rss))
    assert item.id == "g1" and item.source == "Feed" and item.text == body
    atom = tmp_path / "feed.atom"
    atom.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>e1</id><title>T</title>'
                    '<link href="https://example.org/2"/><updated>2025-01-02T00:00:00Z</updated></entry></feed>')
    (entry,) = read_input(str(atom))
    assert entry.url == "https://example.org/2" and entry.date.startswith("2025")


@pytest.mark.slow
def test_duckdb_batch_is_resumable_after_sigkill(tmp_path):
    corpus = make_corpus(tmp_path / "c.jsonl", 40)
    clean = tmp_path / "clean.duckdb"
    assert run_cli("batch", str(corpus), "-o", str(clean)).returncode == 0
    con = connect(clean)
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    n_findings = con.execute("SELECT count(*) FROM findings").fetchone()[0]
    assert n_articles == 41 and con.execute("SELECT count(*) FROM articles WHERE error IS NOT NULL").fetchone()[0] == 1
    con.close()

    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "unspin.cli", "batch", str(corpus), "-o", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and not Path(str(killed) + ".wal").exists() and proc.poll() is None:
        time.sleep(0.05)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    again = run_cli("batch", str(corpus), "-o", str(killed))
    assert again.returncode == 0, again.stderr
    con = connect(killed)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (41, 41)
    assert con.execute("SELECT count(*) FROM findings").fetchone()[0] == n_findings
    dupes = con.execute('SELECT count(*) FROM (SELECT article_id, kind, label, start, "end", count(*) c FROM findings '
                        'GROUP BY ALL HAVING c > 1)').fetchone()[0]
    assert dupes == 0
    con.close()
    third = run_cli("batch", str(corpus), "-o", str(killed))
    assert '"skipped": 41' in third.stderr


@pytest.mark.slow
def test_parquet_output_and_corpus_report(tmp_path):
    corpus = make_corpus(tmp_path / "c.jsonl", 6)
    out = tmp_path / "pq"
    assert run_cli("batch", str(corpus), "-o", str(out), "--format", "parquet", "--workers", "2").returncode == 0
    assert run_cli("batch", str(corpus), "-o", str(out), "--format", "parquet").returncode == 0
    con = connect(out)
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (7, 7)
    con.close()
    s = stats(out)
    assert {r["key"] for r in s["technique_rate_by_source"]} == {"alpha", "beta"}
    page = dashboard(out)
    assert page.count("<svg") >= 2 and "alpha" in page and "https://" not in page
    assert "http://" not in page.replace('"http://www.w3.org/2000/svg"', "")
    assert "by outlet over time" in page and "<polyline" in page  # density per outlet per month
    from unspin.catalogue import LABELS

    assert not [label for label in LABELS if "_" in label and label in page]  # readable technique names only
    html_out = tmp_path / "corpus.html"
    assert run_cli("corpus", "report", str(out), "-o", str(html_out)).returncode == 0
    assert "by source" in html_out.read_text()
    tables = run_cli("corpus", "stats", str(out))
    assert "technique rate by source" in tables.stdout


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def ray_cluster(tmp_path):
    pytest.importorskip("ray")
    port = _free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    ray_bin = str(Path(sys.executable).parent / "ray")
    start = subprocess.run([ray_bin, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}", "--num-cpus=2",
                            "--include-dashboard=false", "--disable-usage-stats"], capture_output=True, text=True,
                           env=env, timeout=180, start_new_session=True)
    assert start.returncode == 0, start.stderr
    yield f"127.0.0.1:{port}"
    subprocess.run([ray_bin, "stop", "--force"], capture_output=True, env=env, timeout=120)


@pytest.mark.slow
def test_ray_engine_matches_local(tmp_path, ray_cluster):
    corpus = make_corpus(tmp_path / "c.jsonl", 8)
    local = tmp_path / "local.duckdb"
    assert run_cli("batch", str(corpus), "-o", str(local)).returncode == 0
    out = tmp_path / "ray"
    res = run_cli("batch", str(corpus), "-o", str(out), "--engine", "ray", "--address", ray_cluster, "--workers", "2",
                  env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    assert res.returncode == 0, res.stderr[-2000:]
    q = 'SELECT article_id, kind, label, start, "end", text FROM findings ORDER BY ALL'
    a, b = connect(local), connect(out)
    assert a.execute(q).fetchall() == b.execute(q).fetchall()
    assert b.execute("SELECT count(*) FROM articles").fetchone()[0] == 9


def test_bad_rows_become_error_rows(tmp_path):
    lines = [
        json.dumps({"id": "ok1", "text": "fine"}).encode(),
        b"{not json",
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": "empty", "text": ""}).encode(),
        json.dumps({"id": "ctrl", "text": "\x01\x02\x03 \x7f"}).encode(),
        b'{"id": "bad\\ud800id", "text": "surrogate in the id"}',
        b'{"id": "ok2", "text": "caf\xe9 in latin-1"}',
        json.dumps({"id": "ok1", "text": "the same id again"}).encode(),
        json.dumps([1, 2]).encode(),
        b'{"id": "  e\\u0301te ", "text": "text with a \\ud83d lone half"}',
        json.dumps({"id": "x" * 600, "text": "long id"}).encode(),
    ]
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_input(str(path)))
    assert [i.line for i in items] == list(range(1, 12))
    good = [i for i in items if i.error is None]
    assert [i.id for i in good] == ["ok1", "ok1", "\u00e9te"]  # NFC, trimmed
    assert good[2].text == "text with a \ufffd lone half"  # a lone surrogate in text is replaced, not fatal
    errors = {i.line: i.error for i in items if i.error}
    assert set(errors) == {2, 3, 4, 5, 6, 7, 9, 11}
    assert "not valid JSON" in errors[2] and "not valid UTF-8" in errors[7] and "surrogate" in errors[6]
    assert all(e.startswith(f"line {n}:") for n, e in errors.items())
    for item in items:
        item.id.encode("utf-8")  # every id, even of an error row, can be stored


def test_batch_with_bad_lines_finishes_with_one_error_row_each(tmp_path, monkeypatch):
    from unspin.batch import run_batch

    monkeypatch.setattr("unspin.batch.local.analyse_items", lambda items, only, skip, *rest: [
        ({**{k: None for k in __import__("unspin.batch.rows", fromlist=["x"]).ARTICLE_COLUMNS}, "id": it.id}, [])
        for it in items])
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "one"}\n{oops\n{"id": "a", "text": "two"}\n'
                     b'{"id": "b\\udc00", "text": "x"}\n\xff\xfe\n{"id": "c", "text": "three"}\n')
    out = tmp_path / "o.duckdb"
    got = run_batch(str(path), str(out), only=["segments"])
    assert got["rejected"] == 4 and got["analysed"] == 2
    con = connect(out)
    rows = dict(con.execute("SELECT id, error FROM articles ORDER BY id").fetchall())
    con.close()
    assert rows["a"] is None and rows["c"] is None
    assert "duplicate id 'a' (first on line 1)" in rows["a#3"]
    assert sum(1 for e in rows.values() if e) == 4
    again = run_batch(str(path), str(out), only=["segments"])  # a rerun finishes too, and adds nothing
    assert again["rejected"] == 0 and again["analysed"] == 0 and again["skipped"] == 6


def test_csv_rows_with_bad_bytes_are_error_rows(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes(b'id,text\nx1,"Hello"\nx2,"caf\xe9"\nx3,""\n')
    items = list(read_input(str(path)))
    assert [(i.id, bool(i.error)) for i in items] == [("x1", False), ("c.csv:3", True), ("x3", True)]


def test_locked_output_is_a_one_line_error(tmp_path):
    out = tmp_path / "o.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(out)!r}); "
                               "print('ready', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        corpus = make_corpus(tmp_path / "c.jsonl", 2)
        res = run_cli("batch", str(corpus), "-o", str(out), "--only", "segments")
        assert res.returncode == 2
        assert res.stderr.strip().count("\n") == 0 and f"PID {holder.pid}" in res.stderr, res.stderr
        stats_res = run_cli("corpus", "stats", str(out))
        assert stats_res.returncode == 2 and "in use" in stats_res.stderr
    finally:
        holder.kill()


def test_output_path_is_checked_before_any_work(tmp_path):
    corpus = make_corpus(tmp_path / "c.jsonl", 2)
    started = time.monotonic()
    res = run_cli("batch", str(corpus), "-o", str(tmp_path))
    assert res.returncode == 2 and "folder" in res.stderr and time.monotonic() - started < 5


@pytest.mark.slow
def test_workers_exit_when_the_batch_is_killed(tmp_path):
    corpus = make_corpus(tmp_path / "c.jsonl", 40)
    proc = subprocess.Popen([sys.executable, "-m", "unspin.cli", "batch", str(corpus), "-o", str(tmp_path / "o.duckdb"),
                             "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == proc.pid:
                found.append(int(stat.parent.name))
        return found

    deadline = time.time() + 120
    kids: list[int] = []
    while time.time() < deadline and len(kids) < 2:
        kids = children()
        time.sleep(0.2)
    assert len(kids) >= 2, "the batch never started its workers"
    time.sleep(2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(10)
    alive = [k for k in kids if Path(f"/proc/{k}").exists() and Path(f"/proc/{k}/stat").read_text().split()[2] != "Z"]
    assert alive == [], f"workers {alive} outlived their parent"


def test_actor_names_merge_across_articles():
    from collections import Counter

    from unspin.batch.corpus import merge_names

    got = merge_names(Counter({"Trump": 30, "Donald Trump": 10, "the Kremlin": 3, "Kremlin": 4, "Biden": 3,
                               "Joe Biden": 1, "Hunter Biden": 1}))
    assert got["Donald Trump"] == 40 and got["Kremlin"] == 7
    assert got["Biden"] == 3  # two Bidens: "Biden" alone stays ambiguous


def test_worker_processes_start_with_numpy_blas_capped(monkeypatch):
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from unspin.batch.local import BLAS_THREAD_VARIABLES, _worker_environment

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "7")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    with _worker_environment(1), ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        seen = pool.submit(os.getenv, "OPENBLAS_NUM_THREADS").result()
        assert all(os.environ[k] == "1" for k in BLAS_THREAD_VARIABLES)
    assert seen == "1"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "7" and "OMP_NUM_THREADS" not in os.environ  # the parent's, restored


def test_bad_worker_or_thread_counts_are_one_line_errors(tmp_path):
    corpus = make_corpus(tmp_path / "c.jsonl", 2)
    for flag in ("--threads", "--workers"):
        res = run_cli("batch", str(corpus), "-o", str(tmp_path / "o.duckdb"), flag, "0")
        assert res.returncode == 2 and res.stderr.strip().count("\n") == 0 and flag in res.stderr, res.stderr


@pytest.mark.parametrize("arrow", [True, False])
def test_duckdb_store_writes_findings_with_or_without_pyarrow(tmp_path, arrow):
    from unspin.batch.rows import ARTICLE_COLUMNS
    from unspin.batch.store import DuckDBStore

    store = DuckDBStore(tmp_path / "out.duckdb")
    if not arrow:
        store._schema = None  # as without pyarrow: multi-row VALUES
    article = {c: None for c in ARTICLE_COLUMNS} | {"id": "a1", "words": 3}
    findings = [{"article_id": "a1", "kind": "technique", "label": "Loaded_Language", "start": i, "end": i + 4,
                 "text": "word", "confidence": 0.25 + i / 1000, "voice": "author", "speaker": None} for i in range(300)]
    store.write(article, findings)
    store.write(article, findings[:2])  # written again (a retry): replaces, never duplicates
    rows = store.con.execute('SELECT start, "end", confidence, speaker FROM findings ORDER BY start').fetchall()
    assert rows == [(0, 4, 0.25, None), (1, 5, 0.251, None)]
    assert store.con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    store.close()
