"""The source admin: adding a source, validation messages, health at a glance, actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import jobs
from articles.models import Article, Check, DiscoveryURL, Source, Version

CHANGELIST = "/admin/articles/source/"
ADD = "/admin/articles/source/add/"
PATTERN = r"/(news|weather)/[a-z0-9-]+$"


@pytest.fixture(autouse=True)
def _admin_test_settings(settings):
    # admin_client creates a superuser; the default hasher costs ~0.7 s a test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Jobs the actions enqueue run in-process, so a test sees their effect.
    settings.REDIS_URL = ""


def source_form(newsroom, pages=(), saved_pages=(), **fields):
    """The add/change form's POST data: the source's fields and its discovery-URL inline.

    saved_pages are DiscoveryURL rows already stored (a change form), pages new ones.
    """
    data = {
        "name": "The Local Courier",
        "slug": "courier",
        "homepage": newsroom.url("/"),
        "is_active": "on",
        "article_url_pattern": PATTERN,
        "allowed_hosts": "",
        "body_selector": "",
        "title_selector": "",
        "byline_selector": "",
        "drop_selectors": "",
        "discovery_interval_minutes": "",
        "min_check_interval_minutes": "",
        "stop_after_days": "",
        "discovery_urls-TOTAL_FORMS": str(len(saved_pages) + len(pages)),
        "discovery_urls-INITIAL_FORMS": str(len(saved_pages)),
        "discovery_urls-MIN_NUM_FORMS": "0",
        "discovery_urls-MAX_NUM_FORMS": "1000",
    }
    for index, page in enumerate(saved_pages):
        data[f"discovery_urls-{index}-id"] = str(page.pk)
        data[f"discovery_urls-{index}-source"] = str(page.source_id)
        data[f"discovery_urls-{index}-url"] = page.url
        data[f"discovery_urls-{index}-kind"] = page.kind
    for index, (url, kind) in enumerate(pages, len(saved_pages)):
        data[f"discovery_urls-{index}-url"] = url
        data[f"discovery_urls-{index}-kind"] = kind
    data.update(fields)
    return data


def check(source, outcome, hours_ago=1, message="", now=None):
    now = now or timezone.now()
    return Check.objects.create(
        source=source,
        url=source.homepage,
        outcome=outcome,
        checked_at=now - timedelta(hours=hours_ago),
        message=message,
    )


def version(article, number, hours_ago=1, is_boring=False):
    return Version.objects.create(
        article=article,
        number=number,
        archived_at=timezone.now() - timedelta(hours=hours_ago),
        title=f"Version {number}",
        text=f"Text {number}",
        text_hash=f"hash{number}",
        is_boring=is_boring,
    )


@pytest.mark.django_db
def test_an_admin_adds_a_source_with_its_feed_and_front_page(admin_client, newsroom):
    pages = [(newsroom.url("/feed.xml"), "feed"), (newsroom.url("/"), "front_page")]

    response = admin_client.post(ADD, source_form(newsroom, pages, _save="Save"))

    assert response.status_code == 302
    source = Source.objects.get(slug="courier")
    assert source.article_url_pattern == PATTERN
    assert sorted(source.discovery_urls.values_list("kind", flat=True)) == ["feed", "front_page"]


@pytest.mark.django_db
def test_the_add_form_has_clear_sections_and_a_preview_button(admin_client):
    page = admin_client.get(ADD).content.decode()

    for heading in ["Discovery", "Extraction", "Schedule", "Advanced"]:
        assert f">{heading}<" in page or f">{heading}</" in page
    assert 'name="_preview"' in page
    assert 'formaction="/admin/articles/source/preview/"' in page
    assert "Discovery: feeds and front pages" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"article_url_pattern": "/news/(["}, "article_url_pattern", "Not a valid regular"),
        ({"body_selector": "div..body"}, "body_selector", "is not a valid CSS selector"),
        ({"drop_selectors": "aside\n>>"}, "drop_selectors", "Line 2: '>>' is not a valid CSS"),
        ({"allowed_hosts": "https://example.com/news"}, "allowed_hosts", "Line 1, 'https://"),
        ({"homepage": "ftp://example.com/"}, "homepage", "must start with http:// or https://"),
        (
            {"allowed_hosts": "example.com"},
            "allowed_hosts",
            "The homepage's host 127.0.0.1 is not among the allowed hosts",
        ),
    ],
)
@pytest.mark.django_db
def test_invalid_settings_are_refused_with_a_message_that_says_what_is_wrong(
    admin_client, newsroom, fields, field, message
):
    response = admin_client.post(ADD, source_form(newsroom, **fields, _save="Save"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(message in error for error in errors), errors
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_a_discovery_url_that_is_not_web_is_refused(admin_client, newsroom):
    data = source_form(newsroom, [("ftp://example.com/feed", "feed")], _save="Save")

    response = admin_client.post(ADD, data)

    assert response.status_code == 200
    assert "must start with http:// or https://" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_the_source_list_shows_each_sources_health(admin_client, newsroom):
    healthy = Source.objects.create(name="Healthy", slug="healthy", homepage=newsroom.url("/"))
    failing = Source.objects.create(name="Failing", slug="failing", homepage=newsroom.url("/"))
    article = Article.objects.create(source=healthy, url=newsroom.article_url("school-meals-trial"))
    version(article, 1, hours_ago=30)
    version(article, 2, hours_ago=2)
    version(article, 3, hours_ago=1, is_boring=True)
    for _ in range(3):
        check(healthy, Check.Outcome.UNCHANGED)
    check(healthy, Check.Outcome.ERROR)
    check(failing, Check.Outcome.ERROR, message="connection refused")
    check(failing, Check.Outcome.UNCHANGED, hours_ago=30)

    response = admin_client.get(CHANGELIST)

    rows = {source.name: source for source in response.context["cl"].result_list}
    assert rows["Healthy"].articles_tracked == 1
    assert rows["Healthy"].changes_24h == 1
    assert (rows["Healthy"].checks_24h, rows["Healthy"].failures_24h) == (4, 1)
    assert (rows["Failing"].checks_24h, rows["Failing"].failures_24h) == (1, 1)
    assert rows["Failing"].last_success_at < timezone.now() - timedelta(hours=29)
    page = response.content.decode()
    assert '<span class="health-badge health-failing">Failing</span>' in page
    assert '<span class="health-badge health-errors">Some errors</span>' in page
    assert "25% of 4" in page
    assert "100% of 1" in page


@pytest.mark.django_db
def test_failing_sources_can_be_listed_alone(admin_client, newsroom):
    ok = Source.objects.create(name="Fine", slug="fine", homepage=newsroom.url("/"))
    bad = Source.objects.create(name="Broken", slug="broken", homepage=newsroom.url("/"))
    Source.objects.create(name="Quiet", slug="quiet", homepage=newsroom.url("/"))
    check(ok, Check.Outcome.UNCHANGED)
    check(bad, Check.Outcome.ERROR)
    check(bad, Check.Outcome.REFUSED)

    failing = admin_client.get(CHANGELIST + "?health=failing").context["cl"].result_list
    idle = admin_client.get(CHANGELIST + "?health=idle").context["cl"].result_list

    assert [source.name for source in failing] == ["Broken"]
    assert [source.name for source in idle] == ["Quiet"]


@pytest.mark.django_db
def test_the_source_page_charts_changes_per_day(admin_client, courier, newsroom):
    article = Article.objects.create(source=courier, url=newsroom.article_url("school-meals-trial"))
    version(article, 1, hours_ago=24 * 5)
    version(article, 2, hours_ago=24 * 3)
    version(article, 3, hours_ago=1)

    page = admin_client.get(f"/admin/articles/source/{courier.pk}/change/").content.decode()

    assert '<svg class="daily-bars"' in page
    assert page.count('class="bar"') == 30
    assert "1 changes on " + (timezone.localdate() - timedelta(days=3)).isoformat() in page
    assert "Preview saved settings" in page


@pytest.mark.django_db
def test_check_now_makes_every_article_still_being_checked_due(
    admin_client, courier, newsroom, django_capture_on_commit_callbacks
):
    checked = Article.objects.create(source=courier, url=newsroom.article_url("school-meals-trial"))
    stopped = Article.objects.create(
        source=courier, url=newsroom.article_url("river-flood-warning"), state="stopped"
    )

    response = admin_client.post(
        CHANGELIST, {"action": "check_now", "_selected_action": [courier.pk]}, follow=True
    )
    assert "1 article of 1 source is due now; the scheduler checks it" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        jobs.tick()
    assert checked.versions.count() == 1
    assert stopped.versions.count() == 0


@pytest.mark.django_db
def test_rediscover_now_reads_the_feeds_again(
    admin_client, courier, newsroom, django_capture_on_commit_callbacks
):
    courier.next_discovery_at = timezone.now() + timedelta(hours=1)
    courier.save()

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            CHANGELIST, {"action": "rediscover_now", "_selected_action": [courier.pk]}
        )

    assert newsroom.hits["/feed.xml"] == 1
    assert courier.articles.count() == 4
    assert Check.objects.filter(kind="discovery", source=courier).count() == 2


@pytest.mark.django_db
def test_pause_and_resume(admin_client, courier):
    admin_client.post(CHANGELIST, {"action": "pause", "_selected_action": [courier.pk]})
    courier.refresh_from_db()
    assert courier.is_active is False

    response = admin_client.post(
        CHANGELIST, {"action": "rediscover_now", "_selected_action": [courier.pk]}, follow=True
    )
    assert "1 paused source skipped: resume it first." in response.content.decode()

    admin_client.post(CHANGELIST, {"action": "resume", "_selected_action": [courier.pk]})
    courier.refresh_from_db()
    assert courier.is_active is True
    assert courier.next_discovery_at <= timezone.now()


@pytest.mark.django_db
def test_discovery_pages_show_their_last_error(admin_client, courier):
    DiscoveryURL.objects.filter(source=courier, kind="feed").update(
        last_error="http://127.0.0.1/feed.xml answered 500 Internal Server Error"
    )

    page = admin_client.get(f"/admin/articles/source/{courier.pk}/change/").content.decode()

    assert "answered 500 Internal Server Error" in page
