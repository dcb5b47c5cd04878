"""Where jobs run: RQ workers when REDIS_URL is set, in-process otherwise."""

import logging

import django_rq
from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

QUEUE_NAME = "default"


def uses_redis():
    return bool(settings.REDIS_URL)


def get_queue():
    return django_rq.get_queue(QUEUE_NAME)


def _run_inline(func, args):
    try:
        func(*args)
    except Exception:
        # A worker would log the failure and carry on; so does the in-process runner.
        log.exception("job %s%r failed", func.__name__, args)


def enqueue(func, *args):
    """Run func(*args) as a job once the current transaction commits."""
    log.debug("enqueue job=%s args=%r redis=%s", func.__name__, args, uses_redis())
    if uses_redis():
        transaction.on_commit(lambda: get_queue().enqueue(func, *args))
    else:
        transaction.on_commit(lambda: _run_inline(func, args))
