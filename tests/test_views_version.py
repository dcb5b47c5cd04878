"""One version's text: a permalink for every paragraph and sentence."""

import re
from datetime import timedelta

import pytest

from tests.reader_data import NOW, add_version, harbour_story, make_article, make_source

ANCHOR_IDS = re.compile(r'id="(p\d+(?:s\d+)?)"')


@pytest.fixture
def story(db):
    article = make_article(make_source(), "/news/anchors")
    add_version(
        article,
        "Bridge",
        ["Mr. Smith said the U.S. firm won. Costs rose 3.5 percent.", "One more line."],
        NOW - timedelta(hours=2),
    )
    add_version(
        article,
        "Bridge",
        ["Mr. Smith said the U.S. firm won. Costs rose 4.5 percent.", "One more line."],
        NOW - timedelta(hours=1),
    )
    return article


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_paragraph_and_sentence_of_a_version_has_an_anchor(client, story):
    page = page_of(client, f"/articles/{story.pk}/versions/1/")
    assert ANCHOR_IDS.findall(page) == ["p1", "p1s1", "p1s2", "p2", "p2s1"]
    assert (
        '<p id="p1" dir="auto"><a class="anchor para-anchor" href="#p1"'
        ' aria-label="Link to paragraph 1"></a>'
    ) in page
    assert (
        '<a class="anchor sentence-anchor" href="#p1s2" data-anchor="p1s2" id="p1s2"'
        ' aria-label="Link to sentence 2 of paragraph 1"></a>Costs rose 3.5 percent.</p>'
    ) in page


def test_the_same_text_keeps_its_anchors_across_versions_and_renders(client, story):
    first = page_of(client, f"/articles/{story.pk}/versions/1/")
    second = page_of(client, f"/articles/{story.pk}/versions/2/")
    assert ANCHOR_IDS.findall(first) == ANCHOR_IDS.findall(second)
    assert first == page_of(client, f"/articles/{story.pk}/versions/1/")


def test_a_version_page_links_its_history_and_what_changed(client, story):
    page = page_of(client, f"/articles/{story.pk}/versions/2/")
    assert f'href="/articles/{story.pk}/#v2"' in page
    assert f'href="/articles/{story.pk}/diff/1/2/"' in page
    history = page_of(client, f"/articles/{story.pk}/")
    assert f'href="/articles/{story.pk}/versions/2/"' in history


def test_a_missing_version_is_404(client, story):
    assert client.get(f"/articles/{story.pk}/versions/3/").status_code == 404


def test_hostile_text_in_a_version_is_shown_as_text(client, db):
    article = make_article(make_source())
    add_version(article, "<b>t</b>", ['<script>alert("x")</script>. <img src=x>'], NOW)
    page = page_of(client, f"/articles/{article.pk}/versions/1/")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<img src=x>" not in page


def test_the_harbour_story_versions_all_render(client, db):
    article = harbour_story(make_source())
    for number in range(1, article.version_count + 1):
        assert "p1s1" in page_of(client, f"/articles/{article.pk}/versions/{number}/")
