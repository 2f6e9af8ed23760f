"""Official document references (SPEC §2.3)."""
from nlp.doc import Doc
from nlp.records import Mention
from nlp.registry import register


@register("document", priority=3)
def extract_documents(doc: Doc) -> list[Mention]:
    return []  # replaced by the documents issue
