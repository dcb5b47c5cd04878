"""Precision and recall of the edit labeller on the labelled edits (tests/labels/edits.jsonl).

`python -m tests.labels.measure` prints the README's table.
"""

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from articles.comparison import diffing, labels
from articles.content import Content
from articles.extraction.metadata import parse_datetime

EDITS = Path(__file__).with_name("edits.jsonl")
_START = datetime(2026, 6, 1, 8, tzinfo=UTC)


def _content(side):
    return Content(
        title=side["title"],
        byline=side["byline"],
        lead_image_url=side["lead_image_url"],
        text=side["text"],
        modified_at=parse_datetime(side["modified_at"]),
    )


def _at(minute):
    return _START + timedelta(minutes=minute)


def edit_of(record):
    old, new = _content(record["before"]), _content(record["after"])
    headlines = [
        labels.Headline(title, _at(minute)) for title, minute in record["earlier_headlines"]
    ]
    headlines.append(labels.Headline(old.title, _at(record["before_minute"])))
    rows = diffing.compare(old.paragraphs(), new.paragraphs())
    return labels.Edit(old, new, rows, headlines, _at(record["after_minute"]))


def records():
    with EDITS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def scores():
    """{slug: (precision, recall, positives)} over every labelled edit."""
    hits, false_hits, misses = Counter(), Counter(), Counter()
    for record in records():
        found = set(labels.label_edit(edit_of(record)))
        expected = set(record["labels"])
        hits.update(found & expected)
        false_hits.update(found - expected)
        misses.update(expected - found)
    table = {}
    for slug in labels.LABELS:
        said, positives = hits[slug] + false_hits[slug], hits[slug] + misses[slug]
        precision = hits[slug] / said if said else 1.0
        recall = hits[slug] / positives if positives else 1.0
        table[slug] = (precision, recall, positives)
    return table


if __name__ == "__main__":
    print("| Label | Edits with it | Precision | Recall |\n|---|---|---|---|")
    for slug, (precision, recall, positives) in scores().items():
        print(f"| {labels.LABELS[slug]} | {positives} | {precision:.2f} | {recall:.2f} |")
