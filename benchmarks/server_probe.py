"""Probe a real `unspin serve`: time limits that stop the work, hostile requests, Host checks.

    python benchmarks/server_probe.py [--article PATH] [--timeout 8]

Starts `unspin serve` on a free port with `--timeout`, sends four ~250 KB analyses at once (they all get 504 and
their work stops), checks that /api/health answers meanwhile, that a normal request is served right after, and that
NaN, a lone surrogate, 150,000 unknown fields, a foreign Host and an over-limit body get their 4xx. Writes
benchmarks/results/server_probe.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

RESULTS = Path(__file__).parent / "results"


def long_article(data: Path, size: int = 250_000) -> str:
    parts, total = [], 0
    for path in sorted((data / "train-articles").glob("*.txt")):
        parts.append(path.read_text(encoding="utf-8"))
        total += len(parts[-1])
        if total > size:
            break
    return "\n\n".join(parts)[:size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "ptc"))
    ap.add_argument("--timeout", type=float, default=8.0)
    args = ap.parse_args()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    db = Path(os.environ.get("TMPDIR", "/tmp")) / f"unspin-probe-{port}.sqlite3"
    srv = subprocess.Popen([sys.executable, "-m", "unspin.cli", "serve", "--port", str(port), "--timeout",
                            str(args.timeout), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    out: dict[str, object] = {"timeout_s": args.timeout}
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        big = long_article(Path(args.data))
        started = time.time()
        results: list[tuple[int, float]] = []

        def post() -> None:
            r = httpx.post(base + "/api/analyze", json={"text": big, "save": False}, timeout=300)
            results.append((r.status_code, round(time.time() - started, 1)))

        threads = [threading.Thread(target=post) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(1)
        t0 = time.time()
        httpx.get(base + "/api/health", timeout=5)
        out["health_during_load_s"] = round(time.time() - t0, 2)
        for t in threads:
            t.join()
        out["big_requests"] = sorted(results)
        t0 = time.time()
        r = httpx.post(base + "/api/analyze", json={"text": "The minister said the corrupt regime lied again.\n\n"
                                                           "More text follows here.", "save": False}, timeout=120)
        out["normal_after"] = {"status": r.status_code, "seconds": round(time.time() - t0, 1)}
        hostile = {"nan": b'{"text": NaN}', "surrogate": b'{"text": "\\ud800"}',
                   "150k_fields": json.dumps({"text": "x", **{f"f{i}": 0 for i in range(150_000)}}).encode()}
        out["hostile"] = {}
        for name, body in hostile.items():
            t0 = time.time()
            r = httpx.post(base + "/api/analyze", content=body, headers={"content-type": "application/json"}, timeout=30)
            out["hostile"][name] = {"status": r.status_code, "bytes": len(r.content), "seconds": round(time.time() - t0, 2)}  # type: ignore[index]
        out["foreign_host"] = httpx.get(base + "/api/health", headers={"host": "evil.example"}).status_code
        r = httpx.post(base + "/api/analyze", content=b'{"text": "' + b"a" * 3_000_000 + b'"}',
                       headers={"content-type": "application/json"}, timeout=30)
        out["over_limit_body"] = r.status_code
    finally:
        srv.send_signal(signal.SIGINT)
        srv.wait(30)
        db.unlink(missing_ok=True)
    print(json.dumps(out, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "server_probe.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
