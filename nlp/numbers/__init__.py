"""The shared Vietnamese number parser: numerals with separators and number words."""

from nlp.numbers.digits import parse_numeral
from nlp.numbers.words import NUMBER_WORDS, parse_number_words

__all__ = ["NUMBER_WORDS", "parse_numeral", "parse_number_words"]
