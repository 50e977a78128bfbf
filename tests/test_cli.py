import json
import subprocess
import sys

import pytest


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "unspin.cli", *args], input=stdin, capture_output=True, timeout=600)


def _one_line_error(out, code):
    assert out.returncode == code, out.stderr
    err = out.stderr.decode().strip()
    assert err.startswith("unspin: error:") and "\n" not in err and "Traceback" not in err


@pytest.mark.slow
def test_analyze_json_file(fixtures):
    out = run("analyze", str(fixtures / "partisan.txt"), "-f", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["schema_version"] and data["text"].startswith("Kiev Regime")


@pytest.mark.slow
def test_stdin_and_html_output(tmp_path, fixtures):
    target = tmp_path / "r.html"
    out = run("analyze", "-", "-f", "html", "-o", str(target), stdin=(fixtures / "neutral.txt").read_bytes())
    assert out.returncode == 0, out.stderr
    assert target.read_text().startswith("<!doctype html>")


@pytest.mark.slow
def test_html_file_input_and_metadata(fixtures):
    out = run("analyze", str(fixtures / "script_article.html"), "-f", "json", "--skip", "techniques", "--source-name", "Example")
    data = json.loads(out.stdout)
    assert data["meta"]["title"] == "Officials Meet in Geneva" and data["meta"]["source"] == "Example"
    assert data["segments"][0]["kind"] == "title"
    assert "techniques" not in data["analysers"]


def test_empty_file(tmp_path):
    p = tmp_path / "e.txt"
    p.write_bytes(b"")
    _one_line_error(run("analyze", str(p)), 2)


def test_binary_file(tmp_path):
    p = tmp_path / "b.bin"
    p.write_bytes(bytes(range(256)) * 10)
    _one_line_error(run("analyze", str(p)), 2)


def test_undecodable_file(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes(b"\xff\xfe\xfd" * 2 + bytes(range(128, 160)) * 20)
    out = run("analyze", str(p))
    assert out.returncode in (0, 2) and b"Traceback" not in out.stderr


def test_missing_file():
    _one_line_error(run("analyze", "/no/such/file.txt"), 2)


def test_oversized(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    _one_line_error(run("analyze", str(p), "--max-bytes", "100"), 2)


def test_html_without_text(fixtures):
    _one_line_error(run("analyze", str(fixtures / "empty_article.html")), 2)


def test_refused_url():
    _one_line_error(run("analyze", "http://127.0.0.1:9/article"), 3)
    _one_line_error(run("analyze", "http://169.254.169.254/latest/meta-data"), 3)


def test_unknown_analyser(fixtures):
    _one_line_error(run("analyze", str(fixtures / "neutral.txt"), "--only", "nope"), 5)


def test_skipping_a_requirement_is_refused_before_reading(fixtures):
    out = run("analyze", str(fixtures / "neutral.txt"), "--skip", "quotes")
    _one_line_error(out, 5)
    assert b"needs 'quotes'" in out.stderr


@pytest.mark.slow
def test_only_says_what_it_added(fixtures):
    out = run("analyze", str(fixtures / "neutral.txt"), "--only", "techniques", "-f", "json")
    assert out.returncode == 0, out.stderr
    notes = out.stderr.decode()
    assert "note: also running 'quotes': techniques needs it" in notes
    assert json.loads(out.stdout)["analysers"] == ["segments", "language", "encoder", "actors", "quotes", "techniques"]


def test_list_and_schema():
    out = run("analyze", "--list")
    assert out.returncode == 0 and b"techniques" in out.stdout
    schema = json.loads(run("schema").stdout)
    assert "findings" in schema["properties"]


def test_output_to_a_folder_or_unwritable_path_exits_2_before_analysis(tmp_path, fixtures):
    import time

    started = time.monotonic()
    res = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(fixtures / "partisan.txt"), "-o", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "folder" in res.stderr and res.stderr.count("\n") == 1
    assert time.monotonic() - started < 5
    res = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(fixtures / "partisan.txt"), "-o",
                          str(tmp_path / "missing" / "r.json")], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "does not exist" in res.stderr


def test_no_source_is_a_usage_error():
    res = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "give a file" in res.stderr


def test_serve_on_a_public_address_needs_a_token(monkeypatch):
    env = {k: v for k, v in __import__("os").environ.items() if k != "UNSPIN_TOKEN"}
    res = subprocess.run([sys.executable, "-m", "unspin.cli", "serve", "--host", "0.0.0.0", "--port", "1"],
                         capture_output=True, text=True, timeout=60, env=env)
    assert res.returncode == 2 and "--token" in res.stderr and res.stderr.count("\n") == 1


@pytest.mark.slow
def test_min_confidence_leaves_out_low_findings_and_their_counts(fixtures):
    res = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(fixtures / "sourcing.txt"), "-f", "json",
                          "--min-confidence", "0.5"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["findings"] and all(f["confidence"] >= 0.5 for f in report["findings"])
    kinds: dict[str, int] = {}
    for f in report["findings"]:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    assert report["summary"]["findings"] == kinds
    assert sum(report["summary"]["techniques"].values()) == kinds.get("technique", 0)
    bad = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(fixtures / "sourcing.txt"),
                          "--min-confidence", "2"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "between 0 and 1" in bad.stderr


def test_dogwhistles_add_and_list(tmp_path):
    import os

    glossary = tmp_path / "g.tsv"
    glossary.write_text("Dogwhistle\tSurface Forms\tPersona/In-Group\tCovert (in-group) meaning\n"
                        "(((echo)))\t(((\tantisemitic\tMarks a name as Jewish\n", encoding="utf-8")
    env = {**os.environ, "UNSPIN_DATA_DIR": str(tmp_path / "data")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "unspin.cli", "dogwhistles", *a], capture_output=True,  # noqa: E731
                                    text=True, timeout=60, env=env)
    added = run("add", str(glossary))
    assert added.returncode == 0 and "installed 1 surface forms" in added.stderr
    listed = run("list")
    assert listed.stdout.startswith("(((\t(((echo)))\tantisemitic\tdistinctive")
    bad = run("add", str(tmp_path / "missing.tsv"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_bad_option_values_are_one_line_errors(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("Some text here about things.")
    for args, code, words in ((["analyze", str(text), "--date", "2020-13-45"], 5, "not a date"),
                              (["narratives", "search", "   "], 2, "empty"),
                              (["bench", "comments", str(tmp_path / "missing.jsonl")], 2, "no such file"),
                              (["serve", "--port", "99999"], 2, "not a port")):
        res = subprocess.run([sys.executable, "-m", "unspin.cli", *args], capture_output=True, text=True, timeout=120)
        assert res.returncode == code and words in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)
