"""Write a non-negative integer as Vietnamese number words (the inverse of `parse_number_words`)."""

from __future__ import annotations

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Scale of each 3-digit group below a billion; above it the count of tỷ is itself spelled out
# ("một nghìn hai trăm tỷ" = 1 200 000 000 000), as the press writes it.
_GROUP_SCALES = ("", "nghìn", "triệu")
_BILLION = 10**9


def _block(n: int, full: bool, *, link: str, four: str, five: str, thousand: str) -> list[str]:
    """Words for 0 < n < 1000; `full` writes "không trăm" / "linh" as inside a longer number."""
    hundreds, tens, units = n // 100, (n // 10) % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
        if tens == 0 and units:
            words += [link, _DIGITS[units]]
            return words
    if tens == 1:
        words.append("mười")
    elif tens > 1:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 5 and tens:
            words.append(five)
        elif units == 1 and tens > 1:
            words.append("mốt")
        elif units == 4 and tens > 1:
            words.append(four)
        else:
            words.append(_DIGITS[units])
    return words


def number_to_words(
    n: int, *, link: str = "linh", four: str = "tư", five: str = "lăm", thousand: str = "nghìn"
) -> str:
    """Spell `n` the way Vietnamese press writes numbers out: 105 → "một trăm linh năm".

    The keyword arguments pick regional variants: link "linh"/"lẻ", four "tư"/"bốn" after
    "mươi", five "lăm"/"nhăm" after a ten, thousand "nghìn"/"ngàn".
    """
    if n < 0:
        raise ValueError("number_to_words takes a non-negative integer")
    if n == 0:
        return _DIGITS[0]
    variants = {"link": link, "four": four, "five": five, "thousand": thousand}
    billions, rest = divmod(n, _BILLION)
    words: list[str] = []
    if billions:
        words += number_to_words(billions, **variants).split() + ["tỷ"]
    groups: list[int] = []
    while rest:
        groups.append(rest % 1000)
        rest //= 1000
    top = len(groups) - 1 if not billions else len(_GROUP_SCALES)
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if not value:
            continue
        words += _block(value, index != top, link=link, four=four, five=five, thousand=thousand)
        scale = _GROUP_SCALES[index]
        if scale:
            words += scale.replace("nghìn", thousand).split()
    return " ".join(words)
