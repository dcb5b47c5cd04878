"""Exports of the archive: WARC files, JSONL datasets and the JSON they share."""
