"""What the exports cost: time and peak Python memory of export_warc and export_jsonl.

Builds an archive in a temporary SQLite database through the real storage
path (bodies, headers and texts as zstd delta chains): ARTICLES articles of
VERSIONS versions each, every body some 30 KB of page around the story with
one paragraph edited a version, plus one article of LONG versions, the
history a batch-by-batch export must not hold whole. Then it times each
export and, in a second run under tracemalloc, its peak memory.

    .venv/bin/python bench/export_cost.py [--articles 100] [--versions 20] [--long 1000]
"""

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NEWSDIFFS_VAR_DIR", tempfile.mkdtemp(prefix="newsdiffs-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiffs.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from articles import textnorm  # noqa: E402
from articles.models import Article, Source, Version  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = [
    "council",
    "harbour",
    "ferry",
    "bridge",
    "repairs",
    "closure",
    "drivers",
    "tickets",
    "river",
    "school",
]


def sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(25)).capitalize() + "."


def page(title, paragraphs, n):
    furniture = "".join(
        f'<li><a href="/related/{n}-{i}">Related story {i}</a></li>' for i in range(300)
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body><nav><ul>{furniture}"
        f"</ul></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def build(source, slug, versions, rng):
    article = Article.objects.create(source=source, url=f"https://bench.example/news/{slug}")
    paragraphs = [sentence(rng) for _ in range(12)]
    previous = None
    for n in range(1, versions + 1):
        paragraphs[rng.randrange(len(paragraphs))] = sentence(rng)
        title = f"Story {slug}, edition {n}"
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Set-Cookie", f"s={n}")]
        version = Version(
            article=article,
            number=n,
            archived_at=START + timedelta(hours=n),
            title=title,
            text=textnorm.normalise_paragraphs(paragraphs),
            text_hash="",
            fetched_url=article.url,
            http_status=200,
            chars_added=10,
            chars_removed=5,
            **Version.body_fields(page(title, paragraphs, n), after=previous),
            **Version.header_fields(headers, after=previous),
        )
        version.save()
        previous = version
    article.recount()
    article.save()


def timed(command, out, memory=False):
    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    call_command(command, str(out), stdout=StringIO(), stderr=StringIO())
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if memory else 0
    tracemalloc.stop()
    return seconds, peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--versions", type=int, default=20)
    parser.add_argument("--long", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(1)
    source = Source.objects.create(name="Bench", slug="bench", homepage="https://bench.example/")
    started = time.perf_counter()
    for i in range(args.articles):
        build(source, f"story-{i}", args.versions, rng)
    if args.long:
        build(source, "long-story", args.long, rng)
    count = Version.objects.count()
    print(f"built {count} versions in {time.perf_counter() - started:.0f} s")
    folder = Path(tempfile.mkdtemp(prefix="newsdiffs-export-"))
    for command, name in (("export_warc", "a.warc.gz"), ("export_jsonl", "a.jsonl.gz")):
        seconds, _ = timed(command, folder / name)
        _, peak = timed(command, folder / f"m-{name}", memory=True)
        size = (folder / name).stat().st_size
        print(
            f"{command}: {seconds:.1f} s ({count / seconds:.0f} versions/s), "
            f"{size / 1e6:.1f} MB, peak Python memory {peak / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    main()
