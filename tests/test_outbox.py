"""The outbox: deliveries are written with the version, and survive lost jobs and killed workers."""

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.jobs import tick
from articles.models import Version
from notify.models import Delivery, Subscription
from tests.notify_helpers import SLUG
from tests.receivers import Receiver, Reply
from tests.test_workers import _test_database_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


def _edit(newsroom, sentence):
    story = newsroom.story(SLUG)
    newsroom.edit(SLUG, paragraphs=[*story.paragraphs, sentence])


def test_a_delivery_is_written_in_the_transaction_that_stores_the_version(
    receiver, track, newsroom, django_capture_on_commit_callbacks
):
    Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
    article = track(SLUG)
    check_article(article.pk, Fetcher())
    _edit(newsroom, "A ferry will run every hour.")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        check_article(article.pk, Fetcher())
    # Stored, not yet sent: the job waits for the commit, the row is already there.
    delivery = Delivery.objects.get()
    assert delivery.version == article.versions.get(number=2)
    assert delivery.state == "pending"
    # After the commit: the search index, the changes index, and the delivery's job.
    assert len(callbacks) == 3
    assert receiver.requests == []


def test_a_version_rolled_back_leaves_no_delivery(receiver, track, newsroom):
    from notify import outbox

    Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
    article = track(SLUG)
    check_article(article.pk, Fetcher())
    latest = article.versions.get()
    counted = []

    def store_then_fail():
        with transaction.atomic():
            version = Version.objects.create(article=article, number=2, title="x", chars_added=50)
            outbox.record_new_version(version, latest, article.source, article.url, timezone.now())
            counted.append(Delivery.objects.count())
            raise RuntimeError("the check failed before its commit")

    with pytest.raises(RuntimeError):
        store_then_fail()
    assert counted == [1]
    assert not Delivery.objects.exists()


def test_a_delivery_whose_job_was_lost_is_sent_by_a_later_tick(
    receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
    article = track(SLUG)
    check_article(article.pk, Fetcher())
    _edit(newsroom, "A ferry will run every hour.")
    with django_capture_on_commit_callbacks(execute=False):
        check_article(article.pk, Fetcher())  # its job is lost, as with a Redis restart
    lease = timedelta(seconds=settings.NEWSDIFFS_QUEUE_LEASE_SECONDS)
    article.source.__class__.objects.update(next_discovery_at=timezone.now() + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        tick(timezone.now() + lease / 2)  # the job may still be queued: left alone
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        tick(timezone.now() + lease + timedelta(seconds=1))
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().state == "delivered"


DELIVER = """
import django
django.setup()
from notify.jobs import run_delivery
run_delivery({pk})
"""


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_is_retried_after_its_lease_and_delivered_once(
    receiver, track, newsroom, courier
):
    article = track(SLUG)
    check_article(article.pk, Fetcher())
    _edit(newsroom, "A ferry will run every hour.")
    check_article(article.pk, Fetcher())
    courier.next_discovery_at = timezone.now() + timedelta(days=1)
    courier.save()
    subscription = Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
    delivery = Delivery.objects.create(
        kind="webhook",
        subscription=subscription,
        version=article.versions.get(number=2),
        throttle_key="test",
    )
    held = threading.Event()
    first = []

    def hold_the_first(request):
        if not first:
            first.append(request)
            held.wait(60)  # the worker is killed while it waits for this answer
        return Reply(200, b"accepted")

    receiver.answer = hold_the_first
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "NEWSDIFFS_ALLOW_PRIVATE_URLS": "1",
        "NEWSDIFFS_DELIVERY_LEASE_SECONDS": "5",
        "NEWSDIFFS_VAR_DIR": str(django_settings.VAR_DIR),
    }
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "-c", DELIVER.format(pk=delivery.pk)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert receiver.arrived.wait(60), "the worker never reached the receiver"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    finally:
        held.set()
        if worker.poll() is None:
            worker.kill()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sending", 1)
    tick(timezone.now())  # the dead worker's lease still holds
    assert len(receiver.requests) == 1
    tick(delivery.next_attempt_at + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 2, 200)
    tick(timezone.now() + timedelta(days=1))
    keys = [request.headers["Idempotency-Key"] for request in receiver.requests]
    # The receiver saw the one key twice (the first answer never reached the
    # dead worker) and can drop the copy; the archive recorded one delivery.
    assert keys == [str(delivery.idempotency_key)] * 2
    assert Delivery.objects.filter(state="delivered").count() == 1


def test_the_cached_subscriptions_follow_the_admins_changes(receiver, courier, db):
    from notify.models import active_filters

    subscription = Subscription.objects.create(kind="webhook", destination=receiver.url("/x"))
    assert [f.source_ids for f in active_filters()] == [frozenset()]
    subscription.sources.add(courier)  # after the save, as the admin does
    assert [f.source_ids for f in active_filters()] == [frozenset({courier.pk})]
    Subscription.objects.all().delete()  # the admin's bulk delete
    assert active_filters() == []


def test_a_delivery_whose_subscription_was_deleted_meanwhile_is_dropped(
    receiver, track, newsroom, django_capture_on_commit_callbacks
):
    from notify.jobs import run_delivery

    Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
    article = track(SLUG)
    check_article(article.pk, Fetcher())
    _edit(newsroom, "A ferry will run every hour.")
    with django_capture_on_commit_callbacks(execute=False):
        check_article(article.pk, Fetcher())
    delivery = Delivery.objects.get()
    # Deleted under the cached list: no constraint stops the row, the job drops it.
    Subscription.objects.filter(pk=delivery.subscription_id)._raw_delete("default")
    assert run_delivery(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.last_error == "the subscription was deleted"
    assert receiver.requests == []


def test_the_tick_prunes_old_delivered_rows_and_keeps_failed_ones(
    receiver, track, newsroom, django_capture_on_commit_callbacks, settings
):
    from tests.notify_helpers import archive_change

    Subscription.objects.create(kind="webhook", destination=receiver.url("/hook"))
    archive_change(track(SLUG), newsroom, django_capture_on_commit_callbacks)
    version = Version.objects.get(number=2)
    Delivery.objects.create(kind="webhook", version=version, throttle_key="x", state="failed")
    later = timezone.now() + timedelta(days=settings.NEWSDIFFS_DELIVERY_LOG_DAYS, hours=1)
    assert Delivery.prune(later - timedelta(days=2)) == 0
    assert Delivery.prune(later) == 1
    assert list(Delivery.objects.values_list("state", flat=True)) == ["failed"]
