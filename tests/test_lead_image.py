"""The lead image: extracted, kept on each version, a change of its own, shown everywhere."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from articles import content
from articles.checking.check import check_article
from articles.content import Content
from articles.extraction import extract
from articles.extraction.images import canonical_image_url
from articles.fetching import Fetcher
from articles.models import Check, Version
from tests.reader_data import add_version, make_article, make_source

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUG = "harbour-bridge-closure"
BODY = "<p>" + "The council said the bridge will close for repairs next week. " * 3 + "</p>"


def page(head="", body=""):
    head = f"<head><title>T</title>{head}</head>"
    return f"<html>{head}<body><article>{body}{BODY}</article></body></html>"


def lead_image(html, url="https://news.example/world/story"):
    return extract(html, url=url).lead_image_url


def test_og_image_is_made_absolute_and_canonical():
    html = page('<meta property="og:image" content="/img/a.jpg?utm_source=fb#top">')
    assert lead_image(html) == "https://news.example/img/a.jpg"


def test_og_image_comes_before_twitter_json_ld_and_figures():
    head = (
        '<meta name="twitter:image" content="https://cdn.example/t.jpg">'
        '<meta property="og:image" content="https://cdn.example/og.jpg">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "image": "https://cdn.example/ld.jpg"}</script>'
    )
    figure = '<figure><img src="https://cdn.example/fig.jpg"></figure>'
    assert lead_image(page(head, figure)) == "https://cdn.example/og.jpg"


@pytest.mark.parametrize(
    "image",
    [
        '"https://cdn.example/ld.jpg"',
        '{"@type": "ImageObject", "url": "https://cdn.example/ld.jpg"}',
        '[{"@type": "ImageObject", "contentUrl": "https://cdn.example/ld.jpg"}, "https://cdn.example/2.jpg"]',
    ],
)
def test_json_ld_image_in_any_of_its_shapes(image):
    head = (
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "image": {image}}}</script>'
    )
    assert lead_image(page(head)) == "https://cdn.example/ld.jpg"


def test_without_metadata_the_first_figure_of_the_article_leads():
    body = (
        '<figure><img src="data:image/gif;base64,R0lGOD" data-src="/photos/lazy.jpg"></figure>'
        '<figure><img src="/photos/second.jpg"></figure>'
    )
    header = '<header><img src="/logo.png"></header>'
    html = f"<html><body>{header}<article>{body}{BODY}</article></body></html>"
    assert lead_image(html) == "https://news.example/photos/lazy.jpg"


def test_srcset_gives_its_first_candidate():
    body = '<figure><img srcset="/p/small.jpg 320w, /p/big.jpg 1200w"></figure>'
    assert lead_image(page(body=body)) == "https://news.example/p/small.jpg"


def test_a_page_without_a_picture_has_none():
    assert lead_image(page(body="<img src='/pixel.gif'>")) == ""


@pytest.mark.parametrize(
    "raw", ["", "   ", "data:image/png;base64,AAAA", "javascript:alert(1)", "ftp://x.example/a.jpg"]
)
def test_unusable_references_are_no_image(raw):
    assert canonical_image_url(raw, "https://news.example/") == ""


def test_an_overlong_image_url_is_no_image():
    assert canonical_image_url("https://cdn.example/" + "a" * 2100) == ""


def test_image_identity_ignores_presentation_parameters_but_not_the_picture():
    same = ("https://cdn.example/p/1.jpg?w=1200&ts=5", "https://CDN.example/p/1.jpg?width=640&ts=9")
    assert content.image_identity(same[0]) == content.image_identity(same[1])
    assert content.image_identity("https://cdn.example/p/1.jpg") != content.image_identity(
        "https://cdn.example/p/2.jpg"
    )
    assert content.image_identity("https://cdn.example/i.php?id=1") != content.image_identity(
        "https://cdn.example/i.php?id=2"
    )


def test_a_new_picture_alone_is_a_change_and_never_boring():
    old = Content(title="T", text="Same words.", lead_image_url="https://cdn.example/1.jpg")
    new = Content(title="T", text="Same words.", lead_image_url="https://cdn.example/2.jpg")
    assert content.changed_fields(old, new) == ["lead_image_url"]
    assert not content.is_same(old, new)
    assert not content.is_boring_change(old, new)


def test_an_unrecorded_picture_neither_differs_nor_matches():
    old = Content(title="T", text="Same words.", lead_image_url=None)
    new = Content(title="T", text="Same words.", lead_image_url="https://cdn.example/2.jpg")
    assert content.is_same(old, new)


# The pipeline, over real HTTP.


def check(article, now):
    return check_article(article.pk, Fetcher(), now=now)


@pytest.mark.django_db
def test_a_swapped_photo_makes_a_new_version(track, newsroom):
    article = track(SLUG)
    first = check(article, NOW).version
    assert first.lead_image_url == newsroom.url(f"/images/{SLUG}-1.svg?ts=1&w=1200")
    newsroom.edit(SLUG, photo=2)
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert result.version.lead_image_url == newsroom.url(f"/images/{SLUG}-2.svg?ts=2&w=1200")
    assert result.version.text == first.text
    assert not result.version.is_boring


@pytest.mark.django_db
def test_a_new_cache_busting_stamp_on_the_same_photo_is_no_change(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, byline=story.byline)  # a new revision: og:image's ts= changes
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.UNCHANGED
    assert article.versions.count() == 1


@pytest.mark.django_db
def test_versions_from_before_lead_images_do_not_all_change_at_once(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    Version.objects.filter(article=article).update(lead_image_url=None, raw_body_hash="")
    article.refresh_from_db()
    article.last_body_hash = ""
    article.save()
    newsroom.conditional_get = False
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.UNCHANGED


# Where readers see it.


@pytest.fixture
def pictured(db):
    article = make_article(make_source())
    paragraphs = ["The bridge will close on Monday.", "Drivers should use the ring road."]
    add_version(
        article, "Bridge to close", paragraphs, NOW, lead_image_url="https://cdn.example/a.jpg"
    )
    add_version(
        article,
        "Bridge to close",
        paragraphs,
        NOW + timedelta(hours=1),
        lead_image_url="https://cdn.example/b.jpg",
    )
    return article


@pytest.mark.django_db
def test_the_history_shows_each_new_picture_lazily_without_a_referrer(client, pictured):
    html = client.get(f"/articles/{pictured.pk}/").content.decode()
    for name in ("a", "b"):
        assert f'<img src="https://cdn.example/{name}.jpg"' in html
    assert html.count('referrerpolicy="no-referrer"') == 2
    assert html.count('loading="lazy"') == 2
    assert "lead image changed" in html


@pytest.mark.django_db
def test_the_comparison_has_a_lead_image_row_with_both_pictures(client, pictured):
    html = client.get(f"/articles/{pictured.pk}/diff/1/2/").content.decode()
    row = html[html.index('id="lead-image"') :]
    row = row[: row.index("</tr>")]
    assert "Lead image" in row
    assert 'src="https://cdn.example/a.jpg"' in row
    assert 'src="https://cdn.example/b.jpg"' in row
    assert row.count('referrerpolicy="no-referrer"') == 4  # both layouts
    assert "only the details above it changed" in html


@pytest.mark.django_db
def test_no_lead_image_row_when_the_picture_did_not_change(client, db):
    article = make_article(make_source())
    add_version(article, "A", ["One text here."], NOW, lead_image_url="https://cdn.example/a.jpg")
    add_version(
        article,
        "A",
        ["Another text here."],
        NOW + timedelta(hours=1),
        lead_image_url="https://cdn.example/a.jpg?w=9",
    )
    html = client.get(f"/articles/{article.pk}/diff/1/2/").content.decode()
    assert 'id="lead-image"' not in html


@pytest.mark.django_db
def test_the_api_gives_each_versions_lead_image_and_the_change(client, pictured):
    versions = client.get(f"/api/articles/{pictured.pk}/").json()["versions"]
    assert [v["lead_image_url"] for v in versions] == [
        "https://cdn.example/a.jpg",
        "https://cdn.example/b.jpg",
    ]
    diff = client.get(f"/api/articles/{pictured.pk}/diff/1/2/").json()
    assert diff["lead_image"] == {
        "old": "https://cdn.example/a.jpg",
        "new": "https://cdn.example/b.jpg",
        "changed": True,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_feeds_say_the_picture_changed_and_enclose_it(client, pictured, kind):
    feed = feedparser.parse(client.get(f"/articles/{pictured.pk}/changes.{kind}").content)
    entry = feed.entries[0]
    assert entry.summary.endswith("lead image changed")
    assert [e.href for e in entry.enclosures] == ["https://cdn.example/b.jpg"]
    assert entry.enclosures[0].type == "image/jpeg"
