"""Times, sizes and lines of scraped text, as readers see them (escaped)."""

from django import template
from django.utils.html import format_html, format_html_join

from articles.comparison import labels
from articles.reader import humanize

register = template.Library()


@register.simple_tag
def moment(when, now=None, style="ago"):
    """<time> with the exact time on hover: '3 hours ago' or the exact time."""
    if not when:
        return ""
    shown = humanize.ago(when, now) if style == "ago" and now else humanize.exact(when)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>', humanize.iso(when), humanize.exact(when), shown
    )


@register.filter
def plain(text):
    """For a <title>: scraped text without the bidi controls nothing there can isolate."""
    return humanize.plain_line(text)


@register.filter
def label_tags(details):
    """A version's edit labels as tags, each with what it found on hover (escaped)."""
    return format_html_join(
        " ",
        '<span class="tag label" title="{}">{}</span>',
        (
            (labels.describe(slug, detail), labels.LABELS[slug])
            for slug, detail in (details or {}).items()
            if slug in labels.LABELS
        ),
    )


@register.filter
def later(delta):
    return humanize.later(delta)


@register.simple_tag
def timeline_marks(marks):
    """The timeline's marks as SVG links (labels escaped).

    Built here rather than in a template loop: a long history has a couple
    of hundred marks, and this keeps the page's cost flat.
    """
    return format_html_join(
        "",
        '<a href="{}"><rect class="{}" x="{}" y="{}" width="3" height="{}">'
        "<title>{}</title></rect></a>",
        (
            (
                mark.href,
                "mark boring" if mark.is_boring else "mark",
                f"{mark.x:.1f}",
                f"{mark.y:.1f}",
                f"{mark.height:.1f}",
                mark.label,
            )
            for mark in marks
        ),
    )
