"""Where jobs run: RQ workers when REDIS_URL is set, in-process otherwise.

In-process, `runarchive` starts a worker thread so the scheduler's tick
only enqueues (and its heartbeat stays honest); any other process, such
as the web server's, runs an enqueued job inline once its transaction
commits.
"""

import logging
import queue
import threading

import django_rq
from django.conf import settings
from django.db import close_old_connections, transaction
from rq import Retry

log = logging.getLogger(__name__)

QUEUE_NAME = "default"
# Seconds before each retry of a failed job (RQ's scheduler, which workers
# started with --with-scheduler run, brings it back).
RETRY_INTERVALS = [10, 60, 300]


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


class LocalWorker(threading.Thread):
    """Runs jobs one after another in this process, when there is no Redis."""

    def __init__(self):
        super().__init__(daemon=True, name="newsdiffs-worker")
        self.jobs = queue.Queue()
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                func, args = self.jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                _run_inline(func, args)
            finally:
                close_old_connections()
                self.jobs.task_done()

    def submit(self, func, args):
        self.jobs.put((func, args))

    def stop(self, timeout=30):
        self.stopping.set()
        self.join(timeout)


_local_worker = None


def start_local_worker():
    global _local_worker
    _local_worker = LocalWorker()
    _local_worker.start()
    return _local_worker


def stop_local_worker():
    global _local_worker
    if _local_worker is not None:
        _local_worker.stop()
        _local_worker = None


def enqueue(func, *args):
    """Run func(*args) as a job once the current transaction commits.

    On RQ a job that fails (the database restarting under it, say) is tried
    again after 10 s, 1 min and 5 min; jobs are safe to run twice.
    """
    log.debug("enqueue job=%s args=%r redis=%s", func.__name__, args, uses_redis())
    if uses_redis():
        retry = Retry(max=len(RETRY_INTERVALS), interval=RETRY_INTERVALS)
        transaction.on_commit(lambda: get_queue().enqueue(func, *args, retry=retry))
    elif _local_worker is not None:
        worker = _local_worker
        transaction.on_commit(lambda: worker.submit(func, args))
    else:
        transaction.on_commit(lambda: _run_inline(func, args))
