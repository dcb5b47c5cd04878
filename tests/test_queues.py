"""The in-process job runner used when there is no Redis."""

import threading

import pytest

from newsdiffs import queues


def test_without_a_worker_a_job_runs_inline_after_commit(django_capture_on_commit_callbacks, db):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        queues.enqueue(ran.append, "done")
        assert ran == []  # not before the transaction commits
    assert ran == ["done"]


def test_the_local_worker_runs_jobs_off_the_enqueuing_thread(
    django_capture_on_commit_callbacks, db
):
    threads = []
    worker = queues.start_local_worker()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            queues.enqueue(lambda: threads.append(threading.current_thread().name))
        worker.jobs.join()
    finally:
        queues.stop_local_worker()
    assert threads == ["newsdiffs-worker"]
    assert not worker.is_alive()


def test_a_failing_job_does_not_stop_the_local_worker(django_capture_on_commit_callbacks, db):
    ran = []
    worker = queues.start_local_worker()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            queues.enqueue(lambda: 1 / 0)
            queues.enqueue(ran.append, "after")
        worker.jobs.join()
    finally:
        queues.stop_local_worker()
    assert ran == ["after"]


@pytest.fixture(autouse=True)
def _no_worker_left_behind():
    yield
    queues.stop_local_worker()
