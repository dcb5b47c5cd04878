"""Shared fixtures: a local news site over real HTTP and settings for tests."""

import os

import pytest
from django.core.cache import cache

from newsroom import Newsroom, NewsroomServer


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """One SQLite test database per test process, named when its session starts.

    Two runs on one machine, and the forked runs of mutation testing, each
    get their own file rather than the one named when settings were imported.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"]["NAME"] = str(settings.VAR_DIR / f"test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # The local site lives on 127.0.0.1, which production refuses.
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = True
    settings.NEWSDIFFS_HOST_DELAY = 0
    settings.NEWSDIFFS_RETRY_BACKOFF = 0
    settings.NEWSDIFFS_READ_TIMEOUT = 3
    settings.NEWSDIFFS_CONNECT_TIMEOUT = 2
    # Jobs run in-process unless a test asks for the real Redis (tests/test_workers.py).
    settings.REDIS_URL = ""
    # Logging in test users need not be slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom():
    """A running local news site; change its stories between fetches."""
    server = NewsroomServer(Newsroom()).start()
    yield server.room
    server.stop()


@pytest.fixture
def courier(newsroom, db):
    """A source watching the local news site's feed and front page."""
    from articles.models import DiscoveryURL, Source

    source = Source.objects.create(
        name="The Local Courier",
        slug="courier",
        homepage=newsroom.url("/"),
        article_url_pattern=r"/(news|weather)/[a-z0-9-]+$",
    )
    DiscoveryURL.objects.create(source=source, url=newsroom.url("/feed.xml"), kind="feed")
    DiscoveryURL.objects.create(source=source, url=newsroom.url("/"), kind="front_page")
    return source


@pytest.fixture
def track(courier, newsroom):
    """Track one of the newsroom's stories: track("harbour-bridge-closure") -> Article."""
    from articles.models import Article

    def _track(slug):
        return Article.objects.create(source=courier, url=newsroom.article_url(slug))

    return _track


@pytest.fixture
def source(db):
    """The reader's-site tests' source (tests/reader_data.py builds their data)."""
    from tests.reader_data import make_source

    return make_source()


@pytest.fixture
def harbour(source):
    """An article of that source with a few versions."""
    from tests.reader_data import harbour_story

    return harbour_story(source)


# Debian's Chromium, never a downloaded browser, with the flags DEVELOPERS.md names.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the browser tests, one for a test module's tests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
