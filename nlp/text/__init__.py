"""Text handling shared by every extractor: canonical form, sentences, tokens."""
