"""A collapsed fetch (paywall, consent wall, error page served with 200, teaser)
is recorded as suspicious, not archived, and the article is re-checked sooner."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Check

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=5)
SLUG = "harbour-bridge-closure"


def shell(body_html, title="Harbour bridge to close for six weeks of repairs"):
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title} | The Local Courier</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a></nav></header>
<main><article><h1>{title}</h1><div class="article-body">{body_html}</div></article></main>
<footer><p>The Local Courier</p></footer></body></html>"""


def first_paragraph(newsroom):
    return newsroom.story(SLUG).paragraphs[0]


PAYWALL = "paywall"
CONSENT = "consent"
ERROR = "error"
TEASER = "teaser"


def collapsed_page(kind, newsroom):
    if kind == PAYWALL:
        return shell(
            f"<p>{first_paragraph(newsroom)}</p>"
            "<div class='paywall'><p>Subscribe to continue reading. Already a subscriber? "
            "Log in to read the full story.</p></div>"
        )
    if kind == CONSENT:
        return shell(
            "<p>We use cookies to give you the best experience on our site and to show you "
            "relevant adverts. Accept all cookies or manage your consent preferences.</p>",
            title="Before you continue",
        )
    if kind == ERROR:
        return shell(
            "<p>Something went wrong on our side. Our engineers have been told and are "
            "looking into it. Please try again in a few minutes.</p>",
            title="Error",
        )
    return shell(f"<p>{first_paragraph(newsroom)}</p>")


def check(article, now):
    return check_article(article.pk, Fetcher(), now=now)


@pytest.mark.parametrize("kind", [PAYWALL, CONSENT, ERROR, TEASER])
def test_a_collapsed_page_is_suspicious_and_not_archived(kind, track, newsroom, settings):
    settings.NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES = 10
    article = track(SLUG)
    assert check(article, NOW).outcome == Check.Outcome.NEW_VERSION
    newsroom.answer(newsroom.story(SLUG).path, status=200, body=collapsed_page(kind, newsroom))
    result = check(article, LATER)
    assert result.outcome == Check.Outcome.SUSPICIOUS
    assert "shrank from" in result.message
    assert result.http_status == 200
    assert article.versions.count() == 1
    article.refresh_from_db()
    assert article.version_count == 1
    # Sooner than the schedule's interval after a five-hour-old change (one hour).
    assert article.next_check_at < LATER + timedelta(hours=1)
    assert article.next_check_at == LATER + timedelta(minutes=10)


def test_the_reason_names_the_wall(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    newsroom.answer(newsroom.story(SLUG).path, status=200, body=collapsed_page(PAYWALL, newsroom))
    assert "paywall" in check(article, LATER).message


def test_a_teaser_is_called_a_teaser(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    newsroom.answer(newsroom.story(SLUG).path, status=200, body=collapsed_page(TEASER, newsroom))
    assert "teaser" in check(article, LATER).message


def test_the_full_page_coming_back_makes_no_version(track, newsroom):
    newsroom.conditional_get = False
    article = track(SLUG)
    check(article, NOW)
    path = newsroom.story(SLUG).path
    newsroom.answer(path, status=200, body=collapsed_page(PAYWALL, newsroom), times=1)
    assert check(article, LATER).outcome == Check.Outcome.SUSPICIOUS
    result = check(article, LATER + timedelta(minutes=30))
    assert result.outcome == Check.Outcome.UNCHANGED
    assert article.versions.count() == 1


def test_the_same_collapsed_bytes_are_judged_again_not_skipped(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    newsroom.answer(newsroom.story(SLUG).path, status=200, body=collapsed_page(ERROR, newsroom))
    check(article, LATER)
    again = check(article, LATER + timedelta(minutes=30))
    assert again.outcome == Check.Outcome.SUSPICIOUS
    assert article.versions.count() == 1


def test_a_real_shorter_version_is_still_archived(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=story.paragraphs[:-1])
    result = check(article, LATER)
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert article.versions.count() == 2
