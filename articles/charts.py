"""Small server-rendered SVG charts (no JavaScript, nothing from a CDN)."""

from datetime import timedelta

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


# The change calendar: a square per day, a column per week (Monday on top),
# like a contribution calendar.
CELL = 12
STEP = 14  # a cell and the gap after it
LEFT = 30  # room for the weekday names
HEAD = 16  # room for the month names
SHADES = 5  # 0 for a day without changes, then 1 to 4, darker for more
WEEKDAY_NAMES = {0: "Mon", 2: "Wed", 4: "Fri"}


def shade(count, highest):
    """0 for no changes, else 1 to SHADES - 1 in equal steps of the busiest day's count."""
    if count <= 0 or highest <= 0:
        return 0
    return min(SHADES - 1, -(-count * (SHADES - 1) // highest))


def changes_phrase(count, day):
    return f"{count} change{'' if count == 1 else 's'} on {day.isoformat()}"


def busiest_day(counts):
    """The (date, count) with the most changes, the latest of equals; None if none changed."""
    best = max(counts, key=lambda pair: (pair[1], pair[0]), default=None)
    return best if best and best[1] else None


def calendar_svg(counts):
    """[(date, count)] for consecutive days, oldest first, as an SVG calendar safe to embed.

    Every day is a square with a <title> ("3 changes on 2026-11-02") and a
    class `shade-0` to `shade-4` that the style sheet colours.
    """
    if not counts:
        return format_html('<p class="chart-empty">No days to show.</p>')
    first, last = counts[0][0], counts[-1][0]
    monday = first - timedelta(days=first.weekday())
    highest = max(count for _, count in counts)
    cells, months = [], []
    for day, count in counts:
        column = (day - monday).days // 7
        x, y = LEFT + column * STEP, HEAD + day.weekday() * STEP
        cells.append((x, y, CELL, CELL, shade(count, highest), changes_phrase(count, day)))
        if day.day == 1 or day == first:
            months.append((x, HEAD - 4, day.strftime("%b")))
    weeks = (last - monday).days // 7 + 1
    days = [(0, HEAD + row * STEP + CELL - 2, name) for row, name in WEEKDAY_NAMES.items()]
    return format_html(
        '<svg class="change-calendar" role="img" aria-label="Changes per day, {} to {}"'
        ' viewBox="0 0 {} {}" width="{}" height="{}" xmlns="http://www.w3.org/2000/svg">'
        "{}{}</svg>",
        first.isoformat(),
        last.isoformat(),
        LEFT + weeks * STEP,
        HEAD + 7 * STEP,
        LEFT + weeks * STEP,
        HEAD + 7 * STEP,
        format_html_join("", '<text x="{}" y="{}" class="label">{}</text>', months + days),
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" class="shade-{}"><title>{}</title></rect>',
            cells,
        ),
    )
