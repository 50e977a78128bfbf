"""The server's guards (docs/security.md): stoppable analyses, request limits, Host checks, tokens, slow clients.

The analysis processes here run a stand-in job (slow_job.py) so that no test waits for real models."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from unspin.web.app import Settings, create_app, parse_request

HERE = Path(__file__).parent


def _settings(tmp_path: Path, **kw) -> Settings:  # type: ignore[no-untyped-def]
    base = dict(db_path=str(tmp_path / "a.sqlite3"), job="slow_job:analyse", threads=1,
                allowed_hosts=["testserver", "127.0.0.1", "localhost"])
    base.update(kw)
    return Settings(**base)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(_settings(tmp_path, timeout_s=3.0))) as c:
        yield c


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has stopped computing too
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return True


def test_a_timed_out_analysis_is_stopped_and_the_server_goes_on(client, tmp_path):
    beat = tmp_path / "beat"
    assert client.post("/api/analyze", json={"text": "warm up", "save": False}).status_code == 200
    started = time.monotonic()
    res = client.post("/api/analyze", json={"text": f"sleep 60 {beat}", "save": False})
    assert res.status_code == 504 and "stopped" in res.json()["detail"]
    assert time.monotonic() - started < 10
    pid = int(beat.read_text().split()[0])
    assert not _pid_alive(pid), "the worker that ran the analysis is still alive"
    last = beat.stat().st_mtime
    time.sleep(0.5)
    assert beat.stat().st_mtime == last, "the analysis kept running after its 504"
    res = client.post("/api/analyze", json={"text": "a normal request", "save": False})
    assert res.status_code == 200 and res.json()["pid"] != pid
    assert client.get("/api/health").json()["analyses_running"] == 0


def test_queue_full_gets_429(tmp_path):
    with TestClient(create_app(_settings(tmp_path, workers=1, queue=0, timeout_s=20))) as c:
        assert c.post("/api/analyze", json={"text": "warm up", "save": False}).status_code == 200
        beat = tmp_path / "beat"
        results = []
        t = threading.Thread(target=lambda: results.append(
            c.post("/api/analyze", json={"text": f"sleep 1.5 {beat}", "save": False})))
        t.start()
        for _ in range(100):
            if beat.exists():
                break
            time.sleep(0.05)
        second = c.post("/api/analyze", json={"text": "second", "save": False})
        t.join()
    assert second.status_code == 429 and second.headers["retry-after"]
    assert results[0].status_code == 200


def test_errors_of_the_analysis_come_back_as_4xx_and_keep_the_worker(client):
    first = client.post("/api/analyze", json={"text": "hello", "save": False}).json()["pid"]
    res = client.post("/api/analyze", json={"text": "fail", "save": False})
    assert res.status_code == 400 and "told to fail" in res.json()["detail"]
    assert client.post("/api/analyze", json={"text": "again", "save": False}).json()["pid"] == first


@pytest.mark.parametrize("body", [
    b'{"text": NaN}', b'{"text": "x", "options": {"title": Infinity}}', b'{"text": -Infinity}',
    b'{"text": "a \\ud800 b"}', b'{"url": "http://example.org/\\udfff"}', b'{"text": "x", "options": {"title": "\\ud83d"}}',
    b'{"text": "x", "options": {"only": ["\\ud800"]}}', b"[1, 2]", b"not json", b"{" * 100_000,
])
def test_hostile_json_is_a_short_422(client, body):
    res = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert res.status_code == 422, res.text
    assert len(res.content) < 600


def test_many_unknown_fields_get_a_short_422_quickly(client):
    body = json.dumps({"text": "x", **{f"f{i}": 0 for i in range(150_000)}}).encode()
    started = time.monotonic()
    res = client.post("/api/analyze", content=body, headers={"content-type": "application/json"})
    assert res.status_code == 422 and len(res.content) < 600 and "149,995 more" in res.json()["detail"]
    assert time.monotonic() - started < 2
    nested = json.dumps({"text": "x", "options": {f"o{i}": i for i in range(50_000)}}).encode()
    assert client.post("/api/analyze", content=nested, headers={"content-type": "application/json"}).status_code == 422


@pytest.mark.parametrize("options", [{"title": "t" * 5000}, {"source": "s" * 5000}, {"only": ["techniques"] * 100}])
def test_options_are_bounded(client, options):
    res = client.post("/api/analyze", json={"text": "x", "options": options})
    assert res.status_code == 422 and len(res.content) < 600


def test_unknown_analyser_is_422_before_any_work(client):
    res = client.post("/api/analyze", json={"text": "x", "options": {"only": ["nope"]}})
    assert res.status_code == 422 and "nope" in res.json()["detail"]


def test_foreign_host_is_refused(client):
    assert client.get("/api/health", headers={"host": "evil.example:8000"}).status_code == 400
    assert client.get("/", headers={"host": "rebind.attacker.test"}).status_code == 400
    assert client.get("/api/health", headers={"host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "localhost"}).status_code == 200


def test_host_header_forms():
    from unspin.web.app import _host_of

    assert _host_of("Example.org:8000") == "example.org"
    assert _host_of("[::1]:8000") == "::1"
    assert _host_of("[::1]") == "::1"
    assert _host_of("127.0.0.1") == "127.0.0.1"


def test_token_guards_every_api_route_but_health(tmp_path):
    with TestClient(create_app(_settings(tmp_path, token="s3cret"))) as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/").status_code == 200  # the page itself; it asks for the token
        for method, path in [("GET", "/api/analyses"), ("DELETE", "/api/analyses/abc"), ("GET", "/api/analyses/abc"),
                             ("POST", "/api/analyze"), ("GET", "/api/techniques"), ("GET", "/api/schema")]:
            res = c.request(method, path)
            assert res.status_code == 401, (method, path)
            assert c.request(method, path, headers={"authorization": "Bearer wrong"}).status_code == 401
        ok = {"authorization": "Bearer s3cret"}
        res = c.post("/api/analyze", json={"text": "saved one"}, headers=ok)
        assert res.status_code == 200
        aid = res.headers["X-Unspin-Id"]
        assert [a["id"] for a in c.get("/api/analyses", headers=ok).json()] == [aid]
        assert c.delete(f"/api/analyses/{aid}").status_code == 401
        assert c.delete(f"/api/analyses/{aid}", headers=ok).status_code == 204


def test_store_retention(tmp_path):
    from unspin.web.store import AnalysisStore

    store = AnalysisStore(tmp_path / "s.sqlite3", keep_days=30, max_bytes=2_500)
    ids = [store.save("x" * 1000, f"t{i}", 1, 0) for i in range(4)]
    kept = [a["id"] for a in store.recent(10)]
    assert len(kept) == 2 and set(kept) == set(ids[2:])  # the oldest went first
    store._conn.execute("UPDATE analyses SET created = created - 31 * 86400 WHERE id = ?", (ids[3],))
    store._conn.commit()
    assert store.prune() == 1 and [a["id"] for a in store.recent(10)] == [ids[2]]


def test_the_database_defaults_to_the_data_directory(tmp_path, monkeypatch):
    from unspin.web.store import default_db_path

    monkeypatch.setenv("UNSPIN_DATA_DIR", str(tmp_path / "data"))
    assert default_db_path() == tmp_path / "data" / "analyses.sqlite3"
    monkeypatch.delenv("UNSPIN_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "unspin" / "analyses.sqlite3"


def test_parse_request_messages_stay_small():
    from unspin.web.app import RequestError

    with pytest.raises(RequestError) as err:
        parse_request(json.dumps({"text": 5, "html": 6, "url": 7}).encode())
    assert err.value.status == 422 and len(str(err.value)) < 500
    assert parse_request(b'{"text": "fine"}').text == "fine"


# --- a real server: slow headers, slow bodies, over-limit bodies --------------------------------------------------


@pytest.fixture
def live(tmp_path):
    from live_server import running_server

    from unspin.web.server import guarded_protocol

    settings = _settings(tmp_path, max_body_bytes=10_000, body_timeout_s=1.0, header_timeout_s=1.0)
    with running_server(create_app(settings), http=guarded_protocol(settings.header_timeout_s), lifespan="on") as port:
        yield port


def _recv_all(conn: socket.socket, timeout: float) -> bytes:
    conn.settimeout(timeout)
    data = b""
    try:
        while chunk := conn.recv(65536):
            data += chunk
    except TimeoutError:
        pass
    return data


def test_slow_headers_are_cut_off(live):
    conn = socket.create_connection(("127.0.0.1", live))
    conn.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
    started = time.monotonic()
    assert _recv_all(conn, 5) == b""  # closed by the server
    assert time.monotonic() - started < 4


def test_a_slow_body_gets_408(live):
    conn = socket.create_connection(("127.0.0.1", live))
    conn.sendall(b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 200\r\n\r\n{\"text\": \"")
    got = _recv_all(conn, 5)
    assert got.startswith(b"HTTP/1.1 408")


def test_an_over_limit_body_is_answered_413_not_reset(live):
    res = httpx.post(f"http://127.0.0.1:{live}/api/analyze", content=b'{"text": "' + b"a" * 200_000 + b'"}',
                     headers={"content-type": "application/json"}, timeout=10)
    assert res.status_code == 413


def test_one_byte_chunks_do_not_stall_the_server(live):
    def dribble():
        yield b'{"text": "'
        for _ in range(9_000):
            yield b"a"
        yield b'", "save": false}'

    result: dict[str, float] = {}

    def post() -> None:
        res = httpx.post(f"http://127.0.0.1:{live}/api/analyze", content=dribble(), timeout=30)
        result["status"] = res.status_code

    t = threading.Thread(target=post)
    t.start()
    started = time.monotonic()
    assert httpx.get(f"http://127.0.0.1:{live}/api/health", timeout=5).status_code == 200
    assert time.monotonic() - started < 2
    t.join(30)
    assert result["status"] in (200, 408)
