"""nlp.text.fast_words gives exactly underthesea's word segmentation (it only builds the features faster)."""

import pytest
from conftest import NEWS_SAMPLE, news_sentences
from underthesea import word_tokenize as underthesea_word_tokenize

from nlp.text.fast_words import word_tokenize


@pytest.mark.skipif(not NEWS_SAMPLE.is_file(), reason="shared news data not present")
def test_same_words_as_underthesea_on_news():
    sentences = news_sentences(400)
    assert len(sentences) == 400
    for sentence in sentences:
        assert word_tokenize(sentence) == underthesea_word_tokenize(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        " ",
        "A",
        "A b",
        "Xin  chào",
        "1.000 người",
        "-1 +2 2147483647 2147483648 007",
        "ABC Đà Nẵng iPhone H2O ½ ² ª ǅ",
        "Hà Nội, ngày 19/10/2023.",
        "TP.HCM: giá vàng SJC 183,8 triệu đồng/lượng (tăng 1,5%).",
    ],
)
def test_same_words_on_edge_cases(sentence):
    assert word_tokenize(sentence) == underthesea_word_tokenize(sentence)
