"""Load test of the HTTP API on loopback: 1, 4 and 8 concurrent clients.

    python benchmarks/api_load.py [--requests 16] [--article src/unspin/examples/summit.txt]

Starts `unspin serve` in its own process, then a separate client process per
concurrency level (threads sending POST /api/analyze). Reports p50/p95 latency,
throughput and status codes; only 200 and the documented 429/503 are allowed.
Writes benchmarks/results/api_load.json.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parents[1]

CLIENT = r"""
import json, sys, time, threading, httpx
url, n_clients, n_requests, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
text = open(path, encoding="utf-8").read()
lat, codes, lock = [], [], threading.Lock()
todo = list(range(n_requests))
def worker():
    with httpx.Client(timeout=300) as c:
        while True:
            with lock:
                if not todo: return
                todo.pop()
            t = time.perf_counter()
            r = c.post(url + "/api/analyze", json={"text": text, "save": False})
            with lock:
                lat.append(time.perf_counter() - t); codes.append(r.status_code)
t0 = time.perf_counter()
ts = [threading.Thread(target=worker) for _ in range(n_clients)]
[t.start() for t in ts]; [t.join() for t in ts]
print(json.dumps({"wall": time.perf_counter() - t0, "latencies": lat, "codes": codes}))
"""


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=16)
    ap.add_argument("--article", default=str(ROOT / "src" / "unspin" / "examples" / "summit.txt"))
    args = ap.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen(
            [sys.executable, "-m", "unspin.cli", "serve", "--port", str(port), "--db", str(Path(tmp) / "db.sqlite3")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
        )
        try:
            import httpx

            for _ in range(600):
                try:
                    if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            levels = {}
            for clients in (1, 4, 8):
                out = subprocess.run([sys.executable, "-c", CLIENT, url, str(clients), str(args.requests), args.article],
                                     capture_output=True, text=True, check=True)
                data = json.loads(out.stdout)
                lat = sorted(data["latencies"])
                codes = {str(c): data["codes"].count(c) for c in sorted(set(data["codes"]))}
                bad = [c for c in data["codes"] if c not in (200, 429, 503)]
                levels[str(clients)] = {
                    "requests": len(lat),
                    "p50_ms": round(1000 * statistics.median(lat)),
                    "p95_ms": round(1000 * lat[max(0, int(0.95 * len(lat)) - 1)]),
                    "throughput_rps": round(len(lat) / data["wall"], 2),
                    "status_codes": codes,
                    "unexpected_failures": len(bad),
                }
                print(f"{clients} clients: {levels[str(clients)]}", file=sys.stderr)
        finally:
            server.terminate()
            server.wait(30)
    result = {"article": Path(args.article).name, "server": "unspin serve (1 worker)", "levels": levels,
              "machine": f"{os.cpu_count()} cores"}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api_load.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if all(v["unexpected_failures"] == 0 for v in levels.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
