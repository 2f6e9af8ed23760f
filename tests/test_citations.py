"""The citation index: `vnpress documents` counts citing articles, `documents show` lists them."""

from __future__ import annotations

import json

from conftest import run_cli

ARTICLES = [
    {"id": "a1", "title": "Tỉnh ủy quán triệt nghị quyết",
     "text": "Tỉnh ủy tổ chức học tập Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ. Đồng thời triển khai Nghị định 100/2019/NĐ-CP.",
     "published_at": "2025-01-10T08:00:00+07:00"},
    {"id": "a2", "title": "Huyện triển khai",
     "text": "Huyện ban hành Kế hoạch số 12-KH/HU để thực hiện Nghị quyết 57-NQ/TW trong năm 2025.",
     "published_at": "2025-02-01T09:00:00+07:00"},
    {"id": "a3", "title": "Xử phạt vi phạm giao thông",
     "text": "Theo Nghị định số 100/2019/NĐ-CP, mức phạt tối đa là 40 triệu đồng.",
     "published_at": "2025-03-01T10:00:00+07:00"},
]  # fmt: skip


def build(tmp_path) -> str:
    src = tmp_path / "articles.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES) + "\n", encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert run_cli("ingest", "--db", db, str(src)).returncode == 0
    assert run_cli("process", "--db", db).returncode == 0
    return db


def test_index_counts_citing_articles_and_filters(tmp_path):
    db = build(tmp_path)
    proc = run_cli("documents", "--db", db, "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    by_code = {(r["number"], r["code"]): r for r in rows}
    assert by_code[("57", "NQ/TW")]["articles"] == 2
    assert by_code[("100", "NĐ-CP")]["articles"] == 2
    assert by_code[("100", "NĐ-CP")]["year"] == 2019
    assert by_code[("12", "KH/HU")]["articles"] == 1
    only_party = run_cli("documents", "--db", db, "--code", "NQ/TW", "--format", "jsonl")
    assert [json.loads(x)["code"] for x in only_party.stdout.decode().splitlines()] == ["NQ/TW"]
    decrees = run_cli("documents", "--db", db, "--type", "Nghị định", "--year", "2019", "--format", "jsonl")
    assert [json.loads(x)["number"] for x in decrees.stdout.decode().splitlines()] == ["100"]


def test_show_lists_the_citing_sentences(tmp_path):
    db = build(tmp_path)
    proc = run_cli("documents", "show", "57-NQ/TW", "--db", db, "--format", "jsonl")
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert sorted(r["article_id"] for r in rows) == ["a1", "a2"]
    assert any("Kế hoạch số 12-KH/HU" in r["sentence_text"] for r in rows)
    table = run_cli("documents", "show", "100/2019/NĐ-CP", "--db", db)
    assert b"a3" in table.stdout and b"40 tri" in table.stdout
    none = run_cli("documents", "show", "999-NQ/TW", "--db", db)
    assert none.returncode == 0 and b"no stored article cites" in none.stdout
