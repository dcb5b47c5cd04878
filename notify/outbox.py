"""Writing the outbox: one Delivery per receiver of a new version.

record_new_version() runs inside the transaction that stores the version,
under the article's row lock: it reads the cached subscriptions, decides
in memory and makes one INSERT. Rows are created already claimed (their
next attempt is a queue lease away) and their jobs enqueued after the
commit; a job lost with its queue is sent by a later tick once that lease
runs out.
"""

from datetime import timedelta

from django.conf import settings

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
    """Unsaved Delivery rows for this version: the subscribers who want it, and Wayback."""
    change = describe(version, previous, source.pk)
    rows = [
        Delivery(
            kind=_KINDS[filters.kind],
            subscription_id=filters.subscription_id,
            version=version,
            throttle_key=subscription_throttle_key(filters.subscription_id),
        )
        for filters in active_filters()
        if matching.wants(filters, change)
    ]
    if source.submit_to_wayback and not version.is_boring:
        rows.append(
            Delivery(
                kind=Delivery.Kind.WAYBACK,
                version=version,
                throttle_key=wayback_throttle_key(article_url),
            )
        )
    return rows


def record_new_version(version, previous, source, article_url, now):
    """Add this version's deliveries to the outbox; call inside the version's transaction."""
    rows = planned_deliveries(version, previous, source, article_url)
    if not rows:
        return []
    claimed_until = now + timedelta(seconds=settings.NEWSDIFFS_QUEUE_LEASE_SECONDS)
    for row in rows:
        row.next_attempt_at = claimed_until
        row.created_at = now
    created = Delivery.objects.bulk_create(rows)
    from notify.jobs import run_delivery  # the jobs import the channels, which import this app

    for delivery in created:
        enqueue(run_delivery, delivery.pk, claimed_until)
    return created
