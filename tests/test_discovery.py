import gzip
from datetime import UTC, datetime

import pytest

from articles.discovery.discover import discover
from articles.discovery.links import classify_link, extract_links
from articles.fetching import Fetcher
from articles.models import Article, Check, Source

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://example.com/news/a?utm_source=rss</link></item>
<item><title>B</title><link>/news/b</link></item>
<item><title>A again</title><link>https://example.com/news/a?utm_source=rss</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>t</title><entry><title>C</title><link rel="alternate" href="https://example.com/news/c"/>
<id>c</id></entry></feed>"""

PAGE = b"""<html><head><base href="https://example.com/sub/"></head><body>
<a href="story-1">one</a> <a href="#top">top</a> <a href="mailto:x@example.com">mail</a>
<a href="javascript:alert(1)">js</a> <a href="https://other.example/x">other</a></body></html>"""


def test_feed_entries_are_read_in_order_without_repeats():
    links = extract_links(FEED, "https://example.com/feed.xml", "application/rss+xml")
    assert links == [
        "https://example.com/news/a?utm_source=rss",
        "https://example.com/news/b",
    ]


def test_atom_entries_are_read():
    links = extract_links(ATOM, "https://example.com/atom", "application/atom+xml")
    assert links == ["https://example.com/news/c"]


def test_a_feed_served_as_plain_xml_is_still_read_as_a_feed():
    assert extract_links(FEED, "https://example.com/feed", "text/xml")[1].endswith("/news/b")


def test_page_anchors_are_resolved_against_the_base_and_non_links_skipped():
    links = extract_links(PAGE, "https://example.com/", "text/html")
    assert links == ["https://example.com/sub/story-1", "https://other.example/x"]


def test_a_page_that_is_not_html_gives_no_links():
    assert extract_links(b"", "https://example.com/", "text/html") == []


def _source(**fields):
    defaults = {"name": "S", "slug": "s", "homepage": "https://example.com/"}
    return Source(**{**defaults, **fields})


def test_links_off_the_allowed_hosts_are_rejected():
    verdict = classify_link(_source(), "https://other.example/news/x")
    assert (verdict.accepted, verdict.reason) == (False, "host not allowed")


def test_a_leading_dot_admits_subdomains():
    source = _source(allowed_hosts=".example.com")
    assert classify_link(source, "https://www.example.com/a").accepted
    assert classify_link(source, "https://example.com/a").accepted
    assert not classify_link(source, "https://badexample.com/a").accepted


def test_links_not_matching_the_pattern_are_rejected():
    source = _source(article_url_pattern=r"/news/\d+")
    assert classify_link(source, "https://example.com/news/12").accepted
    verdict = classify_link(source, "https://example.com/about")
    assert verdict.reason == "does not match the pattern"


def test_accepted_links_are_canonical():
    verdict = classify_link(_source(), "HTTPS://Example.com:443/a?b=1&utm_medium=x#c")
    assert verdict.canonical_url == "https://example.com/a?b=1"


def test_tracked_and_robots_disallowed_links_are_rejected_with_their_reason():
    source = _source()
    tracked = classify_link(source, "http://example.com/a", tracked_keys={"example.com/a"})
    assert tracked.reason == "already tracked"
    robots = classify_link(source, "https://example.com/b", robots_allows=lambda url: False)
    assert robots.reason == "disallowed by robots.txt"


def test_invalid_links_are_rejected():
    assert classify_link(_source(), "ftp://example.com/x").reason == "invalid URL"


@pytest.mark.django_db
def test_discovery_tracks_each_story_once_from_feed_and_front_page(courier, newsroom):
    report = discover(courier, Fetcher(), NOW)
    found, created = report.links_found, report.articles_created
    urls = sorted(Article.objects.values_list("url", flat=True))
    assert urls == sorted(newsroom.article_url(slug) for slug in newsroom.stories)
    assert created == 4
    # Front-page links carry ?utm_source and #top; they are the same articles.
    assert found > created
    assert all(a.next_check_at == NOW for a in Article.objects.all())


@pytest.mark.django_db
def test_discovery_rejects_robots_disallowed_and_foreign_links(courier, newsroom):
    courier.article_url_pattern = ""
    courier.save()
    discover(courier, Fetcher(), NOW)
    urls = set(Article.objects.values_list("url", flat=True))
    assert newsroom.url("/private/staff") not in urls
    assert not any("elsewhere.example" in url for url in urls)
    assert newsroom.url("/about") in urls  # no pattern: every allowed link


@pytest.mark.django_db
def test_discovery_twice_creates_nothing_new(courier):
    discover(courier, Fetcher(), NOW)
    assert discover(courier, Fetcher(), NOW).articles_created == 0
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_each_discovery_fetch_is_logged(courier):
    discover(courier, Fetcher(), NOW)
    checks = Check.objects.filter(kind=Check.Kind.DISCOVERY)
    assert checks.count() == 2
    assert {c.outcome for c in checks} == {Check.Outcome.DISCOVERED}


@pytest.mark.django_db
def test_a_failing_feed_is_recorded_where_an_admin_sees_it(courier, newsroom):
    newsroom.answer("/feed.xml", status=500, body="down")
    report = discover(courier, Fetcher(), NOW)
    assert [url for url, _ in report.failures] == [newsroom.url("/feed.xml")]
    feed = courier.discovery_urls.get(kind="feed")
    assert "500" in feed.last_error
    failed = Check.objects.get(kind=Check.Kind.DISCOVERY, url=feed.url)
    assert failed.outcome == Check.Outcome.ERROR
    assert failed.http_status == 500
    # The front page still worked.
    assert Article.objects.count() == 4


@pytest.mark.django_db
def test_a_feed_that_is_really_a_gzip_file_is_logged_as_not_a_web_page(courier, newsroom):
    feed = gzip.compress(b'<?xml version="1.0"?><rss><channel></channel></rss>')
    newsroom.answer("/feed.xml", body=feed, headers={"Content-Type": "application/rss+xml"})

    discover(courier, Fetcher(), NOW)

    failed = Check.objects.get(kind=Check.Kind.DISCOVERY, url=newsroom.url("/feed.xml"))
    assert failed.outcome == Check.Outcome.NOT_HTML
    assert "served as application/rss+xml but is a gzip archive" in failed.message


def test_a_link_too_long_to_store_is_rejected_and_the_rest_tracked():
    long_link = "https://example.com/news/" + "a" * 2100
    assert classify_link(_source(), long_link).reason == "URL too long"


@pytest.mark.django_db
def test_a_huge_feed_is_read_up_to_the_cap(courier, newsroom, settings):
    settings.NEWSDIFFS_MAX_LINKS_PER_PAGE = 50
    items = "".join(
        f"<item><title>{i}</title><link>{newsroom.url(f'/news/story-{i}')}</link></item>"
        for i in range(300)
    )
    newsroom.answer("/feed.xml", body=f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>')
    courier.discovery_urls.filter(kind="front_page").delete()
    report = discover(courier, Fetcher(), NOW)
    assert report.articles_created == 50
    check = Check.objects.get(kind=Check.Kind.DISCOVERY)
    assert "only the first 50 links were read" in check.message


def test_a_catastrophic_pattern_gives_up_on_the_link_instead_of_hanging():
    source = _source(article_url_pattern=r"/news/(\w|\w\w)+$")
    verdict = classify_link(source, "https://example.com/news/" + "a" * 60 + "-")
    assert verdict.reason == "the pattern took too long on this URL"
    assert classify_link(source, "https://example.com/news/ok").accepted
