"""The article links in a source's feeds and front pages, and the verdict on each. Pure."""

from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
import lxml.html
import regex
from lxml.etree import ParserError

from articles import urlcanon

# The longest article URL the archive stores (Article.url's max_length).
MAX_URL_LENGTH = 2000

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml")


# A source's pattern is an admin's regex run against links from the web: the
# regex module's timeout keeps a catastrophic one (say (\w|\w\w)+$) from
# holding a worker for ever.
PATTERN_TIMEOUT_SECONDS = 0.1


class PatternTooSlow(Exception):
    pass


def matches_pattern(pattern, url):
    """Whether url matches pattern (anywhere); PatternTooSlow if it cannot tell in time."""
    if not pattern:
        return True
    try:
        found = regex.search(pattern, url, timeout=PATTERN_TIMEOUT_SECONDS)
    except TimeoutError:
        raise PatternTooSlow(
            f"the article URL pattern took over {PATTERN_TIMEOUT_SECONDS} s on this URL"
        ) from None
    return found is not None


@dataclass(frozen=True)
class LinkVerdict:
    url: str
    canonical_url: str
    accepted: bool
    reason: str


def _looks_like_feed(body, content_type):
    if content_type in FEED_TYPES:
        return True
    head = body[:1000].lstrip().lower()
    if content_type in XML_TYPES or head.startswith(b"<?xml"):
        return b"<rss" in head or b"<feed" in head or b"<rdf" in head or b"<?xml" in head
    return False


def _feed_links(body, base_url):
    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        href = entry.get("link") or ""
        if not href:
            alternates = [link for link in entry.get("links", []) if link.get("rel") == "alternate"]
            href = alternates[0].get("href", "") if alternates else ""
        if href:
            links.append(urljoin(base_url, href.strip()))
    return links


def _page_links(body, base_url):
    try:
        document = lxml.html.document_fromstring(body)
    except (ParserError, ValueError):
        return []
    base = document.xpath("//base/@href")
    base_url = urljoin(base_url, base[0].strip()) if base else base_url
    links = []
    for href in document.xpath("//a/@href"):
        href = href.strip()
        if href and not href.startswith(("#", "mailto:", "javascript:", "tel:")):
            links.append(urljoin(base_url, href))
    return links


def extract_links(body, base_url, content_type=""):
    """Absolute URLs of a feed's entries or a page's anchors, in order, without repeats."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if _looks_like_feed(body, content_type):
        found = _feed_links(body, base_url)
    else:
        found = _page_links(body, base_url)
    return list(dict.fromkeys(found))


def classify_link(source, url, tracked_keys=None, robots_allows=None):
    """Decide whether a link found on a source's pages is a new article to track."""
    try:
        canonical = urlcanon.canonicalize(url)
    except urlcanon.InvalidURL:
        return LinkVerdict(url, "", False, "invalid URL")
    if len(canonical) > MAX_URL_LENGTH:
        return LinkVerdict(url, "", False, "URL too long")
    if not source.allows_host(urlcanon.host_of(canonical)):
        return LinkVerdict(url, canonical, False, "host not allowed")
    try:
        if not source.matches_pattern(canonical):
            return LinkVerdict(url, canonical, False, "does not match the pattern")
    except PatternTooSlow:
        return LinkVerdict(url, canonical, False, "the pattern took too long on this URL")
    if tracked_keys is not None and urlcanon.url_key(canonical) in tracked_keys:
        return LinkVerdict(url, canonical, False, "already tracked")
    if robots_allows is not None and not robots_allows(canonical):
        return LinkVerdict(url, canonical, False, "disallowed by robots.txt")
    return LinkVerdict(url, canonical, True, "new")
