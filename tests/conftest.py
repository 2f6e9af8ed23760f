"""Shared test fixtures: where the shared real data lives, and how to run the CLI as a user would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "langson-tuyen-truyen-mieng.txt"


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """Run `vnpress ARGS` in a subprocess (as a user would) and return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd or REPO,
        input=stdin,
        capture_output=True,
        env=env,
        timeout=600,
    )


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    return SHARED_DATA
