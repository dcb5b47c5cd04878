"""Bytes the archive keeps per version, against git keeping the same (issue 10).

Builds a realistic history from the 88 real pages of the extraction
benchmark (read where they are, never copied): each page becomes an article
with 5 to 20 versions (sentences reworded, paragraphs added and removed,
headline changes), and every fetch carries fresh page furniture around the
story (timestamps, related links, ad slots and tracking pixels, comment
counts, session tokens) and realistic response headers. Each fetch goes
through the real check (extraction, change detection, storage) from an
in-memory fetcher, articles interleaved as a scheduler would check them.

In the same run, every archived version's body and text (with its title and
byline) are committed to a temporary git repository, one commit per version
as NewsDiffs did, and `git gc --aggressive` packs them. The goal: the
versions table (rows, TOAST, every index including the search index) takes
at most 1.5x the pack.

    .venv/bin/python bench/storage.py [DATASET]            # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench .venv/bin/python bench/storage.py

DATASET defaults to ../shared/extraction-benchmark; --pages N takes the
first N pages only (a quick look). The database's articles are replaced.
"""

import argparse
import copy
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NEWSDIFFS_VAR_DIR", tempfile.mkdtemp(prefix="newsdiffs-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiffs.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

import lxml.html  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles import textnorm  # noqa: E402
from articles.checking import check  # noqa: E402
from articles.extraction import parse_html  # noqa: E402
from articles.extraction.decoding import decode_html  # noqa: E402
from articles.fetching import FetchResult  # noqa: E402
from articles.models import Article, Source, Version  # noqa: E402
from quality.noise import edits, furniture, serialise  # noqa: E402
from quality.noise.pages import article_paragraph_elements, element_text, token  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
FURNITURE = (
    furniture.timestamps,
    furniture.replace_related,
    furniture.ads_and_tracking,
    furniture.comment_counts,
)
REWORDINGS = ["reportedly", "initially", "officially", "substantially", "eventually", "recently"]
CLAUSES = [", officials said", ", according to a statement", ", sources confirmed", " on Tuesday"]
ADDED = [
    "A spokesperson confirmed the figures in a statement on {day} evening.",
    "The {body} said it would publish a full report within {n} weeks.",
    "Update: {n} further people have since been interviewed, police said.",
    "Critics called the decision premature, while supporters welcomed it.",
    "The {body} declined to comment further when contacted on {day}.",
    "This article was amended on {day} to correct a figure: it is {n}, not {m}.",
]
BODIES = ["council", "ministry", "company", "university", "agency", "committee"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# --- Editing a page as a newsroom would ------------------------------------------


def _words_in(element):
    """(holder, attribute) of the element's text pieces that have a long word."""
    pieces = [(element, "text")] + [(child, "tail") for child in element]
    return [
        (h, a) for h, a in pieces if len([w for w in (getattr(h, a) or "").split() if len(w) > 4])
    ]


def reword(tree, rng, shingles):
    paragraphs = [p for p in article_paragraph_elements(tree, shingles) if _words_in(p)]
    if not paragraphs:
        return False
    holder, attribute = rng.choice(_words_in(rng.choice(paragraphs)))
    words = getattr(holder, attribute).split(" ")
    if rng.random() < 0.6:
        long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if not long_words:
            return False
        words[rng.choice(long_words)] = rng.choice(REWORDINGS)
    else:
        ends = [i for i, w in enumerate(words) if w.endswith(".")] or [len(words) - 1]
        i = rng.choice(ends)
        words[i] = words[i].rstrip(".") + rng.choice(CLAUSES) + "."
    setattr(holder, attribute, " ".join(words))
    shingles.update(
        textnorm.shingles(element_text(holder.getparent() if attribute == "tail" else holder))
    )
    return True


def add_paragraph(tree, rng, shingles):
    paragraphs = article_paragraph_elements(tree, shingles)
    if not paragraphs:
        return False
    n = rng.randint(2, 40)
    sentence = rng.choice(ADDED).format(day=rng.choice(DAYS), body=rng.choice(BODIES), n=n, m=n + 1)
    paragraph = lxml.html.fragment_fromstring(f"<p>{sentence}</p>")
    rng.choice(paragraphs).addnext(paragraph)
    shingles.update(textnorm.shingles(sentence))
    return True


def remove_paragraph(tree, rng, shingles):
    paragraphs = article_paragraph_elements(tree, shingles)
    if len(paragraphs) < 5:
        return False
    rng.choice(paragraphs[1:]).drop_tree()
    return True


def change_headline(tree, rng, title):
    words = title.split()
    if len(words) < 3:
        return False
    if rng.random() < 0.5:
        new_title = title.replace(
            max(words, key=len), rng.choice(["Revised", "Updated", "Latest"]), 1
        )
    else:
        new_title = f"{title.split(': ')[0]}: {rng.choice(['live', 'update', 'what we know'])}"
    edits._replace_everywhere(tree, title, new_title)
    return True


def edit(tree, rng, shingles, title):
    """One or two editorial changes, as most real revisions are."""
    for _ in range(rng.choice([1, 1, 1, 2])):
        kind = rng.choices(["reword", "add", "remove", "headline"], weights=[50, 25, 12, 13])[0]
        if kind == "headline":
            change_headline(tree, rng, title)
        else:
            {"reword": reword, "add": add_paragraph, "remove": remove_paragraph}[kind](
                tree, rng, shingles
            )


def furnished(tree, rng, shingles):
    """The page as one fetch serves it: the story in this fetch's furniture."""
    page = copy.deepcopy(tree)
    for place in FURNITURE:
        place(page, rng, shingles)
    head = page.find("head") if page.find("head") is not None else page
    head.append(
        lxml.html.fragment_fromstring(
            f'<script nonce="{token(rng, 22)}">window.__SESSION__ = '
            f'{{"id": "{token(rng, 32)}", "t": {rng.randint(1, 10**9)}}};</script>'
        )
    )
    return serialise(page).encode()


def response_headers(rng, body, now):
    """What a news site's CDN answers with: mostly the same from fetch to fetch."""
    date = format_datetime(now, usegmt=True)
    return [
        ("Date", date),
        ("Content-Type", "text/html; charset=utf-8"),
        ("Connection", "keep-alive"),
        ("Content-Encoding", "gzip"),
        ("Vary", "Accept-Encoding"),
        ("Cache-Control", "public, max-age=60, stale-while-revalidate=30"),
        ("ETag", f'W/"{textnorm.bytes_hash(body)[:20]}"'),
        ("Last-Modified", date),
        ("Server", "nginx"),
        ("Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("Set-Cookie", f"session={token(rng, 32)}; Path=/; Secure; HttpOnly; SameSite=Lax"),
        ("Set-Cookie", "geo=GB; Path=/; Max-Age=86400; Secure"),
        ("Age", str(rng.randint(0, 60))),
        ("Via", "1.1 varnish"),
        ("X-Cache", rng.choice(["HIT", "MISS"])),
        ("X-Served-By", f"cache-lhr{rng.randint(7000, 7999)}-LHR"),
        ("X-Request-Id", f"{token(rng, 8)}-{token(rng, 4)}-{token(rng, 4)}-{token(rng, 12)}"),
    ]


class ServedPages:
    """The fetcher the checks use: each URL answers with the page set for it."""

    def __init__(self):
        self.pages = {}

    def fetch(self, url, etag="", last_modified="", accept="html"):
        body, headers = self.pages[url]
        return FetchResult(
            url=url,
            status=200,
            body=body,
            content_type="text/html",
            charset="utf-8",
            headers=headers,
        )


# --- The archive and the git repository, side by side ---------------------------


class GitArchive:
    """A git repository fed one commit per version through fast-import."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="newsdiffs-bench-git-"))
        subprocess.run(["git", "init", "-q", "-b", "main", str(self.folder)], check=True)
        self.importer = subprocess.Popen(
            ["git", "fast-import", "--quiet"], cwd=self.folder, stdin=subprocess.PIPE
        )
        self.commits = 0

    def _data(self, payload):
        self.importer.stdin.write(b"data %d\n" % len(payload) + payload + b"\n")

    def commit(self, version, body):
        text = f"{version.title}\n\n{version.byline}\n\n{version.text}\n".encode()
        folder = f"{version.article_id}"
        stamp = int(version.archived_at.timestamp())
        write = self.importer.stdin.write
        write(b"commit refs/heads/main\n")
        write(b"committer bench <bench@example.com> %d +0000\n" % stamp)
        self._data(f"{version.article.url} version {version.number}".encode())
        for name, payload in ((f"{folder}/page.html", body), (f"{folder}/text.txt", text)):
            write(f"M 100644 inline {name}\n".encode())
            self._data(payload)
        self.commits += 1

    def packed_bytes(self):
        self.importer.stdin.close()
        self.importer.wait()
        subprocess.run(
            ["git", "gc", "--aggressive", "--prune=now", "-q"], cwd=self.folder, check=True
        )
        packs = list((self.folder / ".git" / "objects" / "pack").glob("*.pack"))
        return sum(p.stat().st_size for p in packs)


# What is stored for each version: the versions table, and each article's
# latest text kept for search (articles.latesttexts, PostgreSQL only).
TABLES = ("articles_version", "articles_latesttext")


def table_bytes():
    """{table: bytes} of what versions keep: rows, TOAST, and every index (search's too)."""
    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"VACUUM ANALYZE {table}")  # flushes the GIN pending list
                cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            else:
                cursor.execute(
                    "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN "
                    "(SELECT name FROM sqlite_master WHERE tbl_name = %s)",
                    [table],
                )
            found[table] = cursor.fetchone()[0]
    return found


def empty_archive():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh files: no dead rows of an earlier run
            cursor.execute(
                "TRUNCATE articles_source, articles_article, articles_version, "
                "articles_latesttext CASCADE"
            )
    Article.objects.all().delete()
    return Source.objects.create(name="Bench", slug="bench", homepage="https://bench.example/")


def load_pages(dataset, limit):
    truth = json.loads((dataset / "ground-truth.json").read_text())
    paths = sorted((dataset / "html").glob("*.html.gz"))[:limit]
    return [(p.name.split(".")[0], gzip.decompress(p.read_bytes()), truth) for p in paths]


def build(dataset, limit, git):
    """Check every article through its edits; commit each new version to git too."""
    source = empty_archive()
    served = ServedPages()
    rng = random.Random(20260105)
    stories = []
    for page_id, html, truth in load_pages(dataset, limit):
        url = f"https://bench.example/{page_id[:16]}"
        article = Article.objects.create(source=source, url=url)
        shingles = set(textnorm.shingles(truth[page_id]["articleBody"]))
        tree = parse_html(decode_html(html))
        stories.append([article, tree, shingles, rng.randint(5, 20)])
    fetches, autovacuum = 0, Autovacuum()
    for step in range(max(s[3] for s in stories)):
        now = START + timedelta(minutes=20 * step)
        for article, tree, shingles, edits_left in stories:
            if step >= edits_left:
                continue
            article.refresh_from_db()
            if step:
                edit(tree, rng, shingles, article.title)
            body = furnished(tree, rng, shingles)
            served.pages[article.url] = (body, response_headers(rng, body, now))
            result = check.check_article(article.pk, served, now=now)
            fetches += 1
            if result.version_id:
                version = Version.objects.select_related("article").get(pk=result.version_id)
                git.commit(version, body)
                autovacuum.new_version(article.pk)
    return fetches


class Autovacuum:
    """VACUUM what versions keep when autovacuum would: once a table's dead rows pass
    autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor x its rows, as
    the table's own settings (migration 0018) or else the server's say.

    Each new version leaves a dead row in each table: its own row, updated once
    after its check (its search vector), and its article's latest text, which
    it replaces. Vacuumed, their space is reused, as in a running archive. At the
    pace simulated here (88 checks in 20 minutes) autovacuum's one-minute nap
    would let it vacuum every five new versions or so: these thresholds, never
    that often, are what decides."""

    def __init__(self):
        self.dead = dict.fromkeys(TABLES, 0)
        if connection.vendor == "postgresql":
            self.limits = {table: self._settings(table) for table in TABLES}

    @staticmethod
    def _settings(table):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('autovacuum_vacuum_threshold'), "
                "current_setting('autovacuum_vacuum_scale_factor'), "
                "coalesce(reloptions, '{}') FROM pg_class WHERE relname = %s",
                [table],
            )
            threshold, scale, options = cursor.fetchone()
        own = dict(option.split("=", 1) for option in options)
        return (
            int(own.get("autovacuum_vacuum_threshold", threshold)),
            float(own.get("autovacuum_vacuum_scale_factor", scale)),
        )

    def new_version(self, article_id):
        if connection.vendor != "postgresql":
            return  # SQLite reuses a freed page at once
        self.dead[TABLES[0]] += 1
        if Version.objects.filter(article_id=article_id).count() > 1:
            self.dead[TABLES[1]] += 1
        with connection.cursor() as cursor:
            for table, dead in self.dead.items():
                threshold, scale = self.limits[table]
                cursor.execute(f"SELECT count(*) FROM {table}")
                if dead > threshold + scale * cursor.fetchone()[0]:
                    cursor.execute(f"VACUUM {table}")
                    self.dead[table] = 0


def verified_round_trips():
    """Every body and text gives back its SHA-256: the archive kept the bytes."""
    for version in Version.objects.all():
        assert textnorm.bytes_hash(version.raw_html()) == version.raw_body_hash, version
        assert textnorm.text_hash(version.text) == version.text_hash, version
    return Version.objects.count()


def payload_bytes():
    """Stored bytes a version of each part: body, text, headers, search words."""
    fields = ("raw_body", "stored_text", "response_headers", "search_words")
    sums = dict.fromkeys(fields, 0)
    for row in Version.objects.values(*fields, "plain_text"):
        row["stored_text"] = bytes(row["stored_text"]) + row.pop("plain_text").encode()
        for name in fields:
            value = row[name]
            sums[name] += len(value.encode() if isinstance(value, str) else bytes(value))
    return sums


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "dataset", nargs="?", default=str(ROOT.parent / "shared/extraction-benchmark")
    )
    parser.add_argument("--pages", type=int, default=None)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    check.enqueue = lambda func, *args: None  # measure storage: no diffs precomputed
    git = GitArchive()
    started = time.monotonic()
    fetches = build(Path(options.dataset), options.pages, git)
    versions = verified_round_trips()
    tables = table_bytes()
    database = sum(tables.values())
    packed = git.packed_bytes()
    payload = {name: size / versions for name, size in payload_bytes().items()}
    articles = Article.objects.filter(version_count__gt=0).count()
    print(
        f"{articles} articles, {versions} versions from {fetches} fetches "
        f"({time.monotonic() - started:.0f} s), {connection.vendor}"
    )
    print(
        f"  database: {database / versions:8.0f} bytes a version"
        " (versions and latest texts, every index)"
    )
    print(f"    of it the latest texts kept for search: {tables[TABLES[1]] / versions:.0f}")
    print(f"  git:      {packed / versions:8.0f} bytes a version (pack after gc --aggressive)")
    print(f"  ratio:    {database / packed:8.2f}  (goal: at most 1.5)")
    print(
        "  stored a version: body {raw_body:.0f}, text {stored_text:.0f}, headers "
        "{response_headers:.0f}, search words {search_words:.0f} bytes".format(**payload)
    )


if __name__ == "__main__":
    main()
