"""The headline: the page's stated title without the site's name around it.

A page's <title> (and often its og:title) is "Headline | Site" or
"Section - Headline - Site"; the headline a reader sees is usually its
<h1>. So the stated title is cut at its separators only where a part is
the page's own heading, or is the site's name (og:site_name, or the
address's host), and only then by the shape of a short end part.
"""

import re
from urllib.parse import urlsplit

from articles.textnorm import comparison_key

# | - en-dash em-dash :: / middle-dot guillemet
SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " / ", " \u00b7 ", " \u00bb ")
# An end part of at most this many words beside a headline of at least
# HEADLINE_WORDS is taken for a site's name even when nothing else says so.
MAX_SITE_WORDS = 4
HEADLINE_WORDS = 3
_NOT_ALNUM = re.compile(r"[\W_]+")


def _squashed(text):
    return _NOT_ALNUM.sub("", text.lower())


def host_names(url):
    """The distinctive labels of the page's host: "theverge" for www.theverge.com."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
    return [label for label in labels[:-1] if len(label) >= 3]


def _is_site_name(part, site_names, hosts):
    squashed = _squashed(part)
    if not squashed:
        return False
    if any(squashed == _squashed(name) for name in site_names if name):
        return True
    # "The Verge" on theverge.com, "NJ.com" on nj.com; a headline is longer.
    if len(part.split()) > MAX_SITE_WORDS or len(squashed) < 2:
        return False
    return any(host in squashed or squashed in host for host in hosts)


def _runs(parts):
    """Every run of neighbouring parts shorter than the whole, longest first."""
    count = len(parts)
    for length in range(count - 1, 0, -1):
        for start in range(count - length + 1):
            yield start, start + length


def _strip_site_names(title, site_names, hosts):
    for separator in SEPARATORS:
        parts = title.split(separator)
        while len(parts) > 1 and _is_site_name(parts[-1], site_names, hosts):
            parts.pop()
        while len(parts) > 1 and _is_site_name(parts[0], site_names, hosts):
            parts.pop(0)
        title = separator.join(parts)
    return title


def headline(stated, headings, site_names=(), url="", guess_site_name=False):
    """The headline in a stated title, told apart from the site's name and sections.

    `headings` are the texts of the page's <h1> elements: a part of the
    stated title that is one of them is the headline. A short end part is
    cut by its shape alone only when `guess_site_name` (a <title>, which
    nearly always names the site; an og:title seldom does, and a headline
    may well end "- a review").
    """
    heading_keys = {comparison_key(h) for h in headings} - {""}
    if comparison_key(stated) in heading_keys:
        return stated
    for separator in SEPARATORS:
        parts = stated.split(separator)
        for start, end in _runs(parts) if len(parts) > 1 else ():
            run = separator.join(parts[start:end]).strip()
            if comparison_key(run) in heading_keys:
                return run
    hosts = host_names(url)
    title = _strip_site_names(stated, site_names, hosts).strip()
    if title != stated or not guess_site_name:
        return title
    for separator in SEPARATORS:
        parts = title.split(separator)
        # "Long headline here | Courier": a short end part is the site's name.
        short_end = len(parts) > 1 and len(parts[-1].split()) <= MAX_SITE_WORDS
        if short_end and len(parts[0].split()) >= HEADLINE_WORDS:
            return separator.join(parts[:-1]).strip()
    return title
