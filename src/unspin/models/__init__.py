"""Bundled model weights, found through the package itself (never downloaded).

``UNSPIN_MODEL_DIR`` points at a folder holding replacement model folders
(for example the output of ``unspin train techniques``).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from unspin.errors import ModelError


def locate(name: str, marker: str = "config.json") -> Path:
    """Folder of the bundled model ``name`` (or its override)."""
    override = os.environ.get("UNSPIN_MODEL_DIR")
    if override:
        path = Path(override) / name
        if (path / marker).is_file():
            return path
    path = Path(str(resources.files("unspin.models") / name))
    if not (path / marker).is_file():
        raise ModelError(f"bundled model {name!r} is missing from {path}; reinstall unspin")
    return path
