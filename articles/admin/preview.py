"""Preview a source's settings: what discovery would find, what extraction would archive.

Runs the real fetcher, link classifier and extractor on settings that may
not be saved yet (an unsaved Source and its discovery pages), and stores
nothing: no article, version, check or discovery-page bookkeeping is
written. The only database access is reading which links are already
tracked.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from articles.checking.bounded import extract_bounded
from articles.content import Content
from articles.discovery.discover import classify_links
from articles.discovery.links import LinkVerdict, extract_links
from articles.extraction import ExtractionError
from articles.fetching import FetchError
from articles.models import DiscoveryURL

NEW = "new"
ALREADY_TRACKED = "already tracked"


@dataclass
class PagePreview:
    """One discovery page: the links on it and the verdict on each."""

    url: str
    kind: str
    links: list[LinkVerdict] = field(default_factory=list)
    status: int | None = None
    duration_ms: int = 0
    error: str = ""

    @property
    def kind_label(self):
        return DiscoveryURL.Kind(self.kind).label

    @property
    def matched(self):
        return [v for v in self.links if v.accepted or v.reason == ALREADY_TRACKED]

    @property
    def rejected(self):
        return [v for v in self.links if not v.accepted and v.reason != ALREADY_TRACKED]


@dataclass
class DiscoveryPreview:
    pages: list[PagePreview]

    def matched_urls(self):
        """Canonical URLs that match the source (new or already tracked), page order, unique."""
        urls = (v.canonical_url for page in self.pages for v in page.matched)
        return list(dict.fromkeys(urls))

    def reasons(self):
        """How many links got each verdict: {"new": 4, "does not match the pattern": 9, ...}."""
        return Counter(v.reason for page in self.pages for v in page.links)

    def reason_counts(self):
        """[(verdict, links)], the commonest first (a Counter confuses template lookups)."""
        return self.reasons().most_common()

    @property
    def link_count(self):
        return sum(len(page.links) for page in self.pages)


@dataclass
class ExtractionPreview:
    url: str
    fetched_url: str = ""
    status: int | None = None
    content: Content | None = None
    fetch_ms: int = 0
    extract_ms: int = 0
    error: str = ""

    @property
    def total_ms(self):
        return self.fetch_ms + self.extract_ms


def discovery_pages(source, pages):
    """(url, kind) pairs to read; a source with none is discovered from its homepage."""
    pages = [(url, kind) for url, kind in pages if url]
    return pages or [(source.homepage, DiscoveryURL.Kind.FRONT_PAGE)]


def _elapsed_ms(started):
    return round((time.monotonic() - started) * 1000)


def preview_page(source, url, kind, fetcher):
    page = PagePreview(url=url, kind=kind)
    started = time.monotonic()
    try:
        result = fetcher.fetch(url, accept="feed")
    except FetchError as error:
        page.error, page.status = str(error), error.status
        page.duration_ms = _elapsed_ms(started)
        return page
    page.status = result.status
    links = extract_links(result.body, result.url, result.content_type)
    page.links = classify_links(source, links, fetcher)
    page.duration_ms = _elapsed_ms(started)
    return page


def preview_discovery(source, pages, fetcher):
    """Read each discovery page as discovery would, without tracking anything."""
    return DiscoveryPreview(
        [preview_page(source, url, kind, fetcher) for url, kind in discovery_pages(source, pages)]
    )


def preview_extraction(source, url, fetcher):
    """Fetch one article and extract it with the source's options, timing both steps."""
    preview = ExtractionPreview(url=url)
    started = time.monotonic()
    try:
        result = fetcher.fetch(url, accept="html")
    except FetchError as error:
        preview.error, preview.status = str(error), error.status
        preview.fetch_ms = _elapsed_ms(started)
        return preview
    preview.fetch_ms = _elapsed_ms(started)
    preview.fetched_url, preview.status = result.url, result.status
    started = time.monotonic()
    try:
        preview.content = extract_bounded(
            result.body, url=result.url, charset=result.charset, **source.extraction_options()
        )
    except ExtractionError as error:
        preview.error = f"Extraction failed: {error}"
    preview.extract_ms = _elapsed_ms(started)
    return preview
