"""Each comparison's share card: the PNG, its cache, and the tags that point at it."""

import html
import io
import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from PIL import Image

from articles.comparison import stored
from articles.reader import cards
from tests.reader_data import NOW, add_version, harbour_story, make_article, make_source


@pytest.fixture
def harbour(db):
    return harbour_story(make_source())


def card_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return response


def colours(png):
    return {colour for _, colour in Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 20)}


def rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def meta(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    assert found, name
    return html.unescape(found.group(1))


def test_the_card_is_a_png_of_the_stated_size(client, harbour):
    png = card_of(client, f"/articles/{harbour.pk}/diff/1/2/card.png").content
    image = Image.open(io.BytesIO(png))
    assert (
        (image.format, image.size) == ("PNG", (cards.WIDTH, cards.HEIGHT)) == ("PNG", (1200, 630))
    )


def test_the_card_marks_deletions_in_red_and_insertions_in_green(client, harbour):
    # Version 1 to 2 inserts "urgent " in the first sentence; 2 to 3 changes words both ways.
    inserted = colours(card_of(client, f"/articles/{harbour.pk}/diff/1/2/card.png").content)
    assert rgb(cards.CHANGE_COLOURS["insert"][0]) in inserted
    assert rgb(cards.CHANGE_COLOURS["delete"][0]) not in inserted
    article = make_article(make_source("other"), "/news/cut")
    add_version(article, "Cut", ["It cost five pounds. Kept."], NOW)
    add_version(article, "Cut", ["It cost seven pounds. Kept."], NOW + timedelta(hours=1))
    both = colours(card_of(client, f"/articles/{article.pk}/diff/1/2/card.png").content)
    assert rgb(cards.CHANGE_COLOURS["insert"][0]) in both
    assert rgb(cards.CHANGE_COLOURS["delete"][0]) in both


def test_the_comparison_page_has_open_graph_and_twitter_tags_for_its_card(client, harbour):
    page = client.get(f"/articles/{harbour.pk}/diff/1/2/").content.decode()
    card_url = f"http://testserver/articles/{harbour.pk}/diff/1/2/card.png"
    assert meta(page, "property", "og:image") == card_url
    assert meta(page, "name", "twitter:image") == card_url
    assert meta(page, "name", "twitter:card") == "summary_large_image"
    assert meta(page, "property", "og:url") == f"http://testserver/articles/{harbour.pk}/diff/1/2/"
    assert meta(page, "property", "og:title") == (
        "Changes to “Harbour bridge to close for six weeks”, version 1 to 2"
    )
    alt = meta(page, "name", "twitter:image:alt")
    assert alt == meta(page, "property", "og:image:alt") == meta(page, "property", "og:description")
    assert alt == (
        "Harbour bridge to close for six weeks — The harbour bridge will close for"
        " [added: urgent] repairs on Monday, the council said."
    )
    assert client.get(card_url).status_code == 200


def test_the_alt_text_has_the_words_the_card_shows(client, harbour):
    v1, v2 = harbour.versions.order_by("number")[:2]
    card = cards.CardText.of(stored.compare_versions(v1, v2), harbour)
    shown = " ".join(text for line in card.headline + card.sentence for _, text in line)
    spoken = card.alt.replace("[added: ", "").replace("]", "").replace(" —", "")
    assert spoken.split() == shown.split()


def test_the_card_is_drawn_once_then_served_from_the_cache(client, harbour):
    url = f"/articles/{harbour.pk}/diff/1/2/card.png"
    first = card_of(client, url)
    v1, v2 = harbour.versions.order_by("number")[:2]
    key = cards.cache_key(v1.pk, v2.pk)
    assert cache.get(key) == first.content
    # What the cache holds is what is served: a stand-in image proves it is read.
    other = io.BytesIO()
    Image.new("RGB", (cards.WIDTH, cards.HEIGHT), "#000000").save(other, "PNG")
    cache.set(key, other.getvalue())
    assert card_of(client, url).content == other.getvalue()


def test_the_card_may_be_kept_long_by_browsers_and_caches(client, harbour, settings):
    response = card_of(client, f"/articles/{harbour.pk}/diff/1/2/card.png")
    assert response["Cache-Control"] == (
        f"public, max-age={settings.NEWSDIFFS_DIFF_CACHE_SECONDS}, immutable"
    )


@pytest.mark.parametrize("pair", ["2/1", "2/2", "1/9"])
def test_a_card_for_no_such_pair_is_404(client, harbour, pair):
    assert client.get(f"/articles/{harbour.pk}/diff/{pair}/card.png").status_code == 404


def test_a_long_headline_and_a_200000_character_word_are_cut_quickly(client, db):
    article = make_article(make_source(), "/news/huge")
    headline = "A very long headline about the harbour bridge " * 20
    add_version(article, headline, ["Short start."], NOW)
    add_version(article, headline, ["Short start. " + "x" * 200_000], NOW + timedelta(hours=1))
    started = time.process_time()
    png = card_of(client, f"/articles/{article.pk}/diff/1/2/card.png").content
    assert time.process_time() - started < 5.0
    assert Image.open(io.BytesIO(png)).size == (1200, 630)
    page = client.get(f"/articles/{article.pk}/diff/1/2/").content.decode()
    alt = meta(page, "name", "twitter:image:alt")
    assert alt.count("…") == 2  # headline and sentence each cut
    assert len(alt) < 1000


def test_an_article_without_a_headline_is_carded_by_its_address(client, db):
    article = make_article(make_source(), "/news/untitled")
    add_version(article, "", ["One day."], NOW)
    add_version(article, "", ["One more day."], NOW + timedelta(hours=1))
    page = client.get(f"/articles/{article.pk}/diff/1/2/").content.decode()
    assert meta(page, "name", "twitter:image:alt") == f"{article.url} — One [added: more] day."


def test_hostile_text_stays_text_in_the_tags(client, db):
    article = make_article(make_source(), "/news/hostile")
    hostile = '"><script>alert(1)</script>'
    add_version(article, hostile, ["Calm."], NOW)
    add_version(article, hostile, ["Calm. " + hostile], NOW + timedelta(hours=1))
    page = client.get(f"/articles/{article.pk}/diff/1/2/").content.decode()
    assert "<script>alert(1)" not in page
    assert hostile in meta(page, "name", "twitter:image:alt")
