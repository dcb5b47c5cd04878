"""Jobs: plain functions taking primary keys, safe to run twice.

They run on RQ workers when REDIS_URL is set, in-process otherwise
(newsdiffs.queues.enqueue decides).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from articles import checking, discovering
from articles.fetching import Fetcher
from articles.models import Article, Check, Heartbeat, Source
from newsdiffs.queues import enqueue

log = logging.getLogger(__name__)

# How long an article or source claimed by the tick stays claimed: if its
# job is lost (a worker killed), the next tick after this picks it up again.
CLAIM_LEASE = timedelta(minutes=15)

_fetcher = None


def _shared_fetcher():
    # One session per worker process keeps connections and robots.txt warm.
    global _fetcher
    if _fetcher is None:
        _fetcher = Fetcher()
    return _fetcher


def check_article(article_id):
    article = Article.objects.filter(pk=article_id).only("state").first()
    if article is None:
        return None
    return checking.check_article(article_id, _shared_fetcher())


def discover_source(source_id, force=False):
    """Discover a source's new articles; `force` runs it even when not due."""
    source = Source.objects.filter(pk=source_id, is_active=True).first()
    if source is None:
        return None
    now = timezone.now()
    # Claim the run; a second copy of this job finds next_discovery_at moved on.
    due = Q() if force else Q(next_discovery_at__lte=now)
    claimed = Source.objects.filter(
        due, pk=source_id, next_discovery_at=source.next_discovery_at
    ).update(last_discovered_at=now, next_discovery_at=now + source.discovery_interval())
    if not claimed:
        return None
    return discovering.discover(source, _shared_fetcher(), now)


def _claim(queryset, now, batch):
    """Push the due rows' next time forward so no later tick enqueues them twice."""
    model = queryset.model
    field = "next_check_at" if model is Article else "next_discovery_at"
    due_ids = list(queryset.order_by(field).values_list("pk", flat=True)[:batch])
    if due_ids:
        # The conditional update makes a second scheduler claim nothing.
        model.objects.filter(pk__in=due_ids, **{f"{field}__lte": now}).update(
            **{field: now + CLAIM_LEASE}
        )
    return due_ids


def due_sources(now):
    return Source.objects.filter(is_active=True, next_discovery_at__lte=now)


def due_articles(now):
    """Articles to check now, in the order they fell due.

    Served by the index article_due_check_idx, so the cost follows
    the due rows, not the archive. Paused sources are excluded by id rather
    than by a join, which would lead the planner to scan a source's articles.
    """
    paused = list(Source.objects.filter(is_active=False).values_list("pk", flat=True))
    return Article.objects.filter(state__in=Article.CHECKED_STATES, next_check_at__lte=now).exclude(
        source_id__in=paused
    )


def tick(now=None):
    """Enqueue due discoveries and due checks; run by RQ's cron scheduler."""
    now = now or timezone.now()
    Heartbeat.beat("scheduler", now)
    batch = settings.NEWSDIFFS_TICK_BATCH
    sources = due_sources(now)
    source_ids = list(sources.order_by("next_discovery_at").values_list("pk", flat=True)[:batch])
    for source_id in source_ids:
        enqueue(discover_source, source_id)
    article_ids = _claim(due_articles(now), now, batch)
    for article_id in article_ids:
        enqueue(check_article, article_id)
    pruned = Check.prune(now)
    log.info(
        "tick sources=%s articles=%s pruned_checks=%s", len(source_ids), len(article_ids), pruned
    )
    return len(source_ids), len(article_ids)
