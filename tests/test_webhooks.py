"""Webhooks: a signed JSON POST per new version, from the outbox, with back-off."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from notify import signing
from notify.jobs import run_delivery
from notify.models import Delivery, Subscription
from tests.notify_helpers import SLUG, archive_change
from tests.receivers import Receiver, Reply


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def webhook(receiver, db):
    return Subscription.objects.create(
        kind=Subscription.Kind.WEBHOOK, destination=receiver.url("/hook"), secret="s3cret"
    )


def test_a_new_version_is_posted_signed_with_its_change(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_PUBLIC_URL = "https://archive.example"
    article = track(SLUG)
    version = archive_change(article, newsroom, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert request.method == "POST"
    assert signing.is_valid("s3cret", request.body, request.headers["X-Newsdiffs-Signature"])
    body = request.json()
    assert body["article"]["id"] == article.pk
    assert body["article"]["url"] == article.url
    assert (body["old"]["number"], body["new"]["number"]) == (1, 2)
    assert body["chars_added"] == version.chars_added > 0
    assert body["headline"]["changed"] is False
    assert body["comparison_url"] == f"https://archive.example/articles/{article.pk}/diff/1/2/"
    assert body["diff_api_url"] == f"https://archive.example/api/articles/{article.pk}/diff/1/2/"
    delivery = Delivery.objects.get()
    assert request.headers["Idempotency-Key"] == str(delivery.idempotency_key)
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)


def test_a_first_version_notifies_no_one(
    webhook, receiver, track, django_capture_on_commit_callbacks
):
    from articles.checking.check import check_article
    from articles.fetching import Fetcher

    with django_capture_on_commit_callbacks(execute=True):
        check_article(track(SLUG).pk, Fetcher())
    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_filters_choose_who_hears_of_a_change(
    receiver, track, newsroom, courier, django_capture_on_commit_callbacks
):
    def hook(path, **filters):
        return Subscription.objects.create(
            kind="webhook", destination=receiver.url(path), **filters
        )

    hook("/everything")
    hook("/big", min_change_chars=10_000)
    hook("/headlines", headline_only=True)
    other_source = courier.__class__.objects.create(
        name="Other", slug="other", homepage="https://o.example/"
    )
    hook("/other-source").sources.add(other_source)
    hook("/this-source").sources.add(courier)
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    assert sorted(r.path for r in receiver.requests) == ["/everything", "/this-source"]


def test_a_failing_receiver_is_retried_with_back_off_then_marked_failed(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_DELIVERY_MAX_ATTEMPTS = 3
    settings.NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS = 0
    receiver.answer = lambda request: Reply(503, b"down for maintenance")
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 503)
    assert delivery.last_response == "down for maintenance"
    assert "answered 503" in delivery.last_error
    waited = delivery.next_attempt_at - delivery.last_attempt_at
    assert timedelta(seconds=59) < waited < timedelta(seconds=62)
    assert run_delivery(delivery.pk, claimed_until=timezone.now()) is None  # not its claim
    for _ in range(2):
        assert run_delivery(delivery.pk) in ("pending", "failed")
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 3)
    assert len(receiver.requests) == 3
    assert len({r.headers["Idempotency-Key"] for r in receiver.requests}) == 1


def test_a_redirecting_receiver_is_a_failure_and_the_redirect_is_not_followed(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks
):
    receiver.answer = lambda request: (
        Reply(307, b"", {"Location": receiver.url("/elsewhere")})
        if request.path == "/hook"
        else Reply()
    )
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    assert delivery.last_status == 307
    assert "do not follow redirects" in delivery.last_error
    assert [r.path for r in receiver.requests] == ["/hook"]


def test_a_slow_receiver_times_out_and_is_retried_later(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    import threading

    settings.NEWSDIFFS_DELIVERY_TIMEOUT = 0.5
    release = threading.Event()

    def slow(request):
        release.wait(10)
        return Reply()

    receiver.answer = slow
    try:
        archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    finally:
        release.set()
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    assert delivery.attempts == 1
    assert "no answer within 0.5 s" in delivery.last_error


def test_a_huge_answer_is_read_only_up_to_the_cap(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_DELIVERY_MAX_RESPONSE_BYTES = 4096
    receiver.answer = lambda request: Reply(200, b"x" * 20_000_000)
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == "delivered"
    assert len(delivery.last_response) <= 2000


def test_an_unreachable_receiver_is_a_recorded_failure(
    track, newsroom, django_capture_on_commit_callbacks
):
    closed = Receiver()
    closed.httpd.server_close()  # the port is free again: nothing listens there
    Subscription.objects.create(kind="webhook", destination=closed.url("/hook"))
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    assert "could not reach" in delivery.last_error


def test_a_private_address_is_refused_when_private_urls_are_off(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    article = track(SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        from articles.checking.check import check_article
        from articles.fetching import Fetcher

        check_article(article.pk, Fetcher())
        newsroom.edit(SLUG, title="Harbour bridge closure is delayed")
        check_article(article.pk, Fetcher())
        settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = False  # for the delivery, after the commit
    delivery = Delivery.objects.get()
    assert delivery.state == "pending"
    assert "loopback" in delivery.last_error
    assert receiver.requests == []


def test_deliveries_to_one_destination_are_spaced_out(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    settings.NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS = 300
    article = track(SLUG)
    archive_change(article, newsroom, django_capture_on_commit_callbacks)
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, "A second late paragraph."])
    with django_capture_on_commit_callbacks(execute=True):
        from articles.checking.check import check_article
        from articles.fetching import Fetcher

        check_article(article.pk, Fetcher())
    assert len(receiver.requests) == 1
    waiting = Delivery.objects.get(state="pending")
    assert waiting.attempts == 0
    assert waiting.next_attempt_at > timezone.now() + timedelta(seconds=250)


def test_a_delivered_delivery_is_never_sent_again(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks
):
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert run_delivery(delivery.pk) is None
    assert len(receiver.requests) == 1


def test_a_hostile_headline_travels_as_plain_json_data(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks
):
    hostile = 'Bridge </script><img src=x onerror=alert(1)> "closed"'
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks, title=hostile)
    body = json.loads(receiver.requests[0].body)
    assert body["headline"] == {
        "before": "Harbour bridge to close for six weeks of repairs",
        "after": hostile,
        "changed": True,
    }


def test_a_subscription_switched_off_before_sending_keeps_its_delivery_unsent(
    webhook, receiver, track, newsroom, django_capture_on_commit_callbacks
):
    article = track(SLUG)
    from articles.checking.check import check_article
    from articles.fetching import Fetcher

    check_article(article.pk, Fetcher())
    newsroom.edit(SLUG, title="Harbour bridge closure is delayed")
    with django_capture_on_commit_callbacks(execute=True):
        check_article(article.pk, Fetcher())
        Subscription.objects.filter(pk=webhook.pk).update(is_active=False)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.last_error) == ("failed", "the subscription is switched off")
    assert receiver.requests == []
