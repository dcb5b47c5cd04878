"""Markup for diff segments: scraped text escaped, changes in <ins> and <del>."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from articles.comparison import diffing
from articles.reader import breaking

register = template.Library()

_BREAK = (
    '<span class="para-break"><span aria-hidden="true">¶</span>'
    '<span class="visually-hidden">(paragraph break)</span></span><br>'
)
_TAGS = {diffing.INSERT: "ins", diffing.DELETE: "del"}


def _breakable(text):
    """Escaped text with <wbr> in runs too long for a line (see articles.reader.breaking)."""
    return "<wbr>".join(conditional_escape(piece) for piece in breaking.pieces(text))


def _text(text):
    # A paragraph break inside a split or merged row is shown, not flattened.
    return mark_safe(_BREAK.join(_breakable(part) for part in text.split("\n\n")))  # escaped


def _needs_gap(previous, op, text):
    """Whether a deletion and the insertion after it would read as one word.

    Inline, "more than" replaced by "over" would show as "more thanover": a
    space between the two, outside both, keeps them apart on screen and in
    the page's text without adding to either.
    """
    if previous is None or previous[0] != diffing.DELETE or op != diffing.INSERT:
        return False
    return not (previous[1][-1:].isspace() or text[:1].isspace())


@register.simple_tag
def segments(row_segments, side="both"):
    """The segments of one side ("old", "new") or both, as escaped HTML with <ins>/<del>."""
    if side == "old":
        row_segments = diffing.old_side(row_segments)
    elif side == "new":
        row_segments = diffing.new_side(row_segments)
    parts = []
    previous = None
    for op, text in row_segments:
        if _needs_gap(previous, op, text):
            parts.append(" ")
        previous = (op, text)
        tag = _TAGS.get(op)
        if tag:
            parts.append(format_html("<{0}>{1}</{0}>", tag, _text(text)))
        else:
            parts.append(_text(text))
    return mark_safe("".join(parts))  # built from escaped parts
