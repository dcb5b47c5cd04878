"""Jobs: plain functions taking primary keys, safe to run twice.

They run on RQ workers when REDIS_URL is set, in-process otherwise
(newsdiffs.queues.enqueue decides).

The tick claims due rows by moving their next time to a lease's end and
passes that time to the job; the job runs only if the row still holds it.
So two schedulers never enqueue one article twice, a copy of a job runs
once, and an article stopped (or a source paused) while its job waited in
the queue is left alone.

Two leases bound what a fault can cost. A claim waiting in the queue holds
for NEWSDIFFS_QUEUE_LEASE_SECONDS: a job lost with its queue (Redis
restarted) is claimed again after that. A running check holds a short
lease, NEWSDIFFS_RUN_LEASE_SECONDS, renewed while it runs: a worker killed
mid-check stops renewing, and the article is due again within one lease.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from articles.checking.batch import check_batch
from articles.discovery.discover import discover
from articles.fetching import Fetcher
from articles.models import Article, Check, Heartbeat, Source
from articles.storage import changeindex, searchindex
from newsdiffs.queues import enqueue
from notify.jobs import enqueue_due_deliveries

log = logging.getLogger(__name__)


def queue_lease():
    return timedelta(seconds=settings.NEWSDIFFS_QUEUE_LEASE_SECONDS)


def run_lease():
    return timedelta(seconds=settings.NEWSDIFFS_RUN_LEASE_SECONDS)


_fetcher = None


def _shared_fetcher():
    # One session (connections, robots.txt) for every job this process runs:
    # the in-process runner and RQ's SimpleWorker keep it; RQ's forking
    # worker starts each job from a fresh copy.
    global _fetcher
    if _fetcher is None:
        _fetcher = Fetcher()
    return _fetcher


class RunningLease:
    """Keeps running checks' claims: renews them every third of the lease until they end.

    The renewal is conditional on each row still holding this lease, so an
    article drops out once its check has scheduled the next one, and the
    renewals stop when none is left.
    """

    def __init__(self, article_ids, held_until):
        self.article_ids = list(article_ids)
        self.held_until = held_until
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._renew, daemon=True, name="lease")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        self.thread.join()

    def renew_once(self):
        """Extend the lease if the row still holds it; False once it does not."""
        until = timezone.now() + run_lease()
        held = Article.objects.filter(pk__in=self.article_ids, next_check_at=self.held_until)
        renewed = held.update(next_check_at=until)
        if renewed:
            self.held_until = until
        return bool(renewed)

    def _renew(self):
        try:
            while not self.stopping.wait(run_lease().total_seconds() / 3):
                if not self.renew_once():
                    return
        except Exception:
            # The check goes on; without renewals its lease simply runs out.
            log.exception("could not renew the lease of articles=%s", self.article_ids)
        finally:
            connection.close()  # this thread's own connection


def run_check(article_id, claimed_until=None):
    """Check one article (a batch of one); its Check, or None if not checked."""
    checks = _check_batch(article_ids=[article_id], claimed_until=claimed_until)
    return checks[0] if checks else None


def run_checks(article_ids, claimed_until=None):
    """Check these articles, one after another (articles.checking.batch).

    With `claimed_until` (from the tick), only those still claimed. Those a
    long batch leaves unchecked are released, due again at the next tick.
    Returns (article id, outcome) for each check: RQ keeps a job's result,
    and Checks would take their articles along into it.
    """
    checks = _check_batch(article_ids, claimed_until)
    return [(check.article_id, check.outcome) for check in checks]


def _check_batch(article_ids, claimed_until):
    if claimed_until is None:
        articles = Article.objects.for_checks(article_ids)
        return check_batch(_in_order(articles, article_ids), _shared_fetcher())[0]
    held_until = timezone.now() + run_lease()
    Article.objects.claim_for_check(article_ids, claimed_until, held_until)
    articles = _in_order(Article.objects.for_checks(article_ids, held_until), article_ids)
    if not articles:
        return []
    with RunningLease([article.pk for article in articles], held_until) as lease:
        checks, unchecked = check_batch(articles, _shared_fetcher())
    if unchecked:
        Article.objects.filter(
            pk__in=[article.pk for article in unchecked], next_check_at=lease.held_until
        ).update(next_check_at=timezone.now())
    return checks


def _in_order(articles, article_ids):
    by_id = {article.pk: article for article in articles}
    return [by_id[pk] for pk in dict.fromkeys(article_ids) if pk in by_id]


def run_discovery(source_id, claimed_until=None):
    """Discover a source's new articles. With `claimed_until`, only if still claimed."""
    now = timezone.now()
    sources = Source.objects.filter(pk=source_id, is_active=True)
    if claimed_until is not None:
        sources = sources.filter(next_discovery_at=claimed_until)
    source = sources.first()
    if source is None:
        return None
    claimed = sources.update(
        last_discovered_at=now, next_discovery_at=now + source.discovery_interval()
    )
    if not claimed:
        return None
    return discover(source, _shared_fetcher(), now)


