"""Canonical text: NFC/NFD, tone placement, spaces, dashes, quotes, with offsets back to the input."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from nlp.text.canonical import canonicalize

WORDS = [
    "hòa",
    "hoà",
    "thủy",
    "thuỷ",
    "khỏe",
    "khoẻ",
    "quý",
    "Lạng Sơn",
    "tuyên truyền",
    "1.000",
    "đồng",
    "Đề án",
]


def test_same_length_replacements():
    c = canonicalize("Hoà bình, thuỷ lợi, quý, khoẻ\u00a01.000 “x” – y Ð")
    assert c.text == 'Hòa bình, thủy lợi, quý, khỏe 1.000 "x" - y Đ'
    assert c.to_original(3, 8) == (3, 8)


def test_nfd_offsets_map_back_to_whole_letters():
    original = unicodedata.normalize("NFD", "Tuyên truyền 357 buổi ở Lạng Sơn")
    c = canonicalize(original)
    assert c.text == "Tuyên truyền 357 buổi ở Lạng Sơn"
    i = c.text.index("buổi")
    a, b = c.to_original(i, i + 4)
    assert unicodedata.normalize("NFC", original[a:b]) == "buổi"


def test_zero_width_characters_are_dropped_but_never_swallowed_into_spans():
    original = "357\u200b buổi"
    c = canonicalize(original)
    assert c.text == "357 buổi"
    assert original[slice(*c.to_original(0, 3))] == "357"


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(["NFC", "NFD"])), min_size=1, max_size=8))
def test_every_word_maps_back_to_its_own_characters(parts):
    words = [unicodedata.normalize(form, w) for w, form in parts]
    original = " ".join(words)
    c = canonicalize(original)
    pos = 0
    for word in words:
        canon_word = canonicalize(word).text
        at = c.text.index(canon_word, pos)
        a, b = c.to_original(at, at + len(canon_word))
        assert canonicalize(original[a:b]).text == canon_word
        pos = at + len(canon_word)
