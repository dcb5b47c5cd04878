"""The scheduler and runarchive's parts keep going through outages."""

import logging
import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError

from articles import jobs
from articles.management.commands.runarchive import Child
from articles.models import Heartbeat

EXITS_AT_ONCE = [sys.executable, "-c", "raise SystemExit(3)"]


@pytest.mark.django_db
def test_runscheduler_once_ticks_and_beats():
    call_command("runscheduler", "--once")
    assert Heartbeat.age("scheduler") is not None


@pytest.mark.django_db
def test_a_failed_tick_is_logged_and_the_next_one_runs(monkeypatch, caplog):
    calls = []

    def tick(now=None):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return (0, 0)

    monkeypatch.setattr(jobs, "tick", tick)
    with caplog.at_level(logging.ERROR, logger="articles.jobs"):
        assert jobs.tick_safely() is None
    assert "tick failed; the next one tries again" in caplog.text
    assert "server closed the connection" in caplog.text
    assert jobs.tick_safely() == (0, 0)


def exited(child):
    child.process.wait(timeout=10)
    return child


def test_a_part_that_exits_is_started_again_after_a_growing_pause():
    child = exited(Child(EXITS_AT_ONCE, env=None))
    first = child.process
    assert child.keep_running(now=100.0) is None
    assert child.restart_at == 101.0  # 1 s after the first exit
    assert child.keep_running(now=100.5) is None
    assert child.process is first  # not yet
    assert child.keep_running(now=101.0) is None
    assert child.process is not first
    exited(child)
    assert child.keep_running(now=102.0) is None
    assert child.restart_at == 104.0  # 2 s after the second
    child.terminate()


def test_a_part_that_keeps_exiting_stops_the_archive_with_a_reason():
    child = Child(EXITS_AT_ONCE, env=None)
    now = 100.0
    failure = None
    for _ in range(Child.CRASH_LOOP_EXITS):
        exited(child)
        failure = child.keep_running(now=now)
        if failure:
            break
        now = child.restart_at
        child.keep_running(now=now)
    assert failure == f"{child.name} exited 5 times in a minute (last with 3)"


def test_exits_an_hour_apart_are_no_crash_loop():
    child = Child(EXITS_AT_ONCE, env=None)
    now = 0.0
    for _ in range(Child.CRASH_LOOP_EXITS + 2):
        exited(child)
        assert child.keep_running(now=now) is None
        assert child.restart_at == now + 1  # each exit is the first in its minute
        child.keep_running(now=child.restart_at)
        now += 3600
    child.terminate()


def test_runscheduler_stops_on_sigterm_between_ticks(tmp_path):
    # What a supervisor sends. Its handler once set an Event the loop waited
    # on, which could block on that Event's own lock for ever.
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")},
        "NEWSDIFFS_VAR_DIR": str(tmp_path),
        "NEWSDIFFS_TICK_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, check=True, timeout=120)
    process = subprocess.Popen(
        [*manage, "runscheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(2):  # two ticks: it is waiting between them
            while b"tick sources=" not in process.stdout.readline():
                assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
