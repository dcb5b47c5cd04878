"""The reader's site on a large archive, served by gunicorn: latency against a trivial view.

One command builds a PostgreSQL archive of ARTICLES articles and VERSIONS
versions into a database of its own (created here, dropped at the end unless
--keep), then serves the site with the project's gunicorn settings on a spare
port and measures p50 and p95 of each page at 1 and 8 concurrent clients,
each as a ratio to /robots.txt (a view that reads nothing) in the same run.

Texts are paragraphs drawn from a vocabulary with Zipf frequencies (common
words are common, rare ones rare) and two-word phrases that recur the same
way; an article's versions differ by small edits (a sentence reworded, a
paragraph added or removed, now and then a new headline). Each article's
texts are stored by the storage module itself (articles.storage.deltas
encode_history: a keyframe, then zstd deltas), at a lower zstd level than a
check uses so that a million fit in minutes: the same format, a little
larger. Bodies are left empty (a zlib row of nothing) and headers unrecorded:
no page measured reads them. Rows go in with COPY from one process per core.

Then every version is indexed for search by the archive's own step
(articles.storage.searchindex.index_pending, what ticks and `manage.py
index_search` run), timed per version; and, after VACUUM ANALYZE, a sample of
versions is indexed one at a time as a check's commit does, timed too.

    .venv/bin/python bench/scale.py                       # 100,000 articles, 1,000,000 versions
    .venv/bin/python bench/scale.py --articles 10000 --versions 100000
    .venv/bin/python bench/scale.py --keep                # then --reuse to measure again

The server is PostgreSQL at --server (postgres://postgres@127.0.0.1:5432);
the bench touches only --database (nd_scale), and refuses to drop it while
anything else is connected to it. Not a test: CI never runs it.
"""

import argparse
import bisect
import functools
import itertools
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

SEED = 10
SOURCES = 20
CONCURRENCY = (1, 8)
WEB_WORKERS = 4
ROUNDS = 5  # turns the pages take (measure)
STOP_WORDS = (  # noqa: SIM905 (a list of words reads best as words)
    "the of and to a in that is was he for it with as his on be at by had are but from or "
    "have an they which one you were her all she there would their we him been has when"
).split()
SYLLABLES = (  # noqa: SIM905 (a list of words reads best as words)
    "ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me "
    "mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve "
    "vi vo za ze zo bar den fil gor han kel lum mor nir pol ran sel tor vin wer yal"
).split()


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--versions", type=int, default=1_000_000)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="nd_scale")
    parser.add_argument("--requests", type=int, default=100, help="per page and concurrency")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database")
    parser.add_argument(
        "--reindex",
        type=int,
        default=0,
        metavar="N",
        help="with --reuse: index the first N versions again (and their articles' latest texts)",
    )
    return parser.parse_args()


# --- The texts ------------------------------------------------------------------


@functools.cache
def vocabulary(size=40_000):
    """Stop words first (the commonest), then made-up words, each once."""
    rng = random.Random(SEED)  # the same words in every process
    words, seen = list(STOP_WORDS), set(STOP_WORDS)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def zipf_weights(count, exponent):
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


class Writer:
    """Sentences, paragraphs and headlines with Zipf-ish word and phrase frequencies."""

    def __init__(self, seed):
        self.words = vocabulary()
        self.word_weights = zipf_weights(len(self.words), 1.05)
        content = self.words[len(STOP_WORDS) :]
        self.phrases = [
            f"{a} {b}" for a, b in zip(content[20:2020], content[2020:4020], strict=True)
        ]
        self.phrase_weights = zipf_weights(len(self.phrases), 1.0)
        self.rng = random.Random(seed)

    def _pick(self, items, weights):
        return items[bisect.bisect(weights, self.rng.random() * weights[-1])]

    def sentence(self):
        words = [self._pick(self.words, self.word_weights) for _ in range(self.rng.randint(8, 22))]
        if self.rng.random() < 0.5:
            words.insert(
                self.rng.randrange(len(words)), self._pick(self.phrases, self.phrase_weights)
            )
        return " ".join(words).capitalize() + "."

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def headline(self):
        return self.sentence().rstrip(".")

    def edited(self, paragraphs):
        """One realistic edit: a sentence reworded, or a paragraph added or removed."""
        paragraphs = list(paragraphs)
        kind, index = self.rng.random(), self.rng.randrange(len(paragraphs))
        if kind < 0.6:
            sentences = paragraphs[index].split(". ")
            sentences[self.rng.randrange(len(sentences))] = self.sentence().rstrip(".")
            paragraphs[index] = ". ".join(sentences)
        elif kind < 0.85 or len(paragraphs) < 5:
            paragraphs.insert(index, self.paragraph())
        else:
            paragraphs.pop(index)
        return paragraphs


