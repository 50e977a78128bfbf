from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# never read or write the user's own narrative cases during tests
os.environ["UNSPIN_DATA_DIR"] = tempfile.mkdtemp(prefix="unspin-test-data-")

FIXTURES = Path(__file__).parent / "fixtures"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def partisan_text() -> str:
    return (FIXTURES / "partisan.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def partisan_report():
    import unspin

    return unspin.analyze((FIXTURES / "partisan.txt").read_text(encoding="utf-8"))


def shared_data(name: str) -> Path:
    path = DATA / name
    if not path.is_dir():
        pytest.skip(f"shared data {path} is absent (it is read-only research data, never committed)")
    return path
