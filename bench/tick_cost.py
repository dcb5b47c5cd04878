"""How the scheduler's tick cost grows with the archive (it should not).

Builds archives of increasing size with the same number of due articles and
times one tick's selection and claim on each, in one run, reporting the
ratio to the smallest archive. Jobs are not run: only the tick is measured.

    .venv/bin/python bench/tick_cost.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench .venv/bin/python bench/tick_cost.py
    ... bench/tick_cost.py --sizes 10000,100000,1000000   # other archive sizes
"""

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NEWSDIFFS_VAR_DIR", tempfile.mkdtemp(prefix="newsdiffs-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiffs.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import jobs  # noqa: E402
from articles.models import Article, Source  # noqa: E402

DUE = 200
SIZES = [2_000, 20_000, 200_000]
REPEATS = 5


def grow_to(source, size, now):
    """Add not-due articles (checked later, stopped, gone) until the archive has `size`."""
    have = Article.objects.count()
    batch = []
    states = ["active", "active", "stopped", "gone"]
    for i in range(have, size):
        state = states[i % len(states)]
        batch.append(
            Article(
                source=source,
                url=f"https://bench.example/a/{i}",
                url_key=f"bench.example/a/{i}",
                state=state,
                next_check_at=now + timedelta(hours=1 + i % 500),
            )
        )
        if len(batch) == 10_000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)


def make_due(source, now):
    Article.objects.filter(url__startswith="https://bench.example/due/").delete()
    Article.objects.bulk_create(
        Article(
            source=source,
            url=f"https://bench.example/due/{i}",
            url_key=f"bench.example/due/{i}",
            next_check_at=now - timedelta(minutes=1),
        )
        for i in range(DUE)
    )


def analyze():
    """Refresh the planner's statistics, as autovacuum does on a live archive.

    Right after a bulk load they describe the archive before it, and a plan
    chosen from them says nothing about the archive at this size.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")


def time_tick(source, now):
    best = float("inf")
    for _ in range(REPEATS):
        make_due(source, now)
        started = time.perf_counter()
        _, claimed = jobs.tick(now)
        best = min(best, time.perf_counter() - started)
        assert claimed == DUE, claimed
    return best


def main():
    if "--sizes" in sys.argv:
        SIZES[:] = [int(size) for size in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    call_command("migrate", verbosity=0)
    jobs.enqueue = lambda func, *args: None  # measure the tick, not the checks
    Article.objects.all().delete()
    source, _ = Source.objects.get_or_create(
        slug="bench",
        defaults={"name": "Bench", "homepage": "https://bench.example/"},
    )
    source.next_discovery_at = timezone.now() + timedelta(days=365)
    source.save()
    now = timezone.now()
    results = []
    for size in SIZES:
        grow_to(source, size, now)
        analyze()
        results.append((size, time_tick(source, now)))
    base = results[0][1]
    engine = django.db.connection.vendor
    print(f"tick with {DUE} due articles, best of {REPEATS}, {engine}")
    for size, seconds in results:
        print(f"  {size:>8} articles: {seconds * 1000:7.1f} ms  ratio {seconds / base:4.2f}")
    Article.objects.all().delete()


if __name__ == "__main__":
    main()
