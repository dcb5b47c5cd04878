"""The article, version and check-log admins: find, act, take down, mark boring."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Check, Version

ARTICLES = "/admin/articles/article/"
VERSIONS = "/admin/articles/version/"
CHECKS = "/admin/articles/check/"


@pytest.fixture(autouse=True)
def _admin_test_settings(settings):
    # admin_client creates a superuser; the default hasher costs ~0.7 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs the actions enqueue run in-process, so a test sees their effect.
    settings.REDIS_URL = ""


def add_version(article, number, text, is_boring=False, hours_ago=0):
    version = Version.objects.create(
        article=article,
        number=number,
        archived_at=timezone.now() - timedelta(hours=hours_ago),
        title=f"Harbour story, take {number}",
        text=text,
        text_hash=f"{article.pk}-{number}",
        is_boring=is_boring,
    )
    article.recount()
    article.save()
    return version


@pytest.fixture
def story(track):
    article = track("harbour-bridge-closure")
    add_version(article, 1, "First text.\n\nSecond paragraph.", hours_ago=3)
    add_version(article, 2, "First text, changed.\n\nSecond paragraph.", hours_ago=2)
    return article


def names(response):
    return [str(obj) for obj in response.context["cl"].result_list]


@pytest.mark.django_db
def test_articles_are_found_by_url_and_by_title(admin_client, story, track):
    track("library-opening-hours")

    by_url = admin_client.get(ARTICLES, {"q": "harbour-bridge"})
    by_title = admin_client.get(ARTICLES, {"q": "story, take 2"})

    assert [a.pk for a in by_url.context["cl"].result_list] == [story.pk]
    assert [a.pk for a in by_title.context["cl"].result_list] == [story.pk]


@pytest.mark.django_db
def test_articles_are_filtered_by_state_source_and_having_changes(admin_client, story, track):
    quiet = track("library-opening-hours")
    Article.objects.filter(pk=quiet.pk).update(state="stopped")

    changed = admin_client.get(ARTICLES, {"has_changes": "yes"}).context["cl"].result_list
    unchanged = admin_client.get(ARTICLES, {"has_changes": "no"}).context["cl"].result_list
    stopped = admin_client.get(ARTICLES, {"state__exact": "stopped"}).context["cl"].result_list
    by_source = admin_client.get(ARTICLES, {"source__id__exact": story.source_id})

    assert [a.pk for a in changed] == [story.pk]
    assert [a.pk for a in unchanged] == [quiet.pk]
    assert [a.pk for a in stopped] == [quiet.pk]
    assert len(by_source.context["cl"].result_list) == 2


@pytest.mark.django_db
def test_the_article_list_links_to_the_public_history(admin_client, story):
    page = admin_client.get(ARTICLES).content.decode()

    assert f'<a href="/articles/{story.pk}/">history</a>' in page


@pytest.mark.django_db
def test_check_now_fetches_the_article(
    admin_client, track, newsroom, django_capture_on_commit_callbacks
):
    article = track("school-meals-trial")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ARTICLES, {"action": "check_now", "_selected_action": [article.pk]}, follow=True
        )

    assert "Enqueued 1 check." in response.content.decode()
    assert newsroom.hits["/news/school-meals-trial"] == 1
    assert article.versions.count() == 1
    assert Check.objects.get(article=article).outcome == "new_version"


@pytest.mark.django_db
def test_stop_and_resume_checking(admin_client, story):
    Article.objects.filter(pk=story.pk).update(consecutive_failures=4, state="failing")

    response = admin_client.post(
        ARTICLES, {"action": "stop_checking", "_selected_action": [story.pk]}, follow=True
    )
    assert "Stopped checking 1 article." in response.content.decode()
    assert "(s)" not in response.content.decode()
    story.refresh_from_db()
    assert story.state == "stopped"

    admin_client.post(ARTICLES, {"action": "resume_checking", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert story.state == "active"
    assert story.consecutive_failures == 0
    assert story.next_check_at <= timezone.now()


@pytest.mark.django_db
def test_hiding_needs_a_reason_and_takes_the_article_down(admin_client, client, story):
    without = admin_client.post(
        ARTICLES, {"action": "hide", "_selected_action": [story.pk], "reason": ""}, follow=True
    )
    story.refresh_from_db()
    assert story.is_hidden is False
    assert "write the reason for the takedown" in without.content.decode()

    admin_client.post(
        ARTICLES,
        {"action": "hide", "_selected_action": [story.pk], "reason": "Court order 12/3"},
    )
    story.refresh_from_db()
    assert (story.is_hidden, story.hidden_reason) == (True, "Court order 12/3")
    assert client.get(f"/articles/{story.pk}/").status_code == 410

    admin_client.post(ARTICLES, {"action": "unhide", "_selected_action": [story.pk]})
    story.refresh_from_db()
    assert (story.is_hidden, story.hidden_reason) == (False, "")
    assert client.get(f"/articles/{story.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_article_page_lists_its_versions(admin_client, story):
    page = admin_client.get(f"{ARTICLES}{story.pk}/change/").content.decode()

    assert "Harbour story, take 2" in page
    assert f"{VERSIONS}{story.versions.get(number=2).pk}/change/" in page
    assert f"?article__id__exact={story.pk}" in page  # its check log


@pytest.mark.django_db
def test_versions_are_read_only_with_their_text_and_a_link_to_the_comparison(admin_client, story):
    second = story.versions.get(number=2)

    page = admin_client.get(f"{VERSIONS}{second.pk}/change/").content.decode()

    assert "First text, changed." in page
    assert f'href="/articles/{story.pk}/diff/1/2/"' in page
    assert 'name="text"' not in page  # shown, not editable
    assert admin_client.get(f"{VERSIONS}add/").status_code == 403
    response = admin_client.post(f"{VERSIONS}{second.pk}/change/", {"text": "rewritten"})
    assert response.status_code == 403
    second.refresh_from_db()
    assert second.text == "First text, changed.\n\nSecond paragraph."


@pytest.mark.django_db
def test_version_text_is_escaped(admin_client, story):
    version = add_version(story, 3, "<script>alert(1)</script>")

    page = admin_client.get(f"{VERSIONS}{version.pk}/change/").content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_marking_boring_updates_the_articles_counts_and_feed(admin_client, client, story):
    second = story.versions.get(number=2)
    assert story.change_count == 1
    assert f"/articles/{story.pk}/diff/1/2/" in client.get("/feeds/changes.atom").content.decode()

    admin_client.post(VERSIONS, {"action": "mark_boring", "_selected_action": [second.pk]})

    story.refresh_from_db()
    second.refresh_from_db()
    assert second.is_boring is True
    assert story.change_count == 0
    assert story.last_changed_at == story.versions.get(number=1).archived_at
    assert (
        f"/articles/{story.pk}/diff/1/2/" not in client.get("/feeds/changes.atom").content.decode()
    )

    admin_client.post(VERSIONS, {"action": "unmark_boring", "_selected_action": [second.pk]})

    story.refresh_from_db()
    assert story.change_count == 1
    assert story.last_changed_at == second.archived_at


@pytest.mark.django_db
def test_the_check_log_shows_failures_with_their_message_and_filters(admin_client, story):
    now = timezone.now()
    Check.objects.create(
        source=story.source,
        article=story,
        url=story.url,
        outcome="error",
        http_status=503,
        message="http://127.0.0.1/x answered 503 Service Unavailable (tried 3 times)",
        checked_at=now,
    )
    Check.objects.create(
        source=story.source,
        article=story,
        url=story.url,
        outcome="unchanged",
        checked_at=now - timedelta(days=3),
    )

    errors = admin_client.get(CHECKS, {"outcome__exact": "error"})
    today = admin_client.get(CHECKS, {"checked_at__gte": (now - timedelta(hours=1)).isoformat()})
    by_source = admin_client.get(CHECKS, {"source__id__exact": story.source_id})

    assert [c.outcome for c in errors.context["cl"].result_list] == ["error"]
    assert "answered 503 Service Unavailable (tried 3 times)" in errors.content.decode()
    assert [c.outcome for c in today.context["cl"].result_list] == ["error"]
    assert len(by_source.context["cl"].result_list) == 2
    assert admin_client.get(f"{CHECKS}add/").status_code == 403


@pytest.mark.django_db
def test_admin_times_read_as_on_the_public_pages_24_hour_with_the_zone(admin_client, story):
    from datetime import UTC, datetime

    from articles.reader import humanize

    moment = datetime(2026, 3, 9, 19, 57, tzinfo=UTC)
    Check.objects.create(
        source=story.source, article=story, url=story.url, outcome="unchanged", checked_at=moment
    )
    page = admin_client.get(CHECKS).content.decode()
    assert humanize.exact(moment) == "9 March 2026 19:57 (UTC)"
    assert "9 March 2026 19:57 (UTC)" in page
    assert "p.m." not in page
