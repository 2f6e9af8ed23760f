"""nlp.text.fast_pos gives exactly underthesea's POS tags (it only computes the features faster)."""

import pytest
from conftest import NEWS_SAMPLE, news_sentences
from underthesea import pos_tag as underthesea_pos_tag

from nlp.text.fast_pos import pos_tag


@pytest.mark.skipif(not NEWS_SAMPLE.is_file(), reason="shared news data not present")
def test_same_tags_as_underthesea_on_news():
    sentences = news_sentences(120, max_chars=200)
    assert len(sentences) == 120
    for sentence in sentences:
        assert pos_tag(sentence) == underthesea_pos_tag(sentence), sentence


@pytest.mark.parametrize("sentence", ["", "A", "Xin  chào", "1.000 người", "Hà Nội, ngày 19/10/2023."])
def test_same_tags_on_edge_cases(sentence):
    assert pos_tag(sentence) == underthesea_pos_tag(sentence)
