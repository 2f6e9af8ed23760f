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
