"""Edit labels through the real check: stored with the version, never a cause of failure."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.checking.check import check_article
from articles.comparison import labels
from articles.fetching import Fetcher
from articles.models import Check, VersionLabel

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUG = "harbour-bridge-closure"


def check(article, now):
    return check_article(article.pk, Fetcher(), now=now)


def edit_silently(newsroom, **changes):
    """Edit the story the way a site that stamps nothing does: dateModified unchanged."""
    stamp = newsroom.story(SLUG).updated_at
    story = newsroom.edit(SLUG, **changes)
    story.updated_at = stamp


def test_a_figure_changed_silently_is_stored_with_both_labels(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    paragraphs = [p.replace("six weeks", "nine weeks") for p in newsroom.story(SLUG).paragraphs]
    edit_silently(newsroom, paragraphs=paragraphs)
    result = check(article, NOW + timedelta(minutes=15))
    version = article.latest_version()
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert version.label_slugs() == ["silent-change", "numbers-changed"]
    assert version.label_details["numbers-changed"] == {"pairs": [["six", "nine"]]}
    stored = VersionLabel.objects.filter(version=version).values_list("slug", flat=True)
    assert sorted(stored) == ["numbers-changed", "silent-change"]
    assert version.modified_at == newsroom.story(SLUG).updated_at


def test_a_change_the_page_stamps_is_not_silent(track, newsroom):
    article = track(SLUG)
    check(article, NOW)
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, "The ferry will run every 20 minutes."])
    check(article, NOW + timedelta(minutes=15))
    assert article.latest_version().label_slugs() == ["story-developing"]


def test_a_failing_rule_costs_its_label_and_the_check_log_says_so(track, newsroom, monkeypatch):
    def broken(edit):
        raise RuntimeError("a labeller bug")

    monkeypatch.setitem(labels.RULES, "numbers-changed", broken)
    article = track(SLUG)
    check(article, NOW)
    paragraphs = [p.replace("six weeks", "nine weeks") for p in newsroom.story(SLUG).paragraphs]
    edit_silently(newsroom, paragraphs=paragraphs)
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert article.latest_version().label_slugs() == ["silent-change"]
    assert "numbers-changed: RuntimeError: a labeller bug" in result.message


def test_a_labeller_that_cannot_start_stores_the_version_without_labels(
    track, newsroom, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValueError("no edit")

    monkeypatch.setattr(labels, "Edit", broken)
    article = track(SLUG)
    check(article, NOW)
    newsroom.edit(SLUG, title="Harbour bridge closure delayed")
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert article.latest_version().label_details == {}
    assert not VersionLabel.objects.exists()
    assert "all labels: ValueError: no edit" in result.message


def _serve_headline(newsroom, title):
    newsroom.edit(SLUG, title=title)


def test_a_headline_test_is_labelled_and_the_article_is_then_checked_sooner(
    track, newsroom, settings
):
    settings.NEWSDIFFS_HEADLINE_TEST_RECHECK_MINUTES = 5
    article = track(SLUG)
    first = newsroom.story(SLUG).title
    check(article, NOW)
    _serve_headline(newsroom, "Bridge shut for repairs: what drivers need to know")
    check(article, NOW + timedelta(minutes=15))
    article.refresh_from_db()
    assert article.next_check_at == NOW + timedelta(minutes=30)  # the ordinary 15 minutes
    _serve_headline(newsroom, first)
    check(article, NOW + timedelta(minutes=30))
    version = article.latest_version()
    variants = version.label_details["headline-test"]["variants"]
    assert [v["title"] for v in variants][:2] == [
        first,
        "Bridge shut for repairs: what drivers need to know",
    ]
    assert [v["served_seconds"] for v in variants][:2] == [15 * 60, 15 * 60]
    article.refresh_from_db()
    assert article.headline_test_at == NOW + timedelta(minutes=30)
    assert article.next_check_at == NOW + timedelta(minutes=35)


def test_a_headline_test_never_checks_faster_than_the_source_allows(track, newsroom, settings):
    settings.NEWSDIFFS_HEADLINE_TEST_RECHECK_MINUTES = 5
    article = track(SLUG)
    article.source.min_check_interval_minutes = 10
    article.source.save()
    first = newsroom.story(SLUG).title
    check(article, NOW)
    _serve_headline(newsroom, "Bridge shut for repairs")
    check(article, NOW + timedelta(minutes=15))
    _serve_headline(newsroom, first)
    check(article, NOW + timedelta(minutes=30))
    article.refresh_from_db()
    assert article.headline_test_at is not None
    assert article.next_check_at == NOW + timedelta(minutes=40)


def test_an_old_article_that_once_tested_headlines_goes_back_to_the_ordinary_schedule(
    track, settings
):
    settings.NEWSDIFFS_HEADLINE_TEST_WATCH_HOURS = 24
    article = track(SLUG)
    article.first_seen_at = NOW - timedelta(days=3)
    article.headline_test_at = NOW - timedelta(days=3)
    assert not article.is_watching_headline_test(NOW)
    article.first_seen_at = NOW - timedelta(hours=2)
    assert article.is_watching_headline_test(NOW)


def test_the_admin_shows_a_versions_labels_and_filters_by_them(track, newsroom, admin_client):
    article = track(SLUG)
    check(article, NOW)
    paragraphs = [p.replace("six weeks", "nine weeks") for p in newsroom.story(SLUG).paragraphs]
    edit_silently(newsroom, paragraphs=paragraphs)
    check(article, NOW + timedelta(minutes=15))
    version = article.latest_version()
    page = admin_client.get(f"/admin/articles/version/{version.pk}/change/").content.decode()
    assert "<strong>numbers changed</strong> six → nine" in page
    listed = admin_client.get("/admin/articles/version/?labels__slug=numbers-changed")
    assert listed.status_code == 200
    assert listed.context["cl"].result_count == 1
