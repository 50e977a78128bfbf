"""Saved analyses in an embedded SQLite database: one row per analysis, the Report as JSON.

Retention: analyses older than ``keep_days`` are deleted, and the oldest go first whenever the stored reports
together pass ``max_bytes``. The database lives in the user's data directory unless a path is given.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from unspin.paths import data_dir

SCHEMA = """
CREATE TABLE IF NOT EXISTS analyses (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    title TEXT,
    words INTEGER,
    techniques INTEGER,
    report TEXT NOT NULL
)
"""


def default_db_path() -> Path:
    return data_dir() / "analyses.sqlite3"


class AnalysisStore:
    """Thread-safe; each call opens a short transaction on one shared connection."""

    def __init__(self, path: str | Path | None = None, keep_days: float = 30.0, max_bytes: int = 500_000_000) -> None:
        self.path = str(path if path is not None else default_db_path())
        self.keep_days, self.max_bytes = keep_days, max_bytes
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL") if self.path != ":memory:" else None
            self._conn.execute(SCHEMA)
        self.prune()

    def save(self, report_json: str, title: str | None, words: int, techniques: int) -> str:
        analysis_id = secrets.token_urlsafe(9)
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO analyses (id, created, title, words, techniques, report) VALUES (?, ?, ?, ?, ?, ?)",
                (analysis_id, time.time(), title, words, techniques, report_json),
            )
        self.prune()
        return analysis_id

    def prune(self) -> int:
        """Apply the retention rules; returns how many analyses were deleted."""
        removed = 0
        with self._lock, self._conn:
            if self.keep_days > 0:
                cur = self._conn.execute("DELETE FROM analyses WHERE created < ?", (time.time() - self.keep_days * 86400,))
                removed += cur.rowcount
            if self.max_bytes > 0:
                rows = self._conn.execute("SELECT id, length(report) FROM analyses ORDER BY created DESC").fetchall()
                total, drop = 0, []
                for analysis_id, size in rows:
                    total += size or 0
                    if total > self.max_bytes:
                        drop.append((analysis_id,))
                if drop:
                    self._conn.executemany("DELETE FROM analyses WHERE id = ?", drop)
                    removed += len(drop)
        return removed

    def get(self, analysis_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT report FROM analyses WHERE id = ?", (analysis_id,)).fetchone()
        return row[0] if row else None

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, created, title, words, techniques FROM analyses ORDER BY created DESC LIMIT ?", (limit,)
            ).fetchall()
        return [dict(zip(("id", "created", "title", "words", "techniques"), r)) for r in rows]

    def delete(self, analysis_id: str) -> bool:
        with self._lock, self._conn:
            cur = self._conn.execute("DELETE FROM analyses WHERE id = ?", (analysis_id,))
        return cur.rowcount > 0
