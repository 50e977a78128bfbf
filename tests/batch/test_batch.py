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
    assert page.count("<svg") >= 2 and "alpha" in page and "http://" not in page and "https://" not in page
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
