"""Times and sizes in words, with `now` passed in so pages and tests agree."""

from datetime import UTC, timedelta

from django.utils.translation import ngettext

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


def exact(moment):
    """'17 June 2014 10:04 (UTC)'."""
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%B %Y %H:%M} (UTC)"


def iso(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plural(count, unit):
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def span(delta):
    """An exact setting-like span: '15 minutes', '1 hour', '3 hours', '1 day'."""
    seconds = int(delta.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            return _plural(seconds // size, unit)
    return _plural(seconds, "second")


def duration(delta):
    """A span in the words a reader uses: '35 minutes', 'about 3 hours', '2 days'."""
    delta = abs(delta)
    if delta < MINUTE:
        return "less than a minute"
    if delta < HOUR:
        return _plural(delta // MINUTE, "minute")
    if delta < DAY:
        hours = round(delta / HOUR)
        return "about " + _plural(hours, "hour") if hours < 24 else "about 1 day"
    if delta < timedelta(days=60):
        return _plural(delta // DAY, "day")
    if delta < timedelta(days=730):
        return "about " + _plural(round(delta / timedelta(days=30.44)), "month")
    return "over " + _plural(delta // timedelta(days=365.25), "year")


def later(delta):
    """The gap between two versions: '35 minutes later'."""
    return "moments later" if delta < MINUTE else f"{duration(delta)} later"


def ago(moment, now):
    """'3 hours ago', or 'in 3 hours' for a moment still to come."""
    delta = now - moment
    if abs(delta) < MINUTE:
        return "just now"
    words = duration(delta)
    return f"{words} ago" if delta > timedelta(0) else f"in {words}"


def over_days_ago(moment, now):
    """'over 40 days ago' (whole days), or plain `ago` under a day."""
    delta = now - moment
    if delta < DAY:
        return ago(moment, now)
    return f"over {_plural(delta // DAY, 'day')} ago"


def count(number, singular, plural):
    """'1 article', '3 articles': the admin's messages, with proper plurals."""
    return ngettext("%(number)s " + singular, "%(number)s " + plural, number) % {
        "number": f"{number:,}"
    }


def size(added, removed):
    """'+120 / -45 characters'."""
    return f"+{added:,} / -{removed:,} characters"


def change(added, removed, also_changed=()):
    """'+120 / -45 characters, headline changed'; 'headline changed' when the text is the same.

    `also_changed` names what changed beside the text ('headline', 'byline').
    """
    parts = [size(added, removed)] if added or removed else []
    parts += [f"{name} changed" for name in also_changed]
    return ", ".join(parts) or "text unchanged"


def every(delta):
    """'every 15 minutes', 'every hour', 'every day'."""
    words = span(delta)
    return f"every {words.removeprefix('1 ')}"


# Bidirectional formatting characters (embeddings, overrides, isolates, marks).
# In plain text such as a page <title> or a feed entry's title nothing can
# isolate them, so one U+202E in a headline would reverse all text after it.
_BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def plain_line(text):
    """Text for places that cannot isolate it (a <title>, a feed title): no bidi controls."""
    return (text or "").translate(_BIDI_CONTROLS)
