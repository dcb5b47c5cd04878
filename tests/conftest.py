"""Shared fixtures: a local news site over real HTTP and settings for tests."""

import pytest
from django.core.cache import cache

from newsroom import Newsroom, NewsroomServer


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # The local site lives on 127.0.0.1, which production refuses.
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = True
    settings.NEWSDIFFS_HOST_DELAY = 0
    settings.NEWSDIFFS_RETRY_BACKOFF = 0
    settings.NEWSDIFFS_READ_TIMEOUT = 3
    settings.NEWSDIFFS_CONNECT_TIMEOUT = 2
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom():
    """A running local news site; change its stories between fetches."""
    server = NewsroomServer(Newsroom()).start()
    yield server.room
    server.stop()
