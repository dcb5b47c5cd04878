"""Preview: discovery and extraction on a source's settings, against the local news site."""

import pytest

from articles.admin.preview import preview_discovery, preview_extraction
from articles.fetching import Fetcher
from articles.models import Article, Check, DiscoveryURL, Source, Version

PATTERN = r"/(news|weather)/[a-z0-9-]+$"


@pytest.fixture
def fetcher():
    fetcher = Fetcher()
    yield fetcher
    fetcher.close()


def unsaved_source(newsroom, **settings):
    return Source(
        name="The Local Courier",
        slug="courier",
        homepage=newsroom.url("/"),
        article_url_pattern=settings.pop("article_url_pattern", PATTERN),
        **settings,
    )


def verdicts(page):
    return {link.canonical_url: link.reason for link in page.links}


@pytest.mark.django_db
def test_feed_links_that_match_are_new(newsroom, fetcher):
    source = unsaved_source(newsroom)

    discovery = preview_discovery(source, [(newsroom.url("/feed.xml"), "feed")], fetcher)

    [page] = discovery.pages
    assert page.error == ""
    assert page.status == 200
    assert verdicts(page) == {
        newsroom.article_url("harbour-bridge-closure"): "new",
        newsroom.article_url("library-opening-hours"): "new",
        newsroom.article_url("school-meals-trial"): "new",
        newsroom.article_url("river-flood-warning"): "new",
    }
    assert page.kind_label == "RSS/Atom feed"


@pytest.mark.django_db
def test_front_page_links_are_rejected_with_the_reason(newsroom, fetcher):
    newsroom.robots_txt = "User-agent: *\nDisallow: /news/school-meals-trial\n"
    Article.objects.create(
        source=Source.objects.create(name="Saved", slug="saved", homepage=newsroom.url("/")),
        url=newsroom.article_url("library-opening-hours"),
    )
    source = unsaved_source(newsroom)

    discovery = preview_discovery(source, [(newsroom.url("/"), "front_page")], fetcher)

    reasons = verdicts(discovery.pages[0])
    assert reasons[newsroom.article_url("harbour-bridge-closure")] == "new"
    assert reasons[newsroom.article_url("library-opening-hours")] == "already tracked"
    assert reasons[newsroom.article_url("school-meals-trial")] == "disallowed by robots.txt"
    assert reasons[newsroom.url("/about")] == "does not match the pattern"
    assert reasons["https://elsewhere.example/story/1"] == "host not allowed"
    assert discovery.matched_urls() == [
        newsroom.article_url("harbour-bridge-closure"),
        newsroom.article_url("library-opening-hours"),
        newsroom.article_url("river-flood-warning"),
    ]
    assert discovery.reasons()["disallowed by robots.txt"] == 1


@pytest.mark.django_db
def test_a_source_without_discovery_pages_is_previewed_from_its_homepage(newsroom, fetcher):
    discovery = preview_discovery(unsaved_source(newsroom), [], fetcher)

    assert [(page.url, page.kind) for page in discovery.pages] == [
        (newsroom.url("/"), "front_page")
    ]
    assert newsroom.hits["/"] == 1


@pytest.mark.django_db
def test_a_page_that_fails_shows_the_fetch_error(newsroom, fetcher):
    newsroom.answer("/feed.xml", status=404, body="gone")

    discovery = preview_discovery(
        unsaved_source(newsroom), [(newsroom.url("/feed.xml"), "feed")], fetcher
    )

    [page] = discovery.pages
    assert page.status == 404
    assert "404" in page.error
    assert page.links == []


@pytest.mark.django_db
def test_extraction_shows_what_would_be_archived_and_how_long_it_took(newsroom, fetcher):
    url = newsroom.article_url("harbour-bridge-closure")
    newsroom.article_delay = 0.3  # the site takes 300 ms to answer

    extraction = preview_extraction(unsaved_source(newsroom), url, fetcher)

    assert extraction.error == ""
    assert extraction.status == 200
    assert extraction.content.title == "Harbour bridge to close for six weeks of repairs"
    assert extraction.content.byline == "Mara Lindqvist, transport correspondent"
    assert extraction.content.published_at is not None
    assert extraction.content.paragraphs()[0].startswith("The harbour bridge will close to traffic")
    assert "Most read" not in extraction.content.text
    assert extraction.total_ms == extraction.fetch_ms + extraction.extract_ms
    assert extraction.fetch_ms >= 300


@pytest.mark.django_db
def test_extraction_uses_the_sources_selectors(newsroom, fetcher):
    source = unsaved_source(newsroom, body_selector="aside", title_selector="footer p")
    url = newsroom.article_url("harbour-bridge-closure")

    extraction = preview_extraction(source, url, fetcher)

    assert extraction.content.title.startswith("©")
    assert "Central library extends opening hours" in extraction.content.text


@pytest.mark.django_db
def test_extraction_failure_is_explained(newsroom, fetcher):
    newsroom.answer("/news/empty", status=200, body="<html><body><p>Hi</p></body></html>")

    extraction = preview_extraction(unsaved_source(newsroom), newsroom.url("/news/empty"), fetcher)

    assert extraction.error.startswith("Extraction failed:")
    assert extraction.content is None


@pytest.mark.django_db
def test_a_preview_stores_nothing(newsroom, fetcher):
    source = Source.objects.create(
        name="Courier", slug="courier", homepage=newsroom.url("/"), article_url_pattern=PATTERN
    )
    page = DiscoveryURL.objects.create(source=source, url=newsroom.url("/feed.xml"), kind="feed")

    discovery = preview_discovery(source, [(page.url, page.kind)], fetcher)
    preview_extraction(source, discovery.matched_urls()[0], fetcher)

    assert Article.objects.count() == 0
    assert Version.objects.count() == 0
    assert Check.objects.count() == 0
    page.refresh_from_db()
    assert page.last_fetched_at is None
    assert page.last_links_found == 0
    source.refresh_from_db()
    assert source.last_discovered_at is None
