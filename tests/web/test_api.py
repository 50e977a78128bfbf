import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from unspin.web.app import Settings, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "a.sqlite3"
    with TestClient(create_app(Settings(db_path=str(db), allowed_hosts=["testserver"]))) as c:
        yield c


def test_health_schema_openapi_docs(client):
    assert client.get("/api/health").json()["status"] == "ok"
    assert "findings" in client.get("/api/schema").json()["properties"]
    assert client.get("/openapi.json").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/analyze" in docs.text


def test_technique_catalogue_is_served(client):
    from unspin.catalogue import LABELS

    got = client.get("/api/techniques").json()
    assert [t["label"] for t in got] == list(LABELS)
    assert all(t["title"] and t["definition"] and t["colour"].startswith("#") for t in got)


@pytest.mark.slow
def test_analyze_matches_cli_json(client, fixtures):
    text = (fixtures / "partisan.txt").read_text()
    res = client.post("/api/analyze", json={"text": text})
    assert res.status_code == 200
    cli = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(fixtures / "partisan.txt"), "-f", "json"],
                         capture_output=True, check=True)
    assert res.content == cli.stdout
    aid = res.headers["X-Unspin-Id"]
    assert client.get(f"/api/analyses/{aid}").json() == json.loads(cli.stdout)
    assert client.get(f"/a/{aid}").status_code == 200
    page = client.get(f"/api/analyses/{aid}/report.html")
    assert page.status_code == 200 and "<script" not in page.text
    assert any(a["id"] == aid for a in client.get("/api/analyses").json())
    assert client.delete(f"/api/analyses/{aid}").status_code == 204
    assert client.get(f"/api/analyses/{aid}").status_code == 404
    assert client.get(f"/a/{aid}").status_code == 404


@pytest.mark.slow
def test_analyze_html_input(client, fixtures):
    res = client.post("/api/analyze", json={"html": (fixtures / "script_article.html").read_text(), "save": False})
    assert res.status_code == 200 and res.json()["meta"]["title"] == "Officials Meet in Geneva"
    assert "X-Unspin-Id" not in res.headers


def test_body_too_large(client):
    res = client.post("/api/analyze", content=b'{"text": "' + b"a" * 6_000_000 + b'"}',
                      headers={"content-type": "application/json"})
    assert res.status_code == 413


def test_body_too_large_without_length(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(30):
            yield b"a" * 100_000
        yield b'"}'
    res = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert res.status_code == 413


@pytest.mark.parametrize("body", [{}, {"text": "a", "url": "http://x"}, {"txt": "a"}, {"text": 5}, {"text": "x", "options": {"bogus": 1}}])
def test_malformed_requests(client, body):
    res = client.post("/api/analyze", json=body)
    assert res.status_code in (400, 422)
    assert res.json()["detail"]


def test_not_json(client):
    res = client.post("/api/analyze", content=b"not json", headers={"content-type": "application/json"})
    assert res.status_code in (400, 422)


def test_empty_text(client):
    res = client.post("/api/analyze", json={"text": "   "})
    assert res.status_code == 400 and "empty" in res.json()["detail"]


def test_unknown_analyser(client):
    res = client.post("/api/analyze", json={"text": "Some text here.", "options": {"only": ["nope"]}})
    assert res.status_code == 422


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/api/health", "http://localhost/", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data",
    "http://[::1]/", "file:///etc/passwd",
])
def test_ssrf_refused(client, url):
    res = client.post("/api/analyze", json={"url": url})
    assert res.status_code == 400
    assert "refusing" in res.json()["detail"] or "only http" in res.json()["detail"]


def test_page_security_headers(client):
    res = client.get("/")
    csp = res.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "http://" not in res.text and "https://" not in res.text.replace('placeholder="https://..."', "")
    assert " on" not in res.text.lower().replace("only", "")  # no inline event handlers
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "http://" not in js.replace('"http://www.w3.org/2000/svg"', "")


@pytest.mark.slow
def test_html_page_with_comment_thread_matches_cli(client, fixtures):
    html = (fixtures / "comments_wordpress.html").read_text()
    res = client.post("/api/analyze", json={"html": html, "save": False})
    assert res.status_code == 200
    cli = subprocess.run([sys.executable, "-m", "unspin.cli", "analyze", str(fixtures / "comments_wordpress.html"), "-f", "json"],
                         capture_output=True, check=True)
    assert res.content == cli.stdout
    report = res.json()
    comments = [f for f in report["findings"] if f["kind"] == "comment"]
    assert [c["author"] for c in comments] == ["truthseeker77", "Maria K.", "Oleg"]
    assert comments[0]["conspiracy"] and "Jewish" in comments[0]["targets"]


def test_a_date_that_is_no_date(client):
    res = client.post("/api/analyze", json={"text": "Some text here.", "options": {"date": "2020-13-45"}})
    assert res.status_code == 422 and "not a date" in res.json()["detail"]
