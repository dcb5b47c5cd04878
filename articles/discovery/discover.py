"""Running discovery for a source: fetch its pages, track new article links."""

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DataError, IntegrityError, transaction

from articles import urlcanon
from articles.discovery.links import classify_link, extract_links
from articles.fetching import FetchError, RefusedURL
from articles.models import Article, Check, DiscoveryURL

log = logging.getLogger(__name__)


def tracked_keys(urls):
    """The url_keys among these URLs that are tracked already."""
    keys = set()
    for url in urls:
        try:
            keys.add(urlcanon.url_key(url))
        except urlcanon.InvalidURL:
            continue
    return set(Article.objects.filter(url_key__in=keys).values_list("url_key", flat=True))


def _discovery_pages(source):
    pages = list(source.discovery_urls.all())
    # A source with no feeds or front pages is discovered from its homepage.
    return pages or [DiscoveryURL(source=source, url=source.homepage, kind="front_page")]


def _create_articles(source, verdicts, now):
    created = 0
    for verdict in verdicts:
        try:
            with transaction.atomic():
                Article.objects.create(
                    source=source, url=verdict.canonical_url, first_seen_at=now, next_check_at=now
                )
            created += 1
        except IntegrityError:
            pass  # another discovery of the same link got there first
        except DataError:
            log.warning("discovery source=%s skipped an unstorable URL", source.pk)
    return created


def robots_checker(fetcher):
    """A robots_allows callable for classify_link, from the fetcher's robots rules."""

    def allows(url):
        try:
            fetcher.robots.check(url)
        except RefusedURL:
            return False
        except FetchError:
            return True  # robots.txt unreadable: the fetch itself will say so
        return True

    return allows


def classify_links(source, links, fetcher):
    """A verdict for each link found on one of a source's pages."""
    tracked = tracked_keys(links)
    robots_allows = robots_checker(fetcher)
    return [classify_link(source, link, tracked, robots_allows) for link in links]


@dataclass
class DiscoveryReport:
    links_found: int = 0
    articles_created: int = 0
    failures: list = field(default_factory=list)  # (page URL, message)


def _read_page(source, page, fetcher, now):
    """Fetch one discovery page and track its new links.

    Returns (outcome, HTTP status, message, links found, articles created).
    """
    try:
        result = fetcher.fetch(page.url, accept="feed")
    except FetchError as error:
        return Check.failure_outcome(error), error.status, str(error), 0, 0
    cap = settings.NEWSDIFFS_MAX_LINKS_PER_PAGE
    links = extract_links(result.body, result.url, result.content_type)
    verdicts = classify_links(source, links[:cap], fetcher)
    new = list({v.canonical_url: v for v in verdicts if v.accepted}.values())
    created = _create_articles(source, new, now)
    message = f"{len(links)} links, {len(new)} new articles, {created} created"
    if len(links) > cap:
        message += f"; only the first {cap} links were read (NEWSDIFFS_MAX_LINKS_PER_PAGE)"
    return Check.Outcome.DISCOVERED, result.status, message, len(links), created


def discover(source, fetcher, now):
    """Read every discovery page of a source and track the new article links.

    Each page fetched is recorded in the check log and on its DiscoveryURL,
    failures with their message.
    """
    report = DiscoveryReport()
    for page in _discovery_pages(source):
        started = time.monotonic()
        outcome, status, message, found, created = _read_page(source, page, fetcher, now)
        report.links_found += found
        report.articles_created += created
        failed = outcome != Check.Outcome.DISCOVERED
        if failed:
            report.failures.append((page.url, message))
        page.last_error = message if failed else ""
        page.last_links_found = found
        page.last_fetched_at = now
        if page.pk:
            page.save(update_fields=["last_fetched_at", "last_error", "last_links_found"])
        Check.objects.create(
            kind=Check.Kind.DISCOVERY,
            source=source,
            url=page.url,
            checked_at=now,
            http_status=status,
            duration_ms=int((time.monotonic() - started) * 1000),
            outcome=outcome,
            message=message,
        )
        log.log(
            logging.WARNING if failed else logging.INFO,
            "discovery source=%s url=%s outcome=%s status=%s %s",
            source.pk,
            page.url,
            outcome,
            status,
            message,
        )
    return report
