"""The corpus: the embedded SQLite store, records on disk, exports."""
