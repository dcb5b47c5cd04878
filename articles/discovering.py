"""Running discovery for a source: fetch its pages, track new article links."""

import logging
import time

from django.db import IntegrityError, transaction

from articles import urlcanon
from articles.discovery import classify_link, extract_links
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


def discover(source, fetcher, now):
    """Read every discovery page of a source and track the new article links.

    Returns (links found, articles created). Each page fetched is recorded
    in the check log, failures with their message.
    """
    total_found = total_created = 0
    for page in _discovery_pages(source):
        started = time.monotonic()
        status, message = None, ""
        try:
            result = fetcher.fetch(page.url, accept="feed")
            status = result.status
            links = extract_links(result.body, result.url, result.content_type)
            verdicts = classify_links(source, links, fetcher)
            new = list({v.canonical_url: v for v in verdicts if v.accepted}.values())
            created = _create_articles(source, new, now)
            outcome = Check.Outcome.DISCOVERED
            message = f"{len(links)} links, {len(new)} new articles, {created} created"
            page.last_error = ""
            page.last_links_found = len(links)
            total_found += len(links)
            total_created += created
        except FetchError as error:
            status = error.status
            outcome = (
                Check.Outcome.REFUSED if isinstance(error, RefusedURL) else Check.Outcome.ERROR
            )
            message = str(error)
            page.last_error = message
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
        log.info(
            "discovery source=%s url=%s outcome=%s status=%s %s",
            source.pk,
            page.url,
            outcome,
            status,
            message,
        )
    return total_found, total_created
