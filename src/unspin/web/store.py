"""Saved analyses in an embedded SQLite database: one row per analysis, the Report as JSON."""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

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


class AnalysisStore:
    """Thread-safe; each call opens a short transaction on one shared connection."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute("PRAGMA journal_mode=WAL") if self.path != ":memory:" else None
            self._conn.execute(SCHEMA)

    def save(self, report_json: str, title: str | None, words: int, techniques: int) -> str:
        analysis_id = secrets.token_urlsafe(9)
        with self._lock, self._conn:
            self._conn.execute(
                "INSERT INTO analyses (id, created, title, words, techniques, report) VALUES (?, ?, ?, ?, ?, ?)",
                (analysis_id, time.time(), title, words, techniques, report_json),
            )
        return analysis_id

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
