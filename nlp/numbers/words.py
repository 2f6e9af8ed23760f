"""Numbers written in words: "hai mươi lăm nghìn", "một trăm linh năm", "ba tỷ rưỡi", "bốn triệu sáu"."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from nlp.langdata import load_rows

_ROWS = load_rows(Path(__file__).with_name("data") / "number_words.tsv")
# word -> (role, value)
NUMBER_WORDS: dict[str, tuple[str, float]] = {row[0]: (row[1], float(row[2])) for row in _ROWS}


class _State:
    """Accumulator for one left-to-right pass over the words."""

    def __init__(self) -> None:
        self.total = 0.0  # completed parts at or above the last scale word
        self.current = 0.0  # the part below 1000 being built
        self.pending: float | None = None  # a digit not yet placed
        self.place = 0.0  # the value of the position the last word filled (for abbreviations, rưỡi)
        self.top_scale = 0.0
        self.after_link = False
        self.fraction: list[str] | None = None
        self.block_written = False  # a digit, ten or hundred word since the last scale word


def parse_number_words(words: Sequence[str]) -> float | None:
    """Value of a sequence of number words, or None when they do not form one number.

    Abbreviations follow spoken use: a lone digit after a scale or "trăm" fills the next lower
    position ("bốn triệu sáu" = 4 600 000, "hai trăm tư" = 240); "rưỡi" adds half of the unit
    before it ("ba tỷ rưỡi" = 3 500 000 000); "linh/lẻ" puts the next digit in the units.
    """
    if not words:
        return None
    st = _State()
    previous_role = ""
    for raw in words:
        word = raw.lower()
        if word not in NUMBER_WORDS:
            return None
        role, value = NUMBER_WORDS[word]
        if st.fraction is not None:
            if role != "digit":
                return None
            st.fraction.append(str(int(value)))
            continue
        if role == "digit":
            if st.pending is not None:
                return None  # "hai ba" is a range or a list, not one number
            # "mốt", "tư" (after mươi), "lăm", "nhăm" only follow a ten; "tư" also after trăm/scale.
            if word in ("mốt", "lăm", "nhăm") and previous_role != "ten":
                return None
            st.pending = value
            st.block_written = True
        elif role == "ten":
            if st.pending is not None:
                if word == "mười":
                    return None
                st.current += st.pending * 10
                st.pending = None
            else:
                if word in ("mươi",):
                    return None
                st.current += 10
            st.place = 10
            st.block_written = True
        elif role == "hundred":
            st.current += (st.pending if st.pending is not None else 1) * 100
            st.pending = None
            st.place = 100
            st.block_written = True
        elif role == "zero_link":
            if previous_role != "hundred" and previous_role != "scale":
                return None
            st.after_link = True
            continue
        elif role == "scale":
            if previous_role == "zero_link":
                return None
            block = st.current + (st.pending or 0)
            if block == 0 and previous_role != "scale" and not st.block_written:
                block = 1  # "nghìn" alone is a thousand; "không trăm nghìn" is zero thousands
            if previous_role == "scale" or value >= st.top_scale:
                # "nghìn tỷ": a scale after a scale multiplies everything so far.
                st.total = (st.total + block) * value
                st.top_scale = max(st.top_scale, value)
            else:
                st.total += block * value
            st.current, st.pending = 0.0, None
            st.place = value
            st.block_written = False
        elif role == "half":
            if previous_role not in ("scale", "hundred", "ten") or st.pending is not None:
                return None
            st.total += st.place * 0.5 if previous_role == "scale" else 0
            st.current += st.place * 0.5 if previous_role != "scale" else 0
        elif role == "point":
            if previous_role == "" or previous_role == "point":
                return None
            st.fraction = []
            previous_role = "point"
            continue
        if role != "digit" or not st.after_link:
            st.after_link = role == "zero_link"
        previous_role = role
    return _finish(st, previous_role)


def _finish(st: _State, last_role: str) -> float | None:
    if last_role == "zero_link" or (st.fraction is not None and not st.fraction):
        return None
    if st.pending is not None:
        if st.after_link or st.place in (0, 10):
            st.current += st.pending
        else:
            # Spoken abbreviation: the digit fills the position below the last word.
            st.current += st.pending * st.place / 10
        st.pending = None
    value = st.total + st.current
    if st.fraction:
        value = float(f"{int(value)}.{''.join(st.fraction)}")
    return value
