"""Sentence splitting: lines first, exact offsets, bounded pieces for very long lines."""

from nlp.text.sentences import MAX_CHUNK, split_sentences


def test_lines_are_never_glued_and_offsets_are_exact():
    text = "Tiêu đề bài báo\n\nSáng 19/10, hội nghị khai mạc. Có 300 đại biểu dự.\nNguồn: Báo Lạng Sơn"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Tiêu đề bài báo",
        "Sáng 19/10, hội nghị khai mạc.",
        "Có 300 đại biểu dự.",
        "Nguồn: Báo Lạng Sơn",
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_a_huge_single_line_is_cut_into_bounded_pieces():
    text = "Mỗi ngày có 25 chuyến xe buýt chạy qua đây " * 2000
    sentences = split_sentences(text)
    assert all(len(s.text) <= MAX_CHUNK for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == text.replace(" ", "")


def _underthesea_spans(line: str) -> list[str]:
    from underthesea import sent_tokenize

    return [s for s in (p.strip() for p in sent_tokenize(line)) if s]


EDGE_LINES = [
    "Giá tăng... Rồi giảm... và đứng yên...",
    "A.. b. 1.500.000 đồng. TP. HCM, Ts. Nguyễn Văn A, Mr. X đi?! Xong",
    "...",
    "Hết. ",
    "Có 2,5 tỷ đồng.Tăng 3%.",
    "Ông A. Bà B! Họ hỏi: ai? Không ai.",
]


def test_same_sentences_as_underthesea_on_edge_cases():
    for line in EDGE_LINES:
        assert [s.text for s in split_sentences(line)] == _underthesea_spans(line), line


def test_same_sentences_as_underthesea_on_news():
    import json
    from pathlib import Path

    news = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "vntc_sample_part2.jsonl"
    if not news.is_file():
        return
    lines: list[str] = []
    with news.open(encoding="utf-8") as fh:
        for row in fh:
            lines.extend(line for line in json.loads(row)["text"].split("\n") if line.strip())
            if len(lines) >= 600:
                break
    for line in lines:
        assert [s.text for s in split_sentences(line)] == _underthesea_spans(line), line
