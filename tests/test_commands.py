"""The management commands an operator types."""

import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
import requests
from django.core.management import CommandError, call_command

from articles.discovery.links import classify_link
from articles.models import DiscoveryURL, Source

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_add_source_prints_the_slug_and_stores_the_discovery_urls():
    slug = run(
        "add_source",
        "The Daily Example",
        "--homepage=https://daily.example/",
        "--feed=https://daily.example/rss",
        "--feed=https://daily.example/world/rss",
        "--front-page=https://daily.example/",
        r"--pattern=/\d{4}/\d{2}/",
    )
    assert slug == "the-daily-example"
    source = Source.objects.get(slug=slug)
    assert source.article_url_pattern == r"/\d{4}/\d{2}/"
    kinds = sorted(source.discovery_urls.values_list("kind", flat=True))
    assert kinds == ["feed", "feed", "front_page"]


@pytest.mark.django_db
def test_add_source_refuses_a_bad_pattern_with_a_clear_message():
    with pytest.raises(CommandError, match="article_url_pattern: Not a valid regular expression"):
        run("add_source", "Bad", "--homepage=https://bad.example/", "--pattern=(unclosed")
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_add_source_refuses_a_duplicate_slug():
    run("add_source", "Twice", "--homepage=https://twice.example/")
    with pytest.raises(CommandError, match="exists already"):
        run("add_source", "Twice", "--homepage=https://twice.example/")


@pytest.mark.django_db
def test_scrape_discovers_checks_and_summarises(courier, newsroom):
    summary = run("scrape")
    assert summary == (
        "Discovery: 11 links, 4 new articles. Checks: 4 checked, 4 new versions, "
        "0 boring, 0 unchanged, 0 suspicious, 0 errors."
    )
    newsroom.edit("school-meals-trial", title="Schools trial free breakfasts for all pupils")
    summary = run("scrape", "--source=courier", "--all")
    assert summary.endswith(
        "4 checked, 1 new versions, 0 boring, 3 unchanged, 0 suspicious, 0 errors."
    )


@pytest.mark.django_db
def test_scrape_of_an_unknown_source_fails():
    with pytest.raises(CommandError, match="No source"):
        run("scrape", "--source=nope")


@pytest.mark.django_db
def test_check_article_prints_the_outcome(track, newsroom):
    article = track("river-flood-warning")
    line = run("check_article", article.url.replace("http://", "HTTP://") + "?utm_source=x")
    assert line.startswith(f"New version: {article.url} (HTTP 200, ")
    assert "version 1, +" in line


def test_check_article_of_an_article_an_admin_stopped_leaves_it_stopped(track, newsroom):
    from articles.models import Article

    article = track("river-flood-warning")
    Article.objects.filter(pk=article.pk).update(state=Article.State.STOPPED)
    line = run("check_article", article.url)
    assert line.startswith(f"New version: {article.url}")
    article.refresh_from_db()
    assert article.state == Article.State.STOPPED
    assert article.version_count == 1
    assert not Article.objects.due(article.next_check_at).filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_check_article_of_an_untracked_url_fails(db):
    with pytest.raises(CommandError, match="not tracked"):
        run("check_article", "https://nowhere.example/a")


@pytest.mark.django_db
def test_starter_sources_load_once():
    run("load_starter_sources")
    run("load_starter_sources")
    assert Source.objects.count() >= 5
    assert DiscoveryURL.objects.filter(source__slug="guardian").count() == 2
    guardian = Source.objects.get(slug="guardian")
    assert guardian.matches_pattern("https://www.theguardian.com/world/2026/mar/01/a-story")
    assert not guardian.matches_pattern("https://www.theguardian.com/world/live/2026/mar/01/x")
    bbc = Source.objects.get(slug="bbc-news")
    rss_link = "https://www.bbc.com/news/articles/c4g3ek9n8kzo?at_medium=RSS&at_campaign=rss"
    assert classify_link(bbc, rss_link).accepted


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Output:
    """A child's output, line by line as it comes, so a test waits for what it logs."""

    def __init__(self, stream):
        self.lines = []
        self._queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream):
        for line in stream:
            self._queue.put(line.decode(errors="replace"))
        self._queue.put(None)

    def wait_for(self, done, timeout):
        """Read lines until done(lines) holds; fail with the output after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not done(self.lines):
            remaining = deadline - time.monotonic()
            try:
                line = self._queue.get(timeout=max(remaining, 0))
            except queue.Empty:
                line = None
            if line is None:
                pytest.fail(
                    "the output ended or stalled before it showed what was awaited:\n"
                    + "".join(self.lines)
                )
            self.lines.append(line)

    def rest(self, timeout):
        self._reader.join(timeout)
        while not self._queue.empty():
            line = self._queue.get()
            if line is not None:
                self.lines.append(line)
        return "".join(self.lines)


def _sigint_as_at_a_terminal():
    # A shell starts background jobs with SIGINT ignored, and Python keeps an
    # ignored SIGINT ignored; Ctrl-C at a terminal reaches a process that has not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _count(lines, text):
    return sum(text in line for line in lines)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_runarchive_demo_archives_the_local_site_and_stops_on_ctrl_c_or_sigterm(
    tmp_path, stop_signal
):
    # SIGTERM is what a supervisor (systemd, a container runtime) stops it with.
    web_port, demo_port = _free_port(), _free_port()
    database = tmp_path / "demo.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "LOG_LEVEL")},
        "DATABASE_URL": f"sqlite:///{database}",
        "NEWSDIFFS_VAR_DIR": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "runarchive",
        "--demo",
        "--no-input",
        f"--addr=127.0.0.1:{web_port}",
        f"--demo-port={demo_port}",
    ]
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_sigint_as_at_a_terminal,
    )
    output = _Output(process.stdout)
    try:
        # The web server says when it listens; each check logs its outcome.
        output.wait_for(lambda lines: _count(lines, "Listening at:"), timeout=60)
        output.wait_for(lambda lines: _count(lines, "outcome=new_version") >= 4, timeout=60)
        front = requests.get(f"http://127.0.0.1:{web_port}/", timeout=10)
        assert front.status_code == 200
        assert front.headers["Server"].startswith("gunicorn")  # a production server, as documented
        css = requests.get(f"http://127.0.0.1:{web_port}/static/css/site.css", timeout=10)
        assert css.status_code == 200
    finally:
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
            log = output.rest(timeout=10)
    assert process.returncode == 0, log
    assert "Stopped." in log
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from articles_version").fetchone()[0] >= 4
    # The web server and the demo site went with it.
    for port in (web_port, demo_port):
        with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
            sock.connect(("127.0.0.1", port))


def test_runarchive_on_a_busy_port_says_which_option_to_change():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match=f"Cannot listen on 127.0.0.1:{port}.*--addr"):
            call_command("runarchive", f"--addr=127.0.0.1:{port}", "--no-input")
        with pytest.raises(CommandError, match="--demo-port"):
            call_command(
                "runarchive",
                f"--addr=127.0.0.1:{_free_port()}",
                "--demo",
                f"--demo-port={port}",
                "--no-input",
            )