def _claim(queryset, order_by, field, now, batch):
    """Claim up to `batch` due rows; return their ids and the lease's end.

    Rows another scheduler is claiming at this moment are skipped (SKIP
    LOCKED on PostgreSQL; SQLite's write lock serialises the two).
    """
    lease_end = now + queue_lease()
    with transaction.atomic():
        due_ids = list(
            queryset.select_for_update(skip_locked=True)
            .order_by(order_by)
            .values_list("pk", flat=True)[:batch]
        )
        queryset.model.objects.filter(pk__in=due_ids).update(**{field: lease_end})
    return due_ids, lease_end


def tick(now=None):
    """Enqueue due discoveries and due checks; run by RQ's cron scheduler."""
    now = now or timezone.now()
    Heartbeat.beat("scheduler", now)
    batch = settings.NEWSDIFFS_TICK_BATCH
    source_ids, sources_claim = _claim(
        Source.objects.due_for_discovery(now), "next_discovery_at", "next_discovery_at", now, batch
    )
    article_ids, articles_claim = _claim(
        Article.objects.due(now), "next_check_at", "next_check_at", now, batch
    )
    for source_id in source_ids:
        enqueue(run_discovery, source_id, sources_claim)
    for ids in _batches(article_ids, settings.NEWSDIFFS_CHECK_BATCH):
        enqueue(run_checks, ids, articles_claim)
    deliveries = enqueue_due_deliveries(now, batch)
    pruned = Check.prune(now)
    # Versions a check could not index after its commit (killed in between).
    indexed = searchindex.index_pending(settings.NEWSDIFFS_SEARCH_INDEX_BATCH)
    indexed_changes = changeindex.index_pending(settings.NEWSDIFFS_SEARCH_INDEX_BATCH)
    log.info(
        "tick sources=%s articles=%s deliveries=%s pruned_checks=%s indexed_for_search=%s "
        "changes_indexed=%s",
        len(source_ids),
        len(article_ids),
        deliveries,
        pruned,
        indexed,
        indexed_changes,
    )
    return len(source_ids), len(article_ids)


def _batches(ids, size):
    """`ids` dealt into as few batches of at most `size` as will hold them.

    Dealt, not cut: ids claimed in due order often come a source at a time,
    and dealing spreads one host's articles over the jobs (politeness makes
    a job wait between two requests to one host).
    """
    count = -(-len(ids) // size)
    return [ids[start::count] for start in range(count)]


def tick_safely(now=None):
    """tick(), logging instead of raising: the scheduler outlives database and Redis outages.

    Claims made before an outage cut the tick short are not lost: their
    queue lease runs out and a later tick claims them again.
    """
    # Outside a transaction (never the case but in tests), a connection broken
    # by a database restart is dropped so that the next tick opens a new one.
    renewable = not connection.in_atomic_block
    if renewable:
        close_old_connections()
    try:
        return tick(now)
    except Exception:
        log.exception("tick failed; the next one tries again")
        if renewable:
            connection.close()
        return None


def check_soon(articles):
    """Make these articles due now, for the next tick (the admin's "check now" of a source)."""
    return articles.filter(state__in=Article.CHECKED_STATES).update(next_check_at=timezone.now())
