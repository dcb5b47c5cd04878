"""The snippet of a search hit inside what changed: escaped, the match marked (pure).

The changed text is scraped and hostile: every piece is escaped; the match
is in <mark>, inside <del> (removed) or <ins> (added) styled as the
comparison page styles them.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

_TAGS = {"removed": "del", "added": "ins"}
# websearch syntax: an optional "-", then a quoted phrase or a run of non-spaces.
_TERM = re.compile(r'(-?)("[^"]*"?|[^\s"]+)')
_WORD = re.compile(r"\w+")


def marked_words(query):
    """The words a query looks for (not those it excludes, nor "or")."""
    found = []
    for minus, term in _TERM.findall(query):
        if minus or term.lower() == "or":
            continue
        found.extend(_WORD.findall(term))
    return found


def snippet(text, words, kind, width=200):
    """Safe HTML: about `width` characters of `text` around the first word found, each
    occurrence of a word (case-insensitive, also as a word's start) in <mark>."""
    if not words:
        pattern = None
        start = 0
    else:
        pattern = re.compile(
            "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I
        )
        first = pattern.search(text)
        start = max(0, first.start() - width // 3) if first else 0
    piece = text[start : start + width]
    parts, at = [], 0
    for match in pattern.finditer(piece) if pattern else ():
        parts.append(escape(piece[at : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        at = match.end()
    parts.append(escape(piece[at:]))
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    tag = _TAGS[kind]
    body = f"{prefix}{''.join(parts)}{suffix}"
    return mark_safe(f'<{tag} class="changed-{kind}">{body}</{tag}>')  # every part escaped above
