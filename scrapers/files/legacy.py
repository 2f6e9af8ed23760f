"""Detect text typed in a legacy Vietnamese font encoding (TCVN3, VNI, VISCII) and convert it to Unicode."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from nlp.langdata import data_path, load_rows

ENCODINGS = ("tcvn3", "vni", "viscii")

# Font families whose 8-bit codes are a legacy encoding: Word and PDF name the font of each run.
_FONT_PREFIXES = ((".vn", "tcvn3"), ("vn3", "tcvn3"), ("vni-", "vni"), ("vni ", "vni"), ("vi-", "viscii"))

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = r"[aăâeêioôơuưy]{1,3}"
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_TOKEN = re.compile(r"[^\s.,;:!?()\[\]\"'“”‘’/\\|=+*<>…\-–—0-9]+")


def _byte_char(code: int) -> str:
    """The character a byte of a legacy font becomes in a Unicode file (Word and PDF use cp1252)."""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are kept as the C1 control code
        return chr(code)


def _seq(hexes: str) -> str:
    return "".join(_byte_char(int(h, 16)) for h in hexes.split())


@cache
def table(encoding: str) -> dict[str, str]:
    """Legacy character (sequence) → Unicode letter, from `data/<encoding>.tsv`.

    TCVN3 and VNI text reaches us through Word or PDF fonts, where a byte is its cp1252 character.
    VISCII puts capitals where cp1252 has dashes and quotes, so it is read in the Latin-1 view
    (plain-text files and mail), lest every "–" in a Unicode file turn into "Ờ".
    """
    rows = load_rows(data_path(__file__, f"{encoding}.tsv"))
    if encoding == "viscii":
        return {"".join(chr(int(h, 16)) for h in row[0].split()): row[1] for row in rows}
    return {_seq(row[0]): row[1] for row in rows}


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    keys = sorted(table(encoding), key=len, reverse=True)  # longest first: "aù" before "a"
    return re.compile("|".join(re.escape(k) for k in keys))


def convert(text: str, encoding: str, capitals: bool = False) -> str:
    """Text typed in `encoding` as Unicode; `capitals` for an all-capitals font such as .VnTimeH."""
    mapping = table(encoding)
    out = _pattern(encoding).sub(lambda m: mapping[m.group(0)], text)
    return out.upper() if capitals else out


def encode(text: str, encoding: str) -> str:
    """Unicode text as it is stored in a file typed with a legacy font (the inverse of `convert`)."""
    inverse = {uni: legacy for legacy, uni in table(encoding).items()}
    if encoding == "tcvn3":
        # Capitals with tone marks have no VN3 code: the document types them in the capitals font.
        inverse.update({uni.upper(): legacy for legacy, uni in table(encoding).items() if uni.islower()})
        inverse.update({u: legacy for legacy, u in table(encoding).items() if u.isupper()})
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encoding_of_font(fontname: str | None) -> tuple[str | None, bool]:
    """The legacy encoding a font name implies, and whether it is an all-capitals font (.VnTimeH)."""
    if not fontname:
        return None, False
    name = fontname.split("+", 1)[-1].strip().lower()  # PDF subset prefix "ABCDEF+.VnTime"
    for prefix, enc in _FONT_PREFIXES:
        if name.startswith(prefix):
            base = re.split(r"[,\-](?:bold|italic|regular)", name)[0].replace(" ", "")
            return enc, enc == "tcvn3" and base.endswith("h")
    return None, False


def _syllable_ok(token: str) -> bool:
    decomposed = unicodedata.normalize("NFD", token.lower())
    if sum(ch in _TONES for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return bool(_SYLLABLE.match(bare))


def invalid(text: str) -> int:
    """How many tokens holding a non-ASCII character are not Vietnamese syllables ("h¸t", "Vieät")."""
    return sum(1 for token in _TOKEN.findall(text) if not token.isascii() and not _syllable_ok(token))


def detect(text: str) -> str | None:
    """The legacy encoding that makes this text read as Vietnamese, or None when it already does.

    Only a fall in tokens that are not syllables counts: a conversion that merely turns a dash or a
    no-break space into a letter gains nothing, so Unicode text is never "converted".
    """
    base = invalid(text)
    best, best_gain = None, 0
    for enc in ENCODINGS:
        gain = base - invalid(convert(text, enc))
        if gain > best_gain:
            best, best_gain = enc, gain
    # Demand a clear gain: a few odd tokens (foreign names, symbols) must not flip a document.
    return best if best_gain >= 3 and best_gain >= 0.3 * base else None


def fix_lines(text: str, encoding: str) -> tuple[str, int]:
    """Convert the lines of a mixed document that read better converted; returns (text, lines changed)."""
    out: list[str] = []
    changed = 0
    for line in text.split("\n"):
        if not line.isascii():
            converted = convert(line, encoding)
            if invalid(converted) < invalid(line):
                line, changed = converted, changed + 1
        out.append(line)
    return "\n".join(out), changed
