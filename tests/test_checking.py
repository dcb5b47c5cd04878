"""The check pipeline against the local news site over real HTTP."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Article, Check

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUG = "harbour-bridge-closure"


def check(article, now=NOW):
    return check_article(article.pk, Fetcher(), now=now)


def test_first_check_stores_version_one(track, newsroom):
    article = track(SLUG)
    result = check(article)
    assert result.outcome == Check.Outcome.NEW_VERSION
    article.refresh_from_db()
    version = article.latest_version()
    story = newsroom.story(SLUG)
    assert version.number == 1
    assert version.title == story.title
    assert version.byline == "Mara Lindqvist, transport correspondent"
    assert version.text == "\n\n".join(story.paragraphs)
    assert version.published_at == story.published_at
    assert version.raw_html().startswith(b"<!DOCTYPE html>")
    assert (article.version_count, article.change_count) == (1, 0)
    assert article.title == story.title
    assert article.last_changed_at == NOW
    assert article.etag == f'"{SLUG}-1"'
    assert article.next_check_at == NOW + timedelta(minutes=15)


def test_same_bytes_are_unchanged_and_not_extracted(track, newsroom):
    newsroom.conditional_get = False
    article = track(SLUG)
    check(article)
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.UNCHANGED
    assert article.versions.count() == 1


def test_a_304_is_not_modified(track, newsroom):
    article = track(SLUG)
    check(article)
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NOT_MODIFIED
    assert result.http_status == 304
    sent = newsroom.request_headers[newsroom.story(SLUG).path]
    assert sent["If-None-Match"] == f'"{SLUG}-1"'


def test_new_bytes_with_the_same_text_are_unchanged(track, newsroom):
    article = track(SLUG)
    check(article)
    # Another story's headline changes the "most read" box, not this article.
    newsroom.edit("library-opening-hours", title="A different headline elsewhere")
    newsroom.edit(SLUG)  # new revision: new ETag, same text
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.UNCHANGED
    assert article.versions.count() == 1


def test_a_whitespace_and_case_change_is_stored_as_boring(track, newsroom):
    article = track(SLUG)
    check(article)
    story = newsroom.story(SLUG)
    paragraphs = list(story.paragraphs)
    paragraphs[1] = paragraphs[1].upper().replace(",", "")
    newsroom.edit(SLUG, paragraphs=paragraphs)
    later = NOW + timedelta(minutes=15)
    result = check(article, later)
    assert result.outcome == Check.Outcome.BORING
    article.refresh_from_db()
    assert article.latest_version().is_boring
    assert article.last_changed_at == NOW  # a boring change never bumps it
    assert (article.version_count, article.change_count) == (2, 0)


def test_a_real_change_counts_exact_characters(track, newsroom):
    article = track(SLUG)
    check(article)
    story = newsroom.story(SLUG)
    paragraphs = [p.replace("six weeks", "eight weeks") for p in story.paragraphs]
    paragraphs.append("Update: the council has published a map of diversions.")
    newsroom.edit(SLUG, paragraphs=paragraphs)
    later = NOW + timedelta(minutes=15)
    result = check(article, later)
    assert result.outcome == Check.Outcome.NEW_VERSION
    version = result.version
    assert version.number == 2
    # What the comparison highlights: the word, and the paragraph (not the
    # blank line between paragraphs, which no reader sees as text).
    assert version.chars_added == len("eight") + len(
        "Update: the council has published a map of diversions."
    )
    assert version.chars_removed == len("six")
    article.refresh_from_db()
    assert article.last_changed_at == later
    assert (article.version_count, article.change_count) == (2, 1)


def test_a_headline_change_alone_is_a_new_version(track, newsroom):
    article = track(SLUG)
    check(article)
    newsroom.edit(SLUG, title="Harbour bridge closure delayed by a week")
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert result.version.title == "Harbour bridge closure delayed by a week"
    assert (result.version.chars_added, result.version.chars_removed) == (0, 0)


def test_text_that_goes_back_links_to_the_earlier_version(track, newsroom):
    article = track(SLUG)
    first = check(article).version
    original = list(newsroom.story(SLUG).paragraphs)
    newsroom.edit(SLUG, paragraphs=[*original, "A paragraph that will be withdrawn."])
    check(article, NOW + timedelta(minutes=15))
    newsroom.edit(SLUG, paragraphs=original)
    third = check(article, NOW + timedelta(minutes=30)).version
    assert third.number == 3
    assert third.reverts_to == first
    assert not third.is_boring


def test_three_404s_in_a_row_make_an_article_gone(track, newsroom):
    article = track(SLUG)
    check(article)
    newsroom.remove(SLUG)
    for minutes in (15, 30):
        result = check(article, NOW + timedelta(minutes=minutes))
        assert result.outcome == Check.Outcome.ERROR
        assert result.http_status == 404
        article.refresh_from_db()
        assert article.state != Article.State.GONE
    check(article, NOW + timedelta(minutes=60))
    article.refresh_from_db()
    assert article.state == Article.State.GONE
    assert not Article.objects.due(NOW + timedelta(days=100)).filter(pk=article.pk).exists()


def test_a_410_counts_as_missing_too(track, newsroom):
    article = track(SLUG)
    newsroom.answer(newsroom.story(SLUG).path, status=410, body="gone")
    for minutes in (0, 15, 30):
        check(article, NOW + timedelta(minutes=minutes))
    article.refresh_from_db()
    assert article.state == Article.State.GONE


def test_failures_back_off_and_mark_the_article_failing(track, newsroom, settings):
    settings.NEWSDIFFS_RETRIES = 0
    article = track(SLUG)
    newsroom.answer(newsroom.story(SLUG).path, status=503, body="busy")
    delays = []
    now = NOW
    for _ in range(4):
        result = check(article, now)
        assert result.outcome == Check.Outcome.ERROR
        assert "503" in result.message
        article.refresh_from_db()
        delays.append(article.next_check_at - now)
        now = article.next_check_at
    assert delays == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    assert article.state == Article.State.FAILING
    assert article.consecutive_failures == 4


def test_a_success_after_failures_resets_the_article(track, newsroom, settings):
    settings.NEWSDIFFS_RETRIES = 0
    article = track(SLUG)
    newsroom.answer(newsroom.story(SLUG).path, status=500, body="oops", times=3)
    for minutes in (0, 15, 45):
        check(article, NOW + timedelta(minutes=minutes))
    result = check(article, NOW + timedelta(hours=2))
    assert result.outcome == Check.Outcome.NEW_VERSION
    article.refresh_from_db()
    assert (article.state, article.consecutive_failures) == (Article.State.ACTIVE, 0)


def test_an_article_unchanged_for_forty_days_stops(track, newsroom):
    article = track(SLUG)
    check(article)
    check(article, NOW + timedelta(days=39, hours=23))
    article.refresh_from_db()
    assert article.state == Article.State.ACTIVE
    check(article, NOW + timedelta(days=40))
    article.refresh_from_db()
    assert article.state == Article.State.STOPPED


def test_the_source_can_stop_articles_sooner_and_slow_checks_down(track, courier):
    courier.stop_after_days = 2
    courier.min_check_interval_minutes = 60
    courier.save()
    article = track(SLUG)
    check(article)
    article.refresh_from_db()
    assert article.next_check_at == NOW + timedelta(minutes=60)
    check(article, NOW + timedelta(days=2))
    article.refresh_from_db()
    assert article.state == Article.State.STOPPED


def test_a_page_with_no_article_is_a_recorded_error(track, newsroom):
    article = track(SLUG)
    newsroom.answer(newsroom.story(SLUG).path, status=200, body="<html><body></body></html>")
    result = check(article)
    assert result.outcome == Check.Outcome.ERROR
    assert result.message.startswith("could not extract the article")
    assert article.versions.count() == 0


def test_a_refused_fetch_is_recorded_as_refused(track, newsroom):
    newsroom.robots_txt = "User-agent: *\nDisallow: /news/\n"
    article = track(SLUG)
    result = check(article)
    assert result.outcome == Check.Outcome.REFUSED
    assert "robots.txt" in result.message


def test_a_suspiciously_short_text_is_not_archived(track, newsroom, settings):
    settings.NEWSDIFFS_SUSPICIOUS_RECHECK_MINUTES = 10
    article = track(SLUG)
    check(article)
    newsroom.edit(SLUG, paragraphs=["Subscribe to keep reading this article."])
    result = check(article, NOW + timedelta(hours=5))
    assert result.outcome == Check.Outcome.SUSPICIOUS
    assert result.message
    assert article.versions.count() == 1
    article.refresh_from_db()
    assert article.next_check_at <= NOW + timedelta(hours=5, minutes=10)
    # The ten minutes of the setting, not the hour the schedule gives a five-hour-old change.
    assert article.next_check_at == NOW + timedelta(hours=5, minutes=10)
    assert article.consecutive_suspicious == 1


def test_the_diff_of_a_new_version_is_computed_once_committed(
    track, newsroom, django_capture_on_commit_callbacks
):
    from articles.models import VersionDiff

    article = track(SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        check(article)
    newsroom.edit(SLUG, title="Harbour bridge closure delayed")
    with django_capture_on_commit_callbacks(execute=True):
        new = check(article, NOW + timedelta(minutes=15)).version
    stored = VersionDiff.objects.get(new_version=new)
    assert stored.old_version.number == 1


def test_an_empty_page_for_a_known_article_is_suspicious_not_an_error(track, newsroom):
    article = track(SLUG)
    check(article)
    path = newsroom.story(SLUG).path
    newsroom.answer(path, body="<html><body><p>Please wait.</p></body></html>", times=1)
    result = check(article, NOW + timedelta(hours=5))
    assert result.outcome == Check.Outcome.SUSPICIOUS
    assert "no article text" in result.message
    article.refresh_from_db()
    assert article.state == Article.State.ACTIVE
    assert article.consecutive_failures == 0


def test_after_a_wall_page_the_returning_article_is_unchanged(track, newsroom):
    article = track(SLUG)
    check(article)
    path = newsroom.story(SLUG).path
    wall = "<html><body><article><p>Subscribe to read this story.</p></article></body></html>"
    newsroom.answer(path, body=wall, headers={"ETag": '"wall"'}, times=1)
    assert check(article, NOW + timedelta(hours=5)).outcome == Check.Outcome.SUSPICIOUS
    article.refresh_from_db()
    assert article.etag == f'"{SLUG}-1"'  # the wall's validators are not kept
    result = check(article, NOW + timedelta(hours=6))
    assert result.outcome == Check.Outcome.NOT_MODIFIED
    assert article.versions.count() == 1


def test_a_story_trimmed_for_good_is_archived_once_confirmed(track, newsroom, settings):
    settings.NEWSDIFFS_SHRINK_CONFIRMATIONS = 3
    article = track(SLUG)
    check(article)
    kept = newsroom.story(SLUG).paragraphs[:2]
    newsroom.edit(SLUG, paragraphs=kept)
    outcomes = [check(article, NOW + timedelta(hours=h)).outcome for h in (5, 6, 7)]
    assert outcomes == [
        Check.Outcome.SUSPICIOUS,
        Check.Outcome.SUSPICIOUS,
        Check.Outcome.NEW_VERSION,
    ]
    assert article.latest_version().text == "\n\n".join(kept)


def test_a_wall_that_stays_up_is_never_archived(track, newsroom, settings):
    settings.NEWSDIFFS_SHRINK_CONFIRMATIONS = 3
    article = track(SLUG)
    check(article)
    wall = (
        "<html><body><article><h1>Harbour bridge</h1><p>The harbour bridge will close.</p>"
        "<p>Subscribe to continue reading this article.</p></article></body></html>"
    )
    newsroom.answer(newsroom.story(SLUG).path, body=wall)
    outcomes = {check(article, NOW + timedelta(hours=h)).outcome for h in range(5, 10)}
    assert outcomes == {Check.Outcome.SUSPICIOUS}
    assert article.versions.count() == 1


def test_no_diff_runs_while_the_article_row_is_locked(track, newsroom, monkeypatch):
    from django.db import connection

    from articles.comparison import diffing

    article = track(SLUG)
    check(article)
    compare = diffing.compare
    depths = []

    def watching(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return compare(*args, **kwargs)

    monkeypatch.setattr(diffing, "compare", watching)
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, "A paragraph added later."])
    outside = len(connection.atomic_blocks)  # the test's own transaction
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert depths == [outside]  # diffed once, in no transaction of the check's
    assert result.version.chars_added == len("A paragraph added later.")


def test_a_version_stored_by_another_worker_meanwhile_is_diffed_against(
    track, newsroom, monkeypatch
):
    from articles.comparison import diffing
    from articles.models import Version

    article = track(SLUG)
    first = check(article).version
    compare = diffing.compare
    calls = []

    def other_worker_saves_first(old, new):
        calls.append(len(old))
        if len(calls) == 1:  # while this check diffs, another stores a version
            Version.objects.create(
                article=article,
                number=2,
                title=first.title,
                byline=first.byline,
                lead_image_url=first.lead_image_url,
                text=first.text + "\n\nSaved by the other worker.",
                text_hash="other",
            )
        return compare(old, new)

    monkeypatch.setattr(diffing, "compare", other_worker_saves_first)
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, "Seen by this worker."])
    result = check(article, NOW + timedelta(minutes=15))
    assert result.outcome == Check.Outcome.NEW_VERSION
    assert result.version.number == 3
    assert calls == [len(first.paragraphs()), len(first.paragraphs()) + 1]
    # Sized against the version the other worker stored, not the first one.
    assert (result.version.chars_added, result.version.chars_removed) == (
        len("Seen by this worker."),
        len("Saved by the other worker."),
    )
