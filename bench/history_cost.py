"""How an article's history page costs as the article ages (it should not grow).

Builds two articles of realistic length, one with 10 versions and one with
1,000 (a sentence reworded, a paragraph added or removed, now and then a
headline or a boring change), then renders each history page in turn through
Django's test client in one run and reports p50 and p95 and the ratio, and
the size of the HTML. The goal (issue 10): the 1,000-version page costs at
most 3x the 10-version page and stays under 150 KB.

    .venv/bin/python bench/history_cost.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench .venv/bin/python bench/history_cost.py
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NEWSDIFFS_VAR_DIR", tempfile.mkdtemp(prefix="newsdiffs-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiffs.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import content, textnorm  # noqa: E402
from articles.comparison import diffing  # noqa: E402
from articles.models import Article, Source, Version  # noqa: E402

ROUNDS = 40
WORDS = (
    "council", "bridge", "repairs", "traffic", "ferry", "harbour", "minister", "budget",
    "river", "school", "hospital", "police", "witness", "storm", "election", "court",
    "report", "residents", "officials", "weekend", "morning",
)  # fmt: skip


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 24))).capitalize() + "."


def edited(paragraphs, rng):
    """One realistic edit of a story's paragraphs."""
    paragraphs = list(paragraphs)
    kind = rng.random()
    index = rng.randrange(len(paragraphs))
    if kind < 0.5:
        sentences = paragraphs[index].split(". ")
        sentences[rng.randrange(len(sentences))] = sentence(rng).rstrip(".")
        paragraphs[index] = ". ".join(sentences)
    elif kind < 0.75 or len(paragraphs) < 6:
        paragraphs.insert(index, " ".join(sentence(rng) for _ in range(3)))
    else:
        paragraphs.pop(index)
    return paragraphs


def build(source, versions, rng):
    article = Article.objects.create(source=source, url=f"https://bench.example/{versions}")
    paragraphs = [" ".join(sentence(rng) for _ in range(3)) for _ in range(12)]
    title = "Harbour bridge to close for repairs"
    start = timezone.now() - timedelta(days=400)
    previous = None
    rows = []
    for number in range(1, versions + 1):
        if number > 1:
            paragraphs = edited(paragraphs, rng)
            if rng.random() < 0.05:
                title = f"{title.split(' (')[0]} (update {number})"
        new = content.Content(title=title, byline="By A. Reporter", text="\n\n".join(paragraphs))
        diff = diffing.compare(previous.paragraphs(), new.paragraphs()) if previous else []
        added, removed = diffing.sizes(diff)
        rows.append(
            Version(
                article=article,
                number=number,
                archived_at=start + timedelta(hours=number * 9),
                **new.as_fields(),
                text_hash=textnorm.text_hash(new.text),
                chars_added=added,
                chars_removed=removed,
            )
        )
        previous = new
    Version.objects.bulk_create(rows, batch_size=500)
    article.recount()
    article.save()
    return article


def measure(client, articles):
    """Render each history in turn, ROUNDS times: {versions: (p50 ms, p95 ms, bytes)}."""
    timings = {count: [] for count in articles}
    size = {}
    for _ in range(ROUNDS):
        for count, article in articles.items():
            started = time.perf_counter()
            response = client.get(f"/articles/{article.pk}/")
            timings[count].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            size[count] = len(response.content)
    result = {}
    for count, samples in timings.items():
        samples.sort()
        p95 = samples[int(len(samples) * 0.95) - 1]
        result[count] = (statistics.median(samples), p95, size[count])
    return result


def main():
    call_command("migrate", verbosity=0)
    Article.objects.filter(url__startswith="https://bench.example/").delete()
    source, _ = Source.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "homepage": "https://bench.example/"}
    )
    rng = random.Random(7)
    articles = {count: build(source, count, rng) for count in (10, 1000)}
    result = measure(Client(), articles)
    base = result[10][0]
    print(f"history page, {ROUNDS} rounds, {django.db.connection.vendor}")
    for count, (p50, p95, size) in result.items():
        print(
            f"  {count:>5} versions: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            f"  ratio {p50 / base:4.2f}  {size / 1000:6.1f} KB"
        )
    Article.objects.filter(url__startswith="https://bench.example/").delete()


if __name__ == "__main__":
    main()
