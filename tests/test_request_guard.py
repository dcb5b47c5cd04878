"""A NUL character in an address is refused with 400 before any view or query sees it."""

import json

import pytest

from articles.reader.requestguard import MESSAGE


@pytest.mark.parametrize("url", ["/search/?q=%00", "/find/?url=a%00b", "/?source=%00", "/?x%00=1"])
def test_a_page_address_with_nul_is_refused_in_plain_words(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == MESSAGE


def test_an_api_address_with_nul_is_refused_as_json(client, db):
    response = client.get("/api/articles/?url=%00")
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": MESSAGE}


def test_the_refusal_is_logged(client, db, caplog):
    client.get("/search/?q=%00")
    assert "Refused a request with a NUL character: /search/" in caplog.text


def test_other_control_characters_reach_the_view(client, db):
    response = client.get("/search/?q=%01harbour%1f")
    assert response.status_code == 200


def test_the_admin_search_is_guarded_too(client, db):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("editor", "editor@example.com", "a-long-password")
    client.login(username="editor", password="a-long-password")
    assert client.get("/admin/articles/article/?q=harbour%00").status_code == 400
    assert client.get("/admin/articles/article/?q=harbour").status_code == 200
