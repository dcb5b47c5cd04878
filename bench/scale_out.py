"""Scale out: checks per CPU-second and per second with 1, 2 and 4 RQ workers.

Runs against PostgreSQL (DATABASE_URL) and a Redis of its own (started here
on a spare port), with a local news site of ARTICLES stories in another
process. For each number of workers it enqueues a check of every article,
in jobs of NEWSDIFFS_CHECK_BATCH as the tick deals them (`--batch 1`: a job
an article, as before batches), and lets that many `rqworker --burst`
processes drain the queue twice:
first checks (every article gets its version 1) and re-checks (nothing
changed). It reports wall time, the workers' CPU time, checks per second and
checks per CPU-second, all in one run.

    createdb -h 127.0.0.1 -U postgres nd_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_scale .venv/bin/python bench/scale_out.py
    ... bench/scale_out.py --articles 300 --worker-class rq.worker.SimpleWorker
    ... bench/scale_out.py --batch 1     # a job an article
"""

import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    sys.exit("Set DATABASE_URL to a PostgreSQL database you can fill and empty (see the top).")
os.environ.setdefault("NEWSDIFFS_VAR_DIR", tempfile.mkdtemp(prefix="newsdiffs-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiffs.settings")
os.environ["NEWSDIFFS_ALLOW_PRIVATE_URLS"] = "1"
os.environ["NEWSDIFFS_HOST_DELAY"] = "0"
os.environ["LOG_LEVEL"] = "WARNING"

ARTICLES = 1000
WORKERS = (1, 2, 4)
WORKER_CLASS = "rq.worker.Worker"  # RQ's default: a forked work horse per job
BATCH = None  # NEWSDIFFS_CHECK_BATCH unless --batch N
SITE = """
import sys
from newsroom import Newsroom, NewsroomServer
from newsroom.stories import Story
paragraphs = ["The council met on Tuesday to discuss the harbour bridge repairs. " * 4] * 8
room = Newsroom(stories=[
    Story(slug=f"story-{i}", title=f"Story {i}", byline="By A. Reporter", paragraphs=paragraphs)
    for i in range(int(sys.argv[1]))
])
room.conditional_get = False
NewsroomServer(room, port=int(sys.argv[2])).start()
print("ready", flush=True)
sys.stdin.read()
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command, ready_port=None):
    process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    if ready_port is None:
        assert process.stdout.readline().strip() == "ready"
    else:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", ready_port)) == 0:
                    break
            time.sleep(0.1)
    return process


def options():
    global ARTICLES, WORKER_CLASS, BATCH
    arguments = sys.argv[1:]
    if "--batch" in arguments:
        BATCH = int(arguments[arguments.index("--batch") + 1])
    if "--articles" in arguments:
        ARTICLES = int(arguments[arguments.index("--articles") + 1])
    if "--worker-class" in arguments:
        WORKER_CLASS = arguments[arguments.index("--worker-class") + 1]


def main():
    options()
    site_port, redis_port = free_port(), free_port()
    site = start([sys.executable, "-c", SITE, str(ARTICLES), str(site_port)])
    redis = start(["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
                  ready_port=redis_port)  # fmt: skip
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from articles import jobs
    from articles.models import Article, Source
    from newsdiffs.queues import get_queue

    global BATCH
    BATCH = BATCH or settings.NEWSDIFFS_CHECK_BATCH
    try:
        call_command("migrate", verbosity=0)
        Source.objects.filter(slug="bench").delete()
        base = f"http://127.0.0.1:{site_port}"
        source = Source.objects.create(name="Bench", slug="bench", homepage=base + "/")
        queue = get_queue()
        print(
            f"{ARTICLES} articles, PostgreSQL, {WORKER_CLASS}, jobs of {BATCH}"
            " (CPU: the workers' own)"
        )
        for workers in WORKERS:
            Article.objects.filter(source=source).delete()
            Article.objects.bulk_create(
                Article(source=source, url=f"{base}/news/story-{i}", url_key=f"x/{workers}/{i}")
                for i in range(ARTICLES)
            )
            ids = list(Article.objects.filter(source=source).values_list("pk", flat=True))
            for label in ("first checks", "re-checks"):
                for batch in jobs._batches(ids, BATCH):
                    queue.enqueue(jobs.run_checks, batch)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.monotonic()
                command = [sys.executable, str(ROOT / "manage.py"), "rqworker", "--burst"]
                command += ["--worker-class", WORKER_CLASS]
                pool = [
                    subprocess.Popen([*command, "default"], cwd=ROOT, stdout=subprocess.DEVNULL)
                    for _ in range(workers)
                ]
                for process in pool:
                    process.wait()
                wall = time.monotonic() - started
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                print(
                    f"  {workers} worker(s), {label:12}: {wall:6.1f} s, CPU {cpu:6.1f} s, "
                    f"{ARTICLES / wall:6.1f} checks/s, {ARTICLES / cpu:6.1f} checks per CPU-s"
                )
        Source.objects.filter(slug="bench").delete()
    finally:
        for process in (site, redis):
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
