"""A taken-down article answers 410 Gone everywhere, with a short explanation."""

import pytest

from tests.reader_data import harbour_story, make_source


@pytest.fixture
def hidden(db):
    article = harbour_story(make_source())
    article.is_hidden = True
    article.hidden_reason = "Court order 123 naming a private person."
    article.save()
    return article


@pytest.mark.parametrize(
    "path",
    [
        "/articles/{id}/",
        "/articles/{id}/diff/1/2/",
        "/articles/{id}/diff/1/4/",
        "/articles/{id}/versions/2/",
        "/articles/{id}/diff/1/2/card.png",
        "/articles/{id}/changes.atom",
        "/articles/{id}/changes.rss",
        "/api/articles/{id}/",
        "/api/articles/{id}/diff/1/2/",
    ],
)
def test_every_route_of_a_hidden_article_is_gone(client, hidden, path):
    response = client.get(path.format(id=hidden.pk))
    assert response.status_code == 410
    assert b"removed" in response.content
    assert b"Court order" not in response.content  # the admin's note stays private
    assert b"Harbour bridge" not in response.content


def test_versions_of_a_hidden_article_are_gone_in_the_api(client, hidden):
    version = hidden.versions.get(number=2)
    assert client.get(f"/api/versions/{version.pk}/").status_code == 410


def test_hidden_article_leaves_lists_feeds_and_search(client, hidden):
    for path in ("/", "/sources/courier/", "/feeds/changes.atom", "/search/?q=harbour"):
        assert b"Harbour bridge" not in client.get(path).content, path
    assert b"Harbour bridge" not in client.get("/api/articles/").content


def test_find_by_url_of_a_hidden_article_leads_to_gone(client, hidden):
    response = client.get("/find/", {"url": hidden.url}, follow=True)
    assert response.status_code == 410
