"""nlp.text.fast_pos gives exactly underthesea's POS tags (it only computes the features faster)."""

import json
import re
from pathlib import Path

import pytest
from underthesea import pos_tag as underthesea_pos_tag

from nlp.text.fast_pos import pos_tag

NEWS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "news" / "vntc_sample_part2.jsonl"


def _sentences(limit: int) -> list[str]:
    out: list[str] = []
    with NEWS.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            out.extend(s for s in re.split(r"(?<=[.;!?])\s+|\n", text) if s.strip() and len(s) < 200)
            if len(out) >= limit:
                break
    return out[:limit]


@pytest.mark.skipif(not NEWS.is_file(), reason="shared news data not present")
def test_same_tags_as_underthesea_on_news():
    sentences = _sentences(120)
    assert len(sentences) == 120
    for sentence in sentences:
        assert pos_tag(sentence) == underthesea_pos_tag(sentence), sentence


@pytest.mark.parametrize("sentence", ["", "A", "Xin  chào", "1.000 người", "Hà Nội, ngày 19/10/2023."])
def test_same_tags_on_edge_cases(sentence):
    assert pos_tag(sentence) == underthesea_pos_tag(sentence)
