"""`vnpress show`: every mention highlighted, values on hover, page text inert; checked in real Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SEED, run_cli

pytest.importorskip("spacy", reason="the show view renders with spaCy's displaCy (extra 'spacy')")

from corpus.htmlview import COLORS, LABELS, render_show  # noqa: E402
from nlp import analyze  # noqa: E402
from nlp.records import mention_from_dict  # noqa: E402
from nlp.scoring import load_gold  # noqa: E402

GOLD = Path(__file__).with_name("gold") / "seed_vntc.jsonl"
HOSTILE = (
    'Tin nóng <script>document.title="PWNED";document.body.innerHTML="PWNED"</script> và '
    "<img src=x onerror=\"document.title='PWNED'\"> hôm nay.\n\n"
    "Năm 2023, xã trồng mới 120 ha rừng và hỗ trợ 2,5 tỷ đồng cho 300 hộ nghèo."
)


class Marks(HTMLParser):
    """Collects <mark> elements (text, title, data-label) and every element name seen."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict] = []
        self.tags: list[str] = []
        self._depth = 0
        self._in_label = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "mark" and "entity" in (a.get("class") or ""):
            self.marks.append({"text": "", "title": a.get("title"), "label": a.get("data-label")})
            self._depth = 1
        elif self._depth and tag == "span":
            self._in_label = True

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_label = False
        if tag == "mark":
            self._depth = 0

    def handle_data(self, data):
        if self._depth and not self._in_label:
            self.marks[-1]["text"] += data


def parse(page: str) -> Marks:
    p = Marks()
    p.feed(page)
    return p


def as_the_cli_reads(path: Path) -> list:
    """Mentions of a file's article as the CLI reads it (the ingest reader, the article's ref date)."""
    from cli import articles_from_file
    from corpus.process import ref_date_of
    from corpus.summary import find_dateline

    (article,) = articles_from_file(path, None)
    return analyze(article.text, ref_date_of(article.published_at) or find_dateline(article.text)).mentions


def _gold_seed():
    doc = next(d for d in load_gold([GOLD]) if d.id == SEED.stem)
    return doc.text, [mention_from_dict(m) for m in doc.mentions]


def test_every_mention_is_a_mark_with_its_values(shared_data):
    text, mentions = _gold_seed()
    page = parse(render_show(text, mentions, "seed"))
    assert len(page.marks) == len(mentions) > 0
    for mark, m in zip(page.marks, sorted(mentions, key=lambda m: m.start), strict=True):
        assert mark["text"] == m.text and mark["label"] == LABELS[m.kind]
        if m.kind == "figure":
            assert f"value: {m.to_dict()['value']}" in mark["title"]
        if m.kind == "date" and m.value:
            assert f"value: {m.value}" in mark["title"]


def test_page_text_cannot_inject_markup():
    mentions = analyze(HOSTILE, "2024-01-01").mentions
    html = render_show(HOSTILE, mentions, "<script>x</script>", [("source", '"><script>y</script>')])
    tags = parse(html).tags
    assert "script" not in tags and "img" not in tags
    assert "&lt;script&gt;document.title" in html
    assert "Content-Security-Policy" in html and "http://" not in html and "https://" not in html


def test_show_command_highlights_what_extract_finds(shared_data, tmp_path):
    out = tmp_path / "seed.html"
    proc = run_cli("show", str(SEED), "--out", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    mentions = as_the_cli_reads(SEED)
    marks = parse(out.read_text(encoding="utf-8")).marks
    assert [(m["label"], m["text"]) for m in marks] == [(LABELS[m.kind], m.text) for m in mentions]


# -- in a real browser ----------------------------------------------------------------------------
def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.skip("Chromium is not installed and apt-get (as root) is not available to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=1200, env=env)
        except subprocess.TimeoutExpired:
            pytest.skip(f"installing Chromium timed out: {' '.join(cmd)}")
        if done.returncode != 0:
            pytest.skip(f"Chromium could not be installed ({' '.join(cmd)}: {done.stderr.decode()[-200:]})")
    path = shutil.which("chromium")
    if not path:
        pytest.skip("apt-get installed no chromium binary")
    return path


@pytest.fixture(scope="module")
def chromium() -> str:
    return _chromium()


def _run_chromium(binary: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    cmd = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--hide-scrollbars", *args,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, timeout=180)


def _page(tmp_path: Path, text: str, ref_date: str | None) -> tuple[Path, list]:
    mentions = analyze(text, ref_date).mentions
    path = tmp_path / "view.html"
    path.write_text(render_show(text, mentions, "view"), encoding="utf-8")
    return path, mentions


def test_chromium_renders_every_mention_and_no_script(chromium, tmp_path):
    text = SEED.read_text(encoding="utf-8") + "\n\n" + HOSTILE
    path, mentions = _page(tmp_path, text, "2023-10-20T10:00")
    proc = _run_chromium(chromium, tmp_path, "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr.decode()[-500:]
    dom = proc.stdout.decode()
    page = parse(dom)
    assert [(m["label"], m["text"]) for m in page.marks] == [(LABELS[m.kind], m.text) for m in mentions]
    assert dom.count("PWNED") == HOSTILE.count("PWNED"), "the page's script text is not shown as written"
    assert "<title>view</title>" in dom
    assert "&lt;script&gt;document.title" in dom  # shown as text
    assert "script" not in page.tags and "img" not in page.tags


def test_screenshot_shows_the_highlight_colours(chromium, tmp_path, shared_data):
    from PIL import Image

    text, mentions = _gold_seed()
    path = tmp_path / "gold.html"
    path.write_text(render_show(text, mentions, "gold"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    proc = _run_chromium(chromium, tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", path.as_uri())
    assert shot.exists(), proc.stderr.decode()[-500:]
    img = Image.open(shot).convert("RGB")
    counts = {rgb: n for n, rgb in img.getcolors(maxcolors=img.width * img.height)}
    kinds = {LABELS[m.kind] for m in mentions}
    for label in kinds:
        colour = tuple(int(COLORS[label][i : i + 2], 16) for i in (1, 3, 5))
        # Every label also colours its legend chip; the text's marks add many more pixels.
        assert counts.get(colour, 0) > 2000, f"{label} highlight {COLORS[label]} barely visible"
    assert counts.get((255, 255, 255), 0) < img.width * img.height, "blank page"
