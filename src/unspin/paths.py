"""Where unspin keeps the user's own files (saved analyses, own narrative cases, an installed glossary)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def data_dir() -> Path:
    """``$UNSPIN_DATA_DIR``, else the platform's per-user data directory."""
    if os.environ.get("UNSPIN_DATA_DIR"):
        return Path(os.environ["UNSPIN_DATA_DIR"])
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "unspin"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "unspin"
    return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "unspin"
