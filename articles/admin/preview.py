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

from articles import urlcanon
from articles.checking.bounded import extract_bounded
from articles.content import Content
from articles.discovery.discover import classify_links
from articles.discovery.links import LinkVerdict, extract_links
from articles.extraction import ExtractionError
from articles.fetching import FetchError
from articles.models import Article, DiscoveryURL

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
    # The article tracking each link found "already tracked", by canonical URL.
    tracked_by: dict = field(default_factory=dict)

    def link_rows(self):
        """[(verdict, the article that tracks the link, or None)], for the table."""
        return [(v, self.tracked_by.get(v.canonical_url)) for v in self.links]

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
    """Every page's links; the summary counts each link once, however many pages show it."""

    pages: list[PagePreview]

    def unique_links(self):
        """The verdict on each distinct link (by canonical URL), in page order."""
        verdicts = (v for page in self.pages for v in page.links)
        return list({v.canonical_url or v.url: v for v in reversed(list(verdicts))}.values())[::-1]

    def matched_urls(self):
        """Canonical URLs that match the source (new or already tracked), page order, unique."""
        urls = (v.canonical_url for page in self.pages for v in page.matched)
        return list(dict.fromkeys(urls))

    def reasons(self):
        """How many distinct links got each verdict: {"new": 4, "does not match ...": 9}."""
        return Counter(v.reason for v in self.unique_links())

    def reason_counts(self):
        """[(verdict, links)], the commonest first (a Counter confuses template lookups)."""
        return self.reasons().most_common()

    @property
    def link_count(self):
        return len(self.unique_links())

    def name_trackers(self):
        """Find the article (and so the source) that tracks each link found already tracked."""
        keys = {}
        for page in self.pages:
            for verdict in page.links:
                if verdict.reason == ALREADY_TRACKED:
                    keys[urlcanon.url_key(verdict.canonical_url)] = verdict.canonical_url
        articles = Article.objects.filter(url_key__in=keys).select_related("source")
        found = {
            keys[article.url_key]: article
            for article in articles.only("pk", "url_key", "source__name")
        }
        for page in self.pages:
            page.tracked_by = found


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
    preview = DiscoveryPreview(
        [preview_page(source, url, kind, fetcher) for url, kind in discovery_pages(source, pages)]
    )
    preview.name_trackers()
    return preview


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
