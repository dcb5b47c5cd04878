"""Checking several articles in one job: one read before, the quiet checks written together.

Most checks find nothing new. Alone, each costs a read and two writes,
as much CPU again as fetching the page; in a batch the read is one
statement for all, and the quiet checks (their log rows and schedules)
are written together, in one transaction, at the end. What is not quiet
(a new version, a failure, a wall) is written at once, as a lone check
writes it.

Held quiet checks are safe to lose: a worker killed before writing them
leaves their articles claimed by a lease that runs out, and they are
checked again, as any interrupted check is.
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError, transaction

from articles.checking.check import check_article, record_crash
from articles.models import Article, Check

log = logging.getLogger(__name__)

# Held quiet checks are written at least this often during a long batch, so
# the admin's "last checked" lags little behind.
WRITE_EVERY_SECONDS = 30


class QuietChecks:
    """Quiet checks held back by a batch, written together by write()."""

    def __init__(self):
        self._held = []
        self._since = None

    def __len__(self):
        return len(self._held)

    def add(self, article, check):
        """Hold `check` (unsaved, its pk the article's run row) of `article`."""
        if not self._held:
            self._since = time.monotonic()
        self._held.append((article, check))

    def is_due(self):
        return bool(self._held) and time.monotonic() - self._since >= WRITE_EVERY_SECONDS

    def write(self):
        """Log and schedule every held check in one transaction; how many."""
        held, self._held = self._held, []
        if not held:
            return 0
        with transaction.atomic():
            Check.log_quiet([check for _, check in held])
            for article, check in held:
                article.quiet_check_id = check.pk  # its run's row, or the one it began
            Article.save_quiet_checks([(article, check.checked_at) for article, check in held])
        return len(held)


def check_batch(articles, fetcher, now=None, budget_seconds=None):
    """Check `articles` (read by Article.objects.for_checks) one after another.

    Returns the checks recorded and the articles left unchecked when the
    batch ran past `budget_seconds` (NEWSDIFFS_CHECK_BATCH_SECONDS): a job
    must end well inside its queue's timeout. A check that crashes is
    recorded (record_crash) and the batch goes on; the first crash is raised
    once the batch is done, so the job shows as failed. A database error
    ends the batch at once: the articles left are claimed by a lease that
    runs out.
    """
    if budget_seconds is None:
        budget_seconds = settings.NEWSDIFFS_CHECK_BATCH_SECONDS
    started = time.monotonic()
    held = QuietChecks()
    checks, crashes = [], []
    for index, article in enumerate(articles):
        if index and time.monotonic() - started > budget_seconds:
            held.write()
            return checks, articles[index:]
        try:
            checks.append(check_article(article.pk, fetcher, now, article=article, held=held))
        except Exception as error:
            record_crash(article.pk, error)
            if isinstance(error, DatabaseError):
                raise
            crashes.append(error)
        if held.is_due():
            held.write()
    held.write()
    if crashes:
        raise crashes[0]
    return checks, []
