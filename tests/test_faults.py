"""Nothing lost under faults: every revision the news site served is archived.

The archive runs as in production (two schedulers, two RQ workers) on its
own Redis and its own PostgreSQL, started here on spare ports, against the
local news site, whose stories change more slowly than the archive
re-checks them. Meanwhile jobs and workers are killed with SIGKILL, Redis is
restarted (losing its queue) and PostgreSQL is restarted fast and
immediately. Then the site stops changing and the archive catches up: every
revision any fetch was served must be a version.

Slow (a few minutes) and needs redis-server and PostgreSQL's initdb: it runs
in CI's PostgreSQL pass (`-m fault` alone: `PYTEST_ARGS="-m fault" make test`).
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from articles.management.commands.runarchive import Child
from newsroom import Newsroom, NewsroomServer, site
from newsroom.stories import random_edit

ROOT = Path(__file__).resolve().parent.parent
INITDB = shutil.which("initdb") or next(
    iter(Path("/usr/lib/postgresql").glob("*/bin/initdb")), None
)
PG_CTL = Path(INITDB).with_name("pg_ctl") if INITDB else None
RUN_AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.skipif(INITDB is None, reason="needs PostgreSQL's initdb"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the PostgreSQL pass",
    ),
]

EDIT_EVERY = 30.0  # seconds between two edits of one story
RECHECK = "2s"  # the archive's re-check interval while a story is young


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    def __init__(self, workdir):
        self.port, self.workdir, self.process = free_port(), workdir, None

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class OwnPostgres:
    def __init__(self):
        # Its own folder: pytest's are closed to the postgres user initdb runs as.
        self.home = Path(tempfile.mkdtemp(prefix="newsdiffs-pg-"))
        self.port, self.data = free_port(), self.home / "pgdata"

    def pg_ctl(self, *args):
        subprocess.run([*RUN_AS_POSTGRES, str(PG_CTL), "-D", str(self.data), *args], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def start(self):
        self.data.mkdir()
        if RUN_AS_POSTGRES:
            shutil.chown(self.home, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run([*RUN_AS_POSTGRES, INITDB, "-D", str(self.data), "-A", "trust", "-U",
                        "postgres"], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=on"
        self.pg_ctl("-o", options, "-w", "-l", str(self.data / "log"), "start")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        "newsdiffs_fault"], check=True)  # fmt: skip

    def restart(self, mode):
        self.pg_ctl("-m", mode, "-w", "restart")

    def stop(self):
        self.pg_ctl("-m", "fast", "-w", "stop")
        shutil.rmtree(self.home)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/newsdiffs_fault"


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


class ServedRevisions:
    """Records every revision of every story the site renders for a fetch."""

    def __init__(self, monkeypatch):
        self.served = set()
        render = site._article_page

        def recording(room, story):
            photo = f"/images/{story.slug}-{story.photo}.svg"
            self.served.add((story.slug, story.title, "\n\n".join(story.paragraphs), photo))
            return render(room, story)

        monkeypatch.setattr(site, "_article_page", recording)


# Texts are stored as delta chains: the archive's own code reads them back.
DUMP_VERSIONS = (
    "import json; from articles.models import Version; print(json.dumps(["
    "[v.article.url, v.title, v.text, v.lead_image_url or '']"
    " for v in Version.objects.select_related('article')]))"
)


def archived(env):
    dump = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", DUMP_VERSIONS],
                          env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return {
        (url.rsplit("/", 1)[-1], title, text, urlsplit(image).path)
        for url, title, text, image in json.loads(dump.stdout.strip().splitlines()[-1])
    }


def work_horses(workers):
    """The forked children running jobs right now."""
    pids = []
    for worker in workers:
        found = subprocess.run(["pgrep", "-P", str(worker.process.pid)], capture_output=True,
                               text=True)  # fmt: skip
        pids += [int(pid) for pid in found.stdout.split()]
    return pids


@pytest.fixture
def services(tmp_path):
    redis, postgres = OwnRedis(tmp_path), OwnPostgres()
    redis.start()
    postgres.start()
    yield redis, postgres
    redis.stop()
    postgres.stop()


def test_no_served_revision_is_lost_to_killed_jobs_workers_and_restarts(
    services, tmp_path, monkeypatch
):
    redis, postgres = services
    served = ServedRevisions(monkeypatch)
    room = Newsroom()
    room.article_delay = 0.5  # a check is in flight long enough to be killed
    server = NewsroomServer(room).start()
    env = {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "NEWSDIFFS_VAR_DIR": str(tmp_path),
        "NEWSDIFFS_ALLOW_PRIVATE_URLS": "1",
        "NEWSDIFFS_HOST_DELAY": "0",
        "NEWSDIFFS_SCHEDULE": f"1d:{RECHECK}",
        "NEWSDIFFS_TICK_SECONDS": "1",
        "NEWSDIFFS_RUN_LEASE_SECONDS": "6",
        "NEWSDIFFS_QUEUE_LEASE_SECONDS": "12",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "add_source", "Courier", "--homepage", server.base_url + "/",
                    "--feed", server.base_url + "/feed.xml"], env=env, check=True)  # fmt: skip
    log = (tmp_path / "archive.log").open("w")
    worker = [*manage, "rqworker", "--with-scheduler", "default"]
    parts = [Child([*manage, "runscheduler"], env, log) for _ in range(2)]
    workers = [Child(worker, env, log) for _ in range(2)]
    rng = random.Random(11)
    next_edit = {slug: time.monotonic() + 10 + i * EDIT_EVERY / len(room.stories)
                 for i, slug in enumerate(room.stories)}  # fmt: skip

    def run_for(seconds, editing=True):
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            for child in parts + workers:
                if child.process.poll() is not None:  # as a supervisor would: at once
                    child.process = child._start()
            now = time.monotonic()
            for slug, due in next_edit.items():
                if editing and now >= due:
                    with room.lock:
                        random_edit(room.stories[slug], rng)
                    next_edit[slug] = now + EDIT_EVERY
            time.sleep(0.2)

    killed_jobs = 0
    try:
        run_for(15)
        for _ in range(3):  # kill -9 of a job: the work horse, mid-check
            deadline = time.monotonic() + 10
            while not (horses := work_horses(workers)) and time.monotonic() < deadline:
                time.sleep(0.05)
            for pid in horses[:1]:
                os.kill(pid, signal.SIGKILL)
                killed_jobs += 1
            run_for(5)
        os.kill(workers[0].process.pid, signal.SIGKILL)  # kill -9 of a worker
        run_for(15)
        redis.stop()  # Redis restarts, its queue lost
        time.sleep(1)
        redis.start()
        run_for(20)
        postgres.restart("fast")
        run_for(20)
        postgres.restart("immediate")
        run_for(20)
        # The site stops changing; the archive catches up.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not served.served <= archived(env):
            run_for(3, editing=False)
        missing = served.served - archived(env)
    finally:
        for child in parts + workers:
            child.terminate()
        for child in parts + workers:
            child.wait(timeout=20)
        server.stop()
        log.close()
    assert killed_jobs >= 1  # a check was in flight when its job was killed
    assert len(served.served) > len(room.stories) * 3  # the site did change meanwhile
    assert missing == set(), (tmp_path / "archive.log").read_text()[-5000:]
