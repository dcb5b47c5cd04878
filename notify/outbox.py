"""Writing the outbox: one Delivery per receiver of a new version.

record_new_version() runs inside the transaction that stores the version,
under the article's row lock: it reads the cached subscriptions, decides
in memory and makes one hand-built INSERT. Rows are created already claimed (their
next attempt is a queue lease away) and their jobs enqueued after the
commit; a job lost with its queue is sent by a later tick once that lease
runs out.
"""

import uuid
from datetime import timedelta

from django.conf import settings

from articles import hotsql
from newsdiffs.queues import enqueue
from notify import matching
from notify.models import (
    Delivery,
    active_filters,
    subscription_throttle_key,
    wayback_throttle_key,
)

_KINDS = {
    "webhook": Delivery.Kind.WEBHOOK,
    "apprise": Delivery.Kind.APPRISE,
    "email": Delivery.Kind.EMAIL,
}


def describe(version, previous, source_id):
    """The Change the subscription filters look at."""
    return matching.Change(
        source_id=source_id,
        number=version.number,
        is_boring=version.is_boring,
        chars_changed=version.chars_added + version.chars_removed,
        headline_changed=previous is not None and previous.title != version.title,
    )


def planned_deliveries(version, previous, source, article_url):
    """The rows to insert for this version (field -> value): its subscribers, and Wayback."""
    change = describe(version, previous, source.pk)
    planned = [
        (
            _KINDS[filters.kind],
            filters.subscription_id,
            subscription_throttle_key(filters.subscription_id),
        )
        for filters in active_filters()
        if matching.wants(filters, change)
    ]
    if source.submit_to_wayback and not version.is_boring:
        planned.append((Delivery.Kind.WAYBACK, None, wayback_throttle_key(article_url)))
    return [
        {"kind": kind, "subscription": subscription_id, "throttle_key": throttle_key}
        for kind, subscription_id, throttle_key in planned
    ]


def record_new_version(version, previous, source, article_url, now):
    """Add this version's deliveries to the outbox; call inside the version's transaction.

    One INSERT, whatever the number of subscribers; the ids it returns go to the jobs.
    """
    planned = planned_deliveries(version, previous, source, article_url)
    if not planned:
        return []
    claimed_until = now + timedelta(seconds=settings.NEWSDIFFS_QUEUE_LEASE_SECONDS)
    rows = [
        {
            **row,
            "version": version.pk,
            "state": Delivery.State.PENDING,
            "attempts": 0,
            "polls": 0,
            # Created claimed: the job enqueued below holds them for a queue lease.
            "next_attempt_at": claimed_until,
            "idempotency_key": uuid.uuid4(),
            "last_response": "",
            "last_error": "",
            "remote_job_id": "",
            "created_at": now,
        }
        for row in planned
    ]
    delivery_ids = hotsql.insert_rows(Delivery, rows)
    from notify.jobs import run_delivery  # the jobs import the channels, which import this app

    for delivery_id in delivery_ids:
        enqueue(run_delivery, delivery_id, claimed_until)
    return delivery_ids
