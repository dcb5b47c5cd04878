"""Delivery jobs: plain functions taking primary keys, safe to run twice.

run_delivery() claims its row with a conditional UPDATE (state open, and
still holding the claim the tick or the outbox gave it), moving it to
"sending" for NEWSDIFFS_DELIVERY_LEASE_SECONDS, longer than any one send
may take (every channel has timeouts). A worker killed mid-send leaves the
row "sending" with that lease; once it runs out the tick claims the row
again, and the retry carries the same idempotency key.

A 2xx is written at once, and only a row still open is written: a delivery
once delivered is never sent again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.models import Version
from newsdiffs.queues import enqueue
from notify import throttle
from notify.channels import DeliveryError, apprise_channel, email, wayback, webhook
from notify.models import Delivery

log = logging.getLogger(__name__)

CHANNELS = {
    Delivery.Kind.WEBHOOK: webhook.send,
    Delivery.Kind.APPRISE: apprise_channel.send,
    Delivery.Kind.EMAIL: email.send,
    Delivery.Kind.WAYBACK: wayback.send,
}


def _throttle_interval(delivery):
    if delivery.kind == Delivery.Kind.WAYBACK:
        return settings.NEWSDIFFS_WAYBACK_HOST_INTERVAL_SECONDS
    return delivery.subscription.throttle_interval()


def run_delivery(delivery_id, claimed_until=None):
    """Send one delivery. With `claimed_until` (from the tick or the outbox), only if still claimed.

    Returns the delivery's state afterwards, or None if it was not this run's to send.
    """
    now = timezone.now()
    delivery = Delivery.claim(delivery_id, claimed_until, now)
    if delivery is None:
        return None
    if delivery.kind != Delivery.Kind.WAYBACK and delivery.subscription is None:
        delivery.give_up("the subscription was deleted")
        return delivery.state
    if delivery.subscription is not None and not delivery.subscription.is_active:
        # Switched off after the version was stored: kept in the log, not sent
        # (the admin's "retry" sends it once the subscription is back on).
        delivery.give_up("the subscription is switched off")
        return delivery.state
    if delivery.remote_job_id == "":  # polling a remote job is not a new send
        wait_until = throttle.admit(delivery.throttle_key, _throttle_interval(delivery), now)
        if wait_until is not None:
            delivery.postpone(wait_until)
            return Delivery.State.PENDING
    delivery.start_attempt(now)
    try:
        if delivery.polls >= settings.NEWSDIFFS_WAYBACK_MAX_POLLS:
            raise DeliveryError(
                f"Save Page Now's job did not finish after {delivery.polls} polls", restart=True
            )
        sent = CHANNELS[delivery.kind](delivery)
    except DeliveryError as error:
        log.info("delivery=%s kind=%s failed: %s", delivery.pk, delivery.kind, error)
        delivery.record_failure(timezone.now(), error)
        return delivery.state
    except Exception as error:
        # A bug or an answer no rule foresaw: recorded and retried like any failure.
        log.exception("delivery=%s crashed", delivery.pk)
        delivery.record_failure(timezone.now(), DeliveryError(f"{type(error).__name__}: {error}"))
        return delivery.state
    if sent.job_id:
        delivery.record_waiting(
            timezone.now(), sent.poll_at, sent.job_id, sent.status, sent.response
        )
        return Delivery.State.PENDING
    with transaction.atomic():
        delivery.record_delivered(timezone.now(), sent.status, sent.response)
        if sent.snapshot_url:
            Version.objects.filter(pk=delivery.version_id).update(wayback_url=sent.snapshot_url)
    log.info("delivery=%s kind=%s delivered status=%s", delivery.pk, delivery.kind, sent.status)
    return delivery.state


def enqueue_due_deliveries(now, batch):
    """The tick's part: claim due deliveries (lost jobs, dead workers, retries) and enqueue them."""
    lease_end = now + timedelta(seconds=settings.NEWSDIFFS_QUEUE_LEASE_SECONDS)
    with transaction.atomic():
        due_ids = list(
            Delivery.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:batch]
        )
        # A due "sending" row was left by a dead worker: waiting again until its job runs.
        Delivery.objects.filter(pk__in=due_ids).update(
            next_attempt_at=lease_end, state=Delivery.State.PENDING
        )
    for delivery_id in due_ids:
        enqueue(run_delivery, delivery_id, lease_end)
    Delivery.prune(now)
    return len(due_ids)