def version_counts(articles, versions, rng):
    """How many versions each article has: at least one, a few with many (capped at 300)."""
    weights = list(itertools.accumulate(rng.paretovariate(1.2) for _ in range(articles)))
    counts = [1] * articles
    extra = versions - articles
    while extra:
        for index in rng.choices(range(articles), cum_weights=weights, k=extra):
            if counts[index] < 300 and extra:
                counts[index] += 1
                extra -= 1
    return counts


# --- Building the archive --------------------------------------------------------


def database_url(args, name=None):
    return f"{args.server}/{name or args.database}"


def create_database(args):
    with psycopg.connect(database_url(args, "postgres"), autocommit=True) as conn:
        others = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [args.database]
        ).fetchone()[0]
        if others:
            sys.exit(f"{args.database} is in use by {others} other connection(s): not dropping it")
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        conn.execute(f'CREATE DATABASE "{args.database}"')


def drop_database(args):
    from django.db import connections

    connections.close_all()
    with psycopg.connect(database_url(args, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def columns(table):
    """(name, is nullable, has a default) of each column the migrations made."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, is_nullable = 'YES', column_default IS NOT NULL "
            "FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return cursor.fetchall()


def model_defaults(model):
    """{column: the model field's default, as COPY takes it} ('' for text fields without one)."""
    import json

    found = {}
    for field in model._meta.concrete_fields:
        value = field.get_default()
        value = getattr(value, "value", value)  # a choices enum pickles as its model module
        if value is not None:
            found[field.column] = json.dumps(value) if isinstance(value, dict | list) else value
    return found


def _fill(names, values, table, defaults):
    """The row in column order: what `values` gives, else the model's default, else NULL
    where allowed."""
    row = []
    for name, nullable, _ in names:
        if name in values:
            row.append(values[name])
        elif name in defaults:
            row.append(defaults[name])
        elif nullable:
            row.append(None)
        else:
            raise KeyError(f"{table}.{name} needs a value")
    return row


def build_chunk(job):
    """COPY the articles of one chunk and their versions; the number of versions."""
    from articles.storage import chains, deltas, words

    url, first_id, counts, first_version_id, now, tables = job
    deltas.LEVEL = 3  # the same frames, decoded the same way; level 19 takes minutes more
    writer = Writer(seed=first_id)
    rng = writer.rng
    article_rows, version_rows = [], []
    version_id = first_version_id
    for offset, count in enumerate(counts):
        article_id = first_id + offset
        start = now - timedelta(days=rng.uniform(2, 365))
        title, paragraphs = writer.headline(), [writer.paragraph() for _ in range(10)]
        history, moment, had = [], start, set()
        for number in range(1, count + 1):
            if number > 1:
                paragraphs = writer.edited(paragraphs)
                if rng.random() < 0.05:
                    title = writer.headline()
                moment += timedelta(minutes=rng.uniform(20, 600))
            text = "\n\n".join(paragraphs)
            # words.added(previous, this), with each text's words found once
            found = words.distinct(f"{title}\n{text}")
            added = " ".join(word for word in found if word not in had)
            history.append((number, moment, title, text, added))
            had = set(found)
        stored = deltas.encode_history(
            [(n, text.encode()) for n, _, _, text, _ in history], chains.text_digest
        )
        for (number, moment, title, text, added), row in zip(history, stored, strict=True):
            version_rows.append(
                {
                    "id": version_id,
                    "article_id": article_id,
                    "number": number,
                    "archived_at": moment,
                    "title": title,
                    "byline": "",
                    "is_boring": False,
                    "chars_added": len(text) if number == 1 else rng.randint(20, 400),
                    "chars_removed": 0 if number == 1 else rng.randint(0, 300),
                    "fetched_url": "",
                    "text": "",
                    "stored_text": row.data,
                    "text_codec": row.codec,
                    "text_base_number": row.base_number,
                    "text_hash": row.digest,
                    "search_words": added,
                    "raw_body": b"",
                    "raw_body_hash": "",
                    "body_codec": deltas.ZLIB,
                    "response_headers": b"",
                    "headers_codec": "",
                }
            )
            version_id += 1
        source = article_id % SOURCES + 1
        path = f"scale.example/s{source}/{article_id}"
        article_rows.append(
            {
                "id": article_id,
                "source_id": source,
                "url": f"https://{path}",
                "url_key": path,
                "title": history[-1][2],
                "first_seen_at": start,
                "last_checked_at": history[-1][1],
                "last_changed_at": history[-1][1],
                "next_check_at": now + timedelta(days=365),
                "state": "stopped",
                "consecutive_failures": 0,
                "consecutive_missing": 0,
                "consecutive_suspicious": 0,
                "suspicious_text_hash": "",
                "etag": "",
                "last_modified": "",
                "last_body_hash": "",
                "version_count": count,
                "change_count": count - 1,
                "is_hidden": False,
                "hidden_reason": "",
            }
        )
    with psycopg.connect(url) as conn:
        for table, rows in (("articles_article", article_rows), ("articles_version", version_rows)):
            names, defaults = tables[table]
            listed = ", ".join(name for name, _, _ in names)
            with conn.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_fill(names, row, table, defaults))
    return len(version_rows)


def build(args):
    """Fill the database; {step: seconds}."""
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Article, Heartbeat, Source, Version

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    for n in range(1, SOURCES + 1):
        Source.objects.create(
            id=n, name=f"Source {n}", slug=f"s{n}", homepage=f"https://s{n}.example/"
        )
    Heartbeat.beat("scheduler")
    counts = version_counts(args.articles, args.versions, random.Random(SEED))
    now = datetime.now(UTC)
    tables = {
        "articles_article": (columns("articles_article"), model_defaults(Article)),
        "articles_version": (columns("articles_version"), model_defaults(Version)),
    }
    jobs, chunk, first_version = [], 1000, 1
    for start in range(0, args.articles, chunk):
        part = counts[start : start + chunk]
        jobs.append(
            (
                database_url(args),
                start + 1,
                part,
                first_version,
                now,
                tables,
            )
        )
        first_version += sum(part)
    connection.close()
    built = 0
    with multiprocessing.get_context("spawn").Pool(os.cpu_count()) as pool:
        for done in pool.imap_unordered(build_chunk, jobs):
            built += done
            print(f"\r  built {built:,} of {args.versions:,} versions", end="", flush=True)
    print()
    timings["generate, encode and COPY"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table in ("articles_article", "articles_version", "articles_source"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    timings.update(index_for_search(args.versions))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    timings["VACUUM ANALYZE"] = time.perf_counter() - started
    return timings


# Versions made to wait to be indexed again. An indexed row keeps its words in
# its vector alone: they are put back, as lexemes (as many as there were
# words), as a version waiting has them.
WAIT_AGAIN = (
    "UPDATE articles_version SET search_vector = NULL, "
    "search_words = array_to_string(tsvector_to_array(search_vector), ' ')"
)


def index_for_search(total):
    """Index every version with the archive's own batch step, then a sample one at a time."""
    from django.db import connection, transaction

    from articles.storage import searchindex

    timings = {}
    started, indexed = time.perf_counter(), 0
    while done := searchindex.index_pending(5000):
        indexed += done
        print(f"\r  indexed {indexed:,} of {total:,} versions for search", end="", flush=True)
    print()
    elapsed = time.perf_counter() - started
    timings["index for search, batches"] = elapsed
    timings["  ms a version, batches"] = 1000 * elapsed / max(indexed, 1)
    # As a check's commit does: a new version, its article's latest, whose text
    # the check hands over; each in a transaction of its own.
    from articles.models import Version
    from articles.storage import chains

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.id, v.article_id, v.number FROM articles_version v "
            "JOIN articles_article a ON a.id = v.article_id AND v.number = a.version_count "
            "ORDER BY random() LIMIT 2000"
        )
        sample = cursor.fetchall()
        texts = chains.read_texts(Version.objects.all(), {a: [n] for _, a, n in sample})
        cursor.execute(
            f"{WAIT_AGAIN} WHERE id = ANY(%s)", [[version_id for version_id, _, _ in sample]]
        )
        cursor.execute(
            "DELETE FROM articles_latesttext WHERE article_id = ANY(%s)",
            [[article_id for _, article_id, _ in sample]],
        )
    half = len(sample) // 2
    started = time.perf_counter()
    for version_id, article_id, number in sample[:half]:
        with transaction.atomic():
            searchindex.index_versions(
                [version_id], {(article_id, number): texts[article_id, number]}
            )
    per_version = 1000 * (time.perf_counter() - started) / half
    timings["  ms a version, each committed"] = per_version
    started = time.perf_counter()
    with transaction.atomic():  # the same work without a commit (a WAL flush) each
        for version_id, article_id, number in sample[half:]:
            searchindex.index_versions(
                [version_id], {(article_id, number): texts[article_id, number]}
            )
    per_version = 1000 * (time.perf_counter() - started) / (len(sample) - half)
    timings["  ms a version, one commit"] = per_version
    return timings


def reindex(count):
    """Index the first `count` versions again, as after a build: their words, and the
    latest texts of their articles."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"{WAIT_AGAIN} WHERE id <= %s", [count])
        cursor.execute(
            "DELETE FROM articles_latesttext WHERE article_id IN "
            "(SELECT article_id FROM articles_version WHERE id <= %s)",
            [count],
        )
        cursor.execute("VACUUM ANALYZE articles_version")
        cursor.execute("VACUUM ANALYZE articles_latesttext")
    return index_for_search(count)


# --- Serving and measuring --------------------------------------------------------


def spare_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(args, port, log):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(args),
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": str(WEB_WORKERS),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    command = [
        str(ROOT / ".venv/bin/gunicorn"),
        "-c",
        str(ROOT / "newsdiffs/gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "/dev/null",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    import requests

    for _ in range(300):
        try:
            requests.get(f"http://127.0.0.1:{port}/robots.txt", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.1)
    server.terminate()
    sys.exit("gunicorn did not start: see its log")


def pages(base, writer):
    """{name: [paths]}: the pages measured, each path of a kind tried in turn."""
    import re

    import requests
    from django.conf import settings

    from articles.models import Article

    session = requests.Session()
    # Page 200 of the front page list (or the last): its cursor is reached by following links.
    path, last = "/", min(200, Article.objects.count() // settings.NEWSDIFFS_PAGE_SIZE)
    for _ in range(last - 1):
        html = session.get(base + path, timeout=60).text
        path = "/?" + re.search(r'rel="next" href="\?([^"]+)"', html).group(1).replace("&amp;", "&")
    many = list(
        Article.objects.filter(version_count__gte=10)
        .order_by("?")
        .values_list("pk", "version_count")[:20]
    )
    content = writer.words[len(STOP_WORDS) :]
    common, rare = content[3], content[15_000]
    phrase = writer.phrases[2]
    return {
        "trivial view (/robots.txt)": ["/robots.txt"],
        "/healthz": ["/healthz"],
        "front page": ["/"],
        f"front page, page {last}": [path],
        "history (10+ versions)": [f"/articles/{pk}/" for pk, _ in many],
        "diff": [f"/articles/{pk}/diff/{count - 1}/{count}/" for pk, count in many],
        f"search, common word ({common})": [f"/search/?q={common}"],
        f"search, rare word ({rare})": [f"/search/?q={rare}"],
        f'search, phrase ("{phrase}")': [f'/search/?q="{phrase}"'.replace(" ", "+")],
        "search, common word, page 5": [f"/search/?q={common}&page=5"],
        "API list": ["/api/articles/"],
        "feed (Atom)": ["/feeds/changes.atom"],
    }


def timed(base, paths, clients, count, start=0):
    """Milliseconds of `count` requests per client, `clients` clients at once, each
    client taking the paths in turn from its own place (`start` further on)."""
    import requests

    samples, errors = [], []

    def client(offset):
        session = requests.Session()
        for n in range(count):
            path = paths[(start + offset + n) % len(paths)]
            started = time.perf_counter()
            response = session.get(base + path, timeout=120)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code not in (200, 503):  # /healthz may say a part is down
                errors.append(f"{path}: {response.status_code}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"errors: {errors[:3]}")
    return samples


def percentiles(samples):
    """(p50, p95) of the samples."""
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def measure(base, measured, clients, per_client):
    """{name: (p50 ms, p95 ms)} of each page at `clients` clients at once, `per_client`
    requests each. The pages take turns, a few requests at a time, so that a slow
    spell of a shared machine falls on all of them alike, not on one."""
    rounds = min(ROUNDS, per_client)
    samples = {name: [] for name in measured}
    done = 0
    for turn in range(rounds):
        count = per_client // rounds + (turn < per_client % rounds)
        for name, paths in measured.items():
            samples[name] += timed(base, paths, clients, count, start=done)
        done += count
    return {name: percentiles(found) for name, found in samples.items()}


def explain(query):
    """The indexes the first query of a search uses (EXPLAIN), and which it is: all
    of a rare word's articles, or the walk of a common word's recent ones."""
    import re

    from django.db import connection

    from articles.reader import search

    sql, params = search.first_query(query)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    names = re.findall(r"(?:using|on) (\w+_idx|\w+_unique|\w+_pkey)", plan)
    kind = "rare" if search.needed(query).rare else "common"
    return f"{kind}: {', '.join(sorted(set(names)))}"


def report(args, timings):
    from articles.models import Version

    print(
        f"\narchive: {args.articles:,} articles, {Version.objects.count():,} versions, PostgreSQL"
    )
    for step, seconds in timings.items():
        print(f"  {step:<32} {seconds:10.3f}{'' if step.startswith('  ms') else ' s'}")
    writer = Writer(seed=0)
    port = spare_port()
    with tempfile.NamedTemporaryFile("w", prefix="gunicorn-", suffix=".log", delete=False) as log:
        server = serve(args, port, log)
    try:
        base = f"http://127.0.0.1:{port}"
        measured = pages(base, writer)
        for paths in measured.values():  # warm each worker's caches and connections
            timed(base, paths, WEB_WORKERS, 2)
        for name, paths in measured.items():
            if name.startswith("search"):
                print(f"  EXPLAIN {paths[0]}: {explain_path(paths[0]) or '-'}")
        result = {}
        for clients in CONCURRENCY:
            per_client = max(3, args.requests // clients)
            for name, found in measure(base, measured, clients, per_client).items():
                result[name, clients] = found
    finally:
        server.terminate()
        server.wait()
    print(f"\ngunicorn, {WEB_WORKERS} workers; ratios to the trivial view at the same concurrency")
    header = "".join(
        f" | {c} client{'s' if c > 1 else ''}: p50 ms, p95 ms, p95 ratio" for c in CONCURRENCY
    )
    print(f"{'page':<40}{header}")
    trivial = "trivial view (/robots.txt)"
    for name in measured:
        cells = ""
        for clients in CONCURRENCY:
            p50, p95 = result[name, clients]
            ratio = p95 / result[trivial, clients][1]
            cells += f" | {p50:8.1f} {p95:8.1f} {ratio:7.1f}x"
        print(f"{name:<40}{cells}")


def explain_path(path):
    from urllib.parse import parse_qs, urlsplit

    return explain(parse_qs(urlsplit(path).query)["q"][0])


def main():
    args = parse_args()
    os.environ["DATABASE_URL"] = database_url(args)
    os.environ.setdefault("NEWSDIFFS_VAR_DIR", tempfile.mkdtemp(prefix="newsdiffs-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdiffs.settings")
    os.environ.pop("REDIS_URL", None)
    if not args.reuse:
        create_database(args)
    import django

    django.setup()
    try:
        timings = {} if args.reuse else build(args)
        if args.reuse and args.reindex:
            timings.update(reindex(args.reindex))
        report(args, timings)
    finally:
        if not args.keep:
            drop_database(args)


if __name__ == "__main__":
    main()
