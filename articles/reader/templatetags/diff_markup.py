"""Markup for diff segments: scraped text escaped, changes in <ins> and <del>."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from articles.comparison import diffing
from articles.comparison.sentences import cut_at_sentences
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


def sentence_anchor(paragraph, number, with_id):
    """A link to one sentence (#p3s2), shown on hover or focus; `with_id` makes it the target."""
    name = f"p{paragraph}s{number}"
    return format_html(
        '<a class="anchor sentence-anchor" href="#{0}" data-anchor="{0}"{1}'
        ' aria-label="Link to sentence {2} of paragraph {3}"></a>',
        name,
        format_html(' id="{}"', name) if with_id else "",
        number,
        paragraph,
    )


@register.simple_tag
def row_segments(row, cell, paragraph, layout):
    """One cell of a comparison row ("old", "new" or "both" for inline) with sentence anchors.

    The sentences are those of the row's new text, or its old text if it has
    none. Both layouts' cells carry the links; only the shown layout's carry
    the ids, which the layout switch moves (site.js), so each id is on the page once.
    """
    side = diffing.OLD if not row.new else diffing.NEW
    if cell != "both" and cell != side:
        return segments(row.segments, cell)
    shown = row.segments if cell == "both" else diffing.side_segments(row.segments, side)
    with_ids = (cell == "both") == (layout == "inline")
    parts = []
    previous = None
    for op, text, number in cut_at_sentences(shown, diffing.SIDE_OPS[side]):
        if _needs_gap(previous, op, text):
            parts.append(" ")
        previous = (op, text)
        if number is not None:
            parts.append(sentence_anchor(paragraph, number, with_ids))
        tag = _TAGS.get(op)
        parts.append(format_html("<{0}>{1}</{0}>", tag, _text(text)) if tag else _text(text))
    return mark_safe("".join(parts))  # built from escaped parts


@register.simple_tag
def sentences_linked(text, paragraph):
    """A paragraph of a version with a link to each of its sentences (#p3s1, #p3s2, ...)."""
    parts = []
    for _, piece, number in cut_at_sentences([[diffing.EQUAL, text]], {diffing.EQUAL}):
        parts.append(sentence_anchor(paragraph, number, with_id=True))
        parts.append(conditional_escape(piece))
    return mark_safe("".join(parts))  # built from escaped parts
