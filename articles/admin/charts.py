"""Small server-rendered SVG charts (no JavaScript, nothing from a CDN)."""

from django.utils.html import format_html, format_html_join

WIDTH = 600
HEIGHT = 140
AXIS = 20  # room under the bars for the date labels
TOP = 14  # room above the tallest bar for its count


def daily_bars_svg(counts, label="changes"):
    """A bar per (date, count), oldest on the left, as SVG markup safe to embed.

    Every bar has a <title> ("3 changes on 2026-05-01") for hover and screen readers.
    """
    if not counts:
        return format_html('<p class="chart-empty">No data.</p>')
    highest = max(count for _, count in counts)
    if not highest:
        first, last = counts[0][0], counts[-1][0]
        return format_html('<p class="chart-empty">No {} from {} to {}.</p>', label, first, last)
    slot = WIDTH / len(counts)
    plot = HEIGHT - AXIS - TOP
    bars = []
    for index, (day, count) in enumerate(counts):
        height = round(plot * count / highest, 1)
        x = round(index * slot + 1, 1)
        y = round(TOP + plot - height, 1)
        bars.append((x, y, round(slot - 2, 1), height, count, label, day.isoformat()))
    first, last = counts[0][0], counts[-1][0]
    return format_html(
        '<svg class="daily-bars" role="img" viewBox="0 0 {} {}" width="{}" height="{}"'
        ' xmlns="http://www.w3.org/2000/svg"><title>{} per day, {} to {}</title>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="axis"/>{}'
        '<text x="0" y="{}" class="label">{}</text>'
        '<text x="{}" y="{}" class="label" text-anchor="end">{}</text>'
        '<text x="{}" y="10" class="label" text-anchor="end">max {}</text></svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        label.capitalize(),
        first.isoformat(),
        last.isoformat(),
        HEIGHT - AXIS,
        WIDTH,
        HEIGHT - AXIS,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" class="bar">'
            "<title>{} {} on {}</title></rect>",
            bars,
        ),
        HEIGHT - 4,
        first.strftime("%d %b"),
        WIDTH,
        HEIGHT - 4,
        last.strftime("%d %b"),
        WIDTH,
        highest,
    )
