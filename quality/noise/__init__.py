"""The noise suite: refetches that must not make versions, edits that must.

A page is served again with its boilerplate changed (related links
reordered or replaced, timestamps, ads and tracking, comment counts,
tokens in scripts, attribute order, white space): the archived title,
byline and text must be byte-identical, and the lead image the same
picture. A page is served again with one
real edit of the article (a sentence, a paragraph added or removed, the
headline, the byline): the new text must differ by exactly that edit.

Each noise is applied twice with different random seeds, so the "before"
and "after" pages both carry noise and differ only in it. Some noises add
furniture with no class or id, in abbreviations and other languages, so the
suite does not only test the names the cleaner looks for.
"""

import copy
import random
from dataclasses import dataclass, field

import lxml.html

from articles import content
from articles.extraction import ExtractionError, extract, parse_html
from articles.extraction.decoding import decode_html
from articles.textnorm import shingles
from quality.noise.edits import EDITS
from quality.noise.furniture import NOISES

__all__ = ["EDITS", "NOISES", "SuiteResult", "run_page"]

# Pages are read as if served from here, so relative image URLs resolve.
PAGE_URL = "https://news.example/story"


def serialise(tree):
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


# What makes a version, in the order the missed-edit messages name it.
_FIELDS = ("title", "byline", "lead image", "text")


def _key(extracted):
    image = content.image_identity(extracted.lead_image_url)
    return (extracted.title, extracted.byline, image, extracted.text)


def _archived(html):
    try:
        return _key(extract(html, url=PAGE_URL))
    except ExtractionError as error:
        return ("", "", "", f"[extraction error: {error}]")


@dataclass
class SuiteResult:
    pages: int = 0
    refetches: int = 0
    false_versions: list = field(default_factory=list)  # (page, noise)
    edits: int = 0
    edits_skipped: int = 0
    missed_edits: list = field(default_factory=list)  # (page, edit, what went wrong)

    @property
    def detected_edits(self):
        return self.edits - len(self.missed_edits)

    def as_dict(self):
        return {
            "pages": self.pages,
            "refetches": self.refetches,
            "false_versions": len(self.false_versions),
            "edits": self.edits,
            "edits_detected": self.detected_edits,
            "missed_edits": len(self.missed_edits),
            "edits_not_applicable": self.edits_skipped,
            "false_version_cases": [list(case) for case in self.false_versions],
            "missed_edit_cases": [list(case) for case in self.missed_edits],
        }


def run_page(page_id, html, article_text, result, seed=0):
    """Run every noise and every edit on one page, adding to result."""
    tree = parse_html(decode_html(html))
    article_shingles = set(shingles(article_text))
    result.pages += 1
    for index, (name, noise) in enumerate(NOISES.items()):
        before, after = copy.deepcopy(tree), copy.deepcopy(tree)
        noise(before, random.Random(f"{seed}-{page_id}-{index}-a"), article_shingles)
        noise(after, random.Random(f"{seed}-{page_id}-{index}-b"), article_shingles)
        result.refetches += 1
        if _archived(serialise(before)) != _archived(serialise(after)):
            result.false_versions.append((page_id, name))
    base = serialise(tree)
    try:
        before = extract(base, url=PAGE_URL)
    except ExtractionError:
        result.edits_skipped += len(EDITS)
        return
    for name, make_edit in EDITS.items():
        edit = make_edit(parse_html(base), before, article_shingles)
        if edit is None:
            result.edits_skipped += 1
            continue
        result.edits += 1
        got = _archived(serialise(edit.tree))
        wanted = (edit.title, edit.byline, _key(before)[2], edit.text)
        if got == _key(before):
            result.missed_edits.append((page_id, name, "no new version"))
        elif got != wanted:
            fields = [f for f, g, w in zip(_FIELDS, got, wanted, strict=True) if g != w]
            result.missed_edits.append(
                (page_id, name, f"the {'/'.join(fields)} differs beyond the edit")
            )
    return result
