"""Text normalisation: the same article gives the same text on every fetch."""

import hashlib
import re
import unicodedata
from collections import Counter

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def normalise_line(text):
    """NFC, every run of white space (including no-break spaces) as one space."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\u00ad", "").replace("\u200b", "")  # soft hyphen, zero-width space
    return _SPACE.sub(" ", text).strip()


def normalise_paragraphs(paragraphs):
    """Join non-empty normalised paragraphs with one blank line."""
    lines = (normalise_line(p) for p in paragraphs)
    return "\n\n".join(line for line in lines if line)


def normalise_text(text):
    """Normalise a text already split into paragraphs by blank lines."""
    return normalise_paragraphs(re.split(r"\n\s*\n", text or ""))


def text_hash(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def bytes_hash(body):
    return hashlib.sha256(body or b"").hexdigest()


def comparison_key(text):
    """The text with case, white space and punctuation removed.

    Two texts with the same key differ only in ways readers do not call a
    change, which is what "boring" means.
    """
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return "".join(
        ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith("P")
    )


def is_boring_change(old, new):
    return old != new and comparison_key(old) == comparison_key(new)


def shingles(text, size=SHINGLE_SIZE):
    """The multiset of a text's runs of `size` words: how much two texts share."""
    tokens = _TOKEN.findall(text or "")
    # A text shorter than a shingle is one short shingle (none if it has no token).
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count) if tokens[i : i + size])
