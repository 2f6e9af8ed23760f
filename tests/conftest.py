"""Shared test fixtures: where the shared real data lives, and how to run the CLI as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # imported where used, so collecting unrelated tests stays light
    from scrapers.testsite import SiteServer

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "langson-tuyen-truyen-mieng.txt"
SHARED_HTML = SHARED_DATA / "html"
GOLD = sorted((REPO / "tests" / "gold").glob("*.jsonl"))
# Marks the tests that read the saved article pages of ../shared/data/html.
needs_shared_html = pytest.mark.skipif(not SHARED_HTML.is_dir(), reason="shared data not available")


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


@pytest.fixture
def no_internet() -> Iterator[None]:
    """Refuse every non-loopback connection during the test (scraper tests use it on the whole module)."""
    from scrapers.testsite import guard_sockets

    undo = guard_sockets()
    yield
    undo()


def manifest_urls() -> dict[str, str]:
    """The original URL of each saved page of ../shared/data/html, by file."""
    manifest = json.loads((SHARED_HTML / "MANIFEST.json").read_text(encoding="utf-8"))
    return {e["file"]: e["url"] for e in manifest["entries"]}


def serve_saved_pages(server: SiteServer, files: list[str]) -> list[str]:
    """Serve saved pages of ../shared/data/html under their original URL paths; returns the paths."""
    urls = manifest_urls()
    paths = []
    for file in files:
        path = "/" + urls[file].split("/", 3)[3]
        server.add(path, (SHARED_HTML / file).read_bytes())
        paths.append(path)
    return paths


NEWS_SAMPLE = SHARED_DATA / "news" / "vntc_sample_part2.jsonl"


def news_sentences(limit: int, max_chars: int | None = None) -> list[str]:
    """The first `limit` sentences (or lines) of real news, for checks against underthesea itself."""
    import re

    out: list[str] = []
    with NEWS_SAMPLE.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            pieces = (s for s in re.split(r"(?<=[.;!?])\s+|\n", text) if s.strip())
            out.extend(s for s in pieces if max_chars is None or len(s) < max_chars)
            if len(out) >= limit:
                break
    return out[:limit]
