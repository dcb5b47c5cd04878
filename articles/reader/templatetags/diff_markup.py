"""Markup for diff segments: scraped text escaped, changes in <ins> and <del>."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from articles.comparison import diffing

register = template.Library()

_BREAK = (
    '<span class="para-break"><span aria-hidden="true">¶</span>'
    '<span class="visually-hidden">(paragraph break)</span></span><br>'
)
_TAGS = {diffing.INSERT: "ins", diffing.DELETE: "del"}


def _text(text):
    # A paragraph break inside a split or merged row is shown, not flattened.
    return mark_safe(
        _BREAK.join(conditional_escape(part) for part in text.split("\n\n"))
    )  # parts escaped above


@register.simple_tag
def segments(row_segments, side="both"):
    """The segments of one side ("old", "new") or both, as escaped HTML with <ins>/<del>."""
    if side == "old":
        row_segments = diffing.old_side(row_segments)
    elif side == "new":
        row_segments = diffing.new_side(row_segments)
    parts = []
    for op, text in row_segments:
        tag = _TAGS.get(op)
        if tag:
            parts.append(format_html("<{0}>{1}</{0}>", tag, _text(text)))
        else:
            parts.append(_text(text))
    return mark_safe("".join(parts))  # built from escaped parts
