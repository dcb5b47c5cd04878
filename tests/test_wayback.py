"""Save Page Now: sources that opt in have each new version captured, against a local fake."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.jobs import tick
from notify.models import Delivery
from tests.notify_helpers import SLUG, archive_change
from tests.receivers import Receiver, Reply, json_reply

SNAPSHOT = "/web/20261205170000/"


def public_save(request):
    """The public form: GET /save/<url> redirects to the snapshot."""
    if request.method == "GET" and request.path.startswith("/save/http"):
        return Reply(302, b"", {"Location": SNAPSHOT + request.path.removeprefix("/save/")})
    return Reply(404, b"no such page")


class SavePageNow2:
    """The SPN2 API: POST /save gives a job, /save/status/<job> says pending, then success."""

    def __init__(self, pending_polls=1, outcome="success"):
        self.pending_polls = pending_polls
        self.outcome = outcome
        self.submitted = {}

    def __call__(self, request):
        if request.headers.get("Authorization") != "LOW k3y:s3cret":
            return json_reply({"message": "You need to be logged in"}, 401)
        if request.method == "POST" and request.path == "/save":
            job_id = f"spn2-{len(self.submitted) + 1}"
            self.submitted[job_id] = request.body.decode()
            return json_reply({"url": "...", "job_id": job_id})
        if request.path.startswith("/save/status/"):
            if self.pending_polls:
                self.pending_polls -= 1
                return json_reply({"status": "pending", "job_id": request.path[13:]})
            if self.outcome == "error":
                return json_reply({"status": "error", "message": "Live page is not available"})
            return json_reply(
                {"status": "success", "timestamp": "20261205170000", "original_url": ORIGINAL}
            )
        return Reply(404)


ORIGINAL = "http://news.example/story"


@pytest.fixture
def save_page_now(settings):
    server = Receiver(public_save).start()
    settings.NEWSDIFFS_WAYBACK_ENDPOINT = server.url("/save")
    settings.NEWSDIFFS_WAYBACK_HOST_INTERVAL_SECONDS = 0
    yield server
    server.stop()


@pytest.fixture
def opted_in(courier):
    courier.submit_to_wayback = True
    # Ticks in these tests are for the outbox: no discovery finds more stories.
    courier.next_discovery_at = timezone.now() + timedelta(days=1)
    courier.save()
    return courier


def test_a_source_that_opts_in_has_every_version_captured_and_linked(
    save_page_now, opted_in, track, newsroom, django_capture_on_commit_callbacks, client
):
    article = track(SLUG)
    version = archive_change(article, newsroom, django_capture_on_commit_callbacks)
    assert [r.path for r in save_page_now.requests] == [f"/save/{article.url}"] * 2
    version.refresh_from_db()
    assert version.wayback_url == save_page_now.url(SNAPSHOT + article.url)
    assert Delivery.objects.filter(kind="wayback", state="delivered").count() == 2
    history = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{version.wayback_url}"' in history
    api = client.get(f"/api/articles/{article.pk}/").json()
    assert api["versions"][1]["wayback_url"] == version.wayback_url


def test_a_source_that_does_not_opt_in_is_never_submitted(
    save_page_now, track, newsroom, django_capture_on_commit_callbacks
):
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    assert save_page_now.requests == []
    assert not Delivery.objects.exists()


def test_the_snapshot_link_may_come_from_content_location_or_a_memento_link(
    save_page_now, opted_in, track, newsroom, django_capture_on_commit_callbacks
):
    answers = iter(
        [
            Reply(200, b"saved", {"Content-Location": "/web/1/first"}),
            Reply(200, b"saved", {"Link": '<http://x.example/>; rel="original", '
                                          '<https://snap.example/web/2/second>; rel="memento"'}),
        ]
    )  # fmt: skip
    save_page_now.answer = lambda request: next(answers)
    version = archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    first = version.article.versions.get(number=1)
    assert first.wayback_url == save_page_now.url("/web/1/first")
    version.refresh_from_db()
    assert version.wayback_url == "https://snap.example/web/2/second"


def test_an_answer_without_a_snapshot_link_is_a_failure(
    save_page_now, opted_in, track, newsroom, django_capture_on_commit_callbacks
):
    save_page_now.answer = lambda request: Reply(200, b"<html>thanks</html>")
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.filter(kind="wayback").first()
    assert delivery.state == "pending"
    assert delivery.last_error == "Save Page Now gave no snapshot link"


def test_the_spn2_api_is_polled_until_its_job_succeeds(
    save_page_now, opted_in, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_WAYBACK_ACCESS_KEY = "k3y"
    settings.NEWSDIFFS_WAYBACK_SECRET_KEY = "s3cret"
    settings.NEWSDIFFS_WAYBACK_POLL_SECONDS = 5
    spn2 = SavePageNow2(pending_polls=1)
    save_page_now.answer = spn2
    article = track(SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        from articles.checking.check import check_article
        from articles.fetching import Fetcher

        check_article(article.pk, Fetcher())
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.remote_job_id, delivery.attempts) == ("pending", "spn2-1", 0)
    assert spn2.submitted == {
        "spn2-1": f"url={article.url.replace(':', '%3A').replace('/', '%2F')}"
    }
    for seconds in (6, 12):  # pending once, then success
        with django_capture_on_commit_callbacks(execute=True):
            tick(timezone.now() + timedelta(seconds=seconds))
    delivery.refresh_from_db()
    assert delivery.state == "delivered"
    assert delivery.version.wayback_url == save_page_now.url(f"/web/20261205170000/{ORIGINAL}")
    assert [r.method for r in save_page_now.requests] == ["POST", "GET", "GET"]


def test_a_failed_spn2_job_is_submitted_again_after_a_back_off(
    save_page_now, opted_in, track, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_WAYBACK_ACCESS_KEY = "k3y"
    settings.NEWSDIFFS_WAYBACK_SECRET_KEY = "s3cret"
    save_page_now.answer = SavePageNow2(pending_polls=0, outcome="error")
    article = track(SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        from articles.checking.check import check_article
        from articles.fetching import Fetcher

        check_article(article.pk, Fetcher())
    with django_capture_on_commit_callbacks(execute=True):
        tick(timezone.now() + timedelta(seconds=20))
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.remote_job_id, delivery.attempts) == ("pending", "", 1)
    assert "Live page is not available" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=50)


def test_submissions_for_one_news_site_are_spaced_out(
    save_page_now, opted_in, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_WAYBACK_HOST_INTERVAL_SECONDS = 60
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    assert len(save_page_now.requests) == 1
    waiting = Delivery.objects.get(state="pending")
    assert waiting.attempts == 0
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=50)


def test_the_endpoint_goes_through_the_address_guard(
    save_page_now, opted_in, track, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        from articles.checking.check import check_article
        from articles.fetching import Fetcher

        check_article(track(SLUG).pk, Fetcher())
        settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = False
    delivery = Delivery.objects.get()
    assert "loopback" in delivery.last_error
    assert save_page_now.requests == []
