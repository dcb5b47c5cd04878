"""Times, sizes and lines of scraped text, as readers see them (escaped)."""

from django import template
from django.utils.html import format_html

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
def later(delta):
    return humanize.later(delta)


@register.filter
def change_size(version):
    return humanize.size(version.chars_added, version.chars_removed)
