"""Choosing the body when readability's pick is implausible.

readability is right on most news pages, and it is the default. Its pick
is implausible when it is very short, mostly links, or misses most of the
text the publisher itself declares as the article body (JSON-LD
articleBody). Only then are other candidates built: the page's own
itemprop="articleBody" element and trafilatura's extraction. The rule
between them: the candidate that contains the most of the declared body
wins; without a declared body, the one with the most prose (text in
sentences, outside links), but only when it adds a plausible article's
worth of prose to readability's; readability wins ties. When none of them
holds half of the declared body, the declared body itself is the text.
"""

import logging
import re
from dataclasses import dataclass

from articles.textnorm import shingles

log = logging.getLogger(__name__)

# Below this many characters a body is too short to trust without a second look.
MIN_PLAUSIBLE_CHARS = 300
# A declared body is worth checking against only from this length.
MIN_DECLARED_CHARS = 500
# readability must hold at least this share of the declared body's shingles.
MIN_DECLARED_COVERAGE = 0.5
MAX_LINK_DENSITY = 0.5
# Without a declared body, another candidate must add this much prose to readability's.
MIN_EXTRA_PROSE = MIN_PLAUSIBLE_CHARS
_SENTENCE = re.compile(r"[^.!?\n]{20,}[.!?]")


@dataclass(frozen=True)
class Candidate:
    source: str
    paragraphs: list
    link_density: float = 0.0

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)

    @property
    def prose_chars(self):
        """Characters in sentences: what distinguishes an article from a link list."""
        return sum(len(m) for m in _SENTENCE.findall(self.text)) * (1 - self.link_density)


def coverage(declared, text):
    """The share of the declared body's 4-word shingles that the text holds."""
    wanted = shingles(declared)
    if not wanted:
        return 0.0
    found = shingles(text)
    return sum(min(count, found[key]) for key, count in wanted.items()) / sum(wanted.values())


def implausibility(candidate, declared_body):
    """Why readability's candidate cannot be trusted as it is, or "" if it can."""
    length = len(candidate.text)
    if length < MIN_PLAUSIBLE_CHARS:
        return f"only {length} characters"
    if candidate.link_density > MAX_LINK_DENSITY:
        return f"{candidate.link_density:.0%} of its text is links"
    if len(declared_body) >= MIN_DECLARED_CHARS:
        share = coverage(declared_body, candidate.text)
        if share < MIN_DECLARED_COVERAGE:
            return f"holds only {share:.0%} of the body the page declares"
    return ""


def best_candidate(candidates, declared_body):
    """The candidate that best matches the declared body, else the one with the most prose.

    The first candidate (readability's) is the default. Without a declared
    body another one replaces it only by adding a plausible article's worth
    of prose: the text readability missed, not a standfirst or a heading
    around the same article. The difference between two candidates does not
    change when a paragraph both hold is edited, where their lengths do.
    """
    default = candidates[0] if candidates else None
    candidates = [c for c in candidates if c.paragraphs]
    if not candidates:
        return None
    if len(declared_body) >= MIN_DECLARED_CHARS:

        def score(c):
            return round(coverage(declared_body, c.text) * 20)  # steps of 5%

        # max() keeps the first of equals, and readability comes first.
        return max(candidates, key=score)
    richest = max(candidates, key=lambda c: c.prose_chars)
    if not default.paragraphs or richest.prose_chars - default.prose_chars >= MIN_EXTRA_PROSE:
        return richest
    return default
