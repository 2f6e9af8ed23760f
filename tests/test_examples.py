"""One table-driven test over every extractor's example corpus (nlp/<kind>/examples.jsonl)."""

import pytest

from nlp import extract
from nlp.examples import KIND_FOLDERS, check_example, load_examples

EXAMPLES = [ex for kind in KIND_FOLDERS for ex in load_examples(kind)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{ex.kind}:{ex.where}" for ex in EXAMPLES])
def test_example(example):
    mentions = extract(example.text, ref_date=example.ref_date)
    problems = check_example(example, mentions)
    assert not problems, f"{example.where}: {example.text!r}\n" + "\n".join(problems)
