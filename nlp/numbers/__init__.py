"""The shared Vietnamese number parser: numerals with separators and number words."""

from nlp.numbers.digits import english_grouping, parse_numeral
from nlp.numbers.spell import number_to_words
from nlp.numbers.words import NUMBER_WORDS, parse_number_words

__all__ = ["NUMBER_WORDS", "english_grouping", "number_to_words", "parse_numeral", "parse_number_words"]
