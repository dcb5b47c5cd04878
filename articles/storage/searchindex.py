"""What search reads, filled after commit: each version's words, each article's latest text.

Search finds its candidate articles through Version.search_vector: the
words a version added (articles.storage.words), or on rows stored before
delta chains their whole title and text, as a tsvector with a GIN index.
Stored rather than an expression index, because the planner walking an
index of recent versions recomputed to_tsvector on every row it passed.
Indexing a version that is its article's latest also replaces the article's
LatestText (articles.latesttexts): its title and text with word positions,
which answer most queries exactly without reading a chain.

Indexing is never part of the check that stores a version: it holds the
article's row lock, and a version is archived whether or not it is
searchable yet. The check asks for its version to be indexed once its
transaction commits (index_versions, handed the text it already has);
whatever that misses (a worker killed in between, archives from before this
column) stays NULL and is indexed in batches by each scheduler tick and by
`manage.py index_search` (index_pending), decoding the latest texts it
needs. Until then search also looks at the unindexed rows the old, slower
way, so nothing archived is ever missing from it.

On SQLite the column and the table stay empty: search there keeps its
plain fallback.
"""

import logging

from django.conf import settings
from django.db import connection, transaction

from articles.storage import chains, deltas, words

log = logging.getLogger(__name__)

# Positions are stripped: the words a version added have no order worth
# keeping (phrases are matched in the latest texts, or in the texts themselves).
_VECTOR = (
    "strip(to_tsvector(%s::regconfig, COALESCE(search_words, '') || CASE "
    "WHEN text_codec = 'plain' THEN ' ' || COALESCE(title, '') || ' ' || COALESCE(text, '') "
    "ELSE '' END))"
)
# Built from constants only (the config is a parameter). The words go once
# the vector holds them: kept both ways they took 235 bytes a version more
# (bench/storage.py). A row that waits has its words, an indexed one its vector.
_INDEX_IDS = (
    f"UPDATE articles_version SET search_vector = {_VECTOR}, search_words = '' "  # noqa: S608
    "WHERE id = ANY(%s)"
)
# The versions to index, locked; SKIP LOCKED: two indexers (a check's commit,
# ticks of two schedulers) never wait on each other, nor index a row twice.
# With each, whether it is its article's latest and newer than its LatestText.
_TAKE = (
    "SELECT v.id, v.article_id, v.number, v.title, "
    "v.number = a.version_count AND v.number > COALESCE(l.number, 0) "
    "FROM articles_version v JOIN articles_article a ON a.id = v.article_id "
    "LEFT JOIN articles_latesttext l ON l.article_id = v.article_id "
    "WHERE v.search_vector IS NULL AND {which} ORDER BY v.id {limit} FOR UPDATE OF v SKIP LOCKED"
)
_TAKE_IDS = _TAKE.format(which="v.id = ANY(%s)", limit="")
_TAKE_PENDING = _TAKE.format(which="TRUE", limit="LIMIT %s")
# A newer version's text replaces an older one's, never the reverse.
_KEEP_LATEST = (
    "INSERT INTO articles_latesttext (article_id, number, stored_text, vector) "
    "SELECT d.article_id, d.number, d.stored_text, to_tsvector(%s::regconfig, d.document) "
    "FROM unnest(%s::bigint[], %s::integer[], %s::bytea[], %s::text[]) "
    "AS d(article_id, number, stored_text, document) "
    "ON CONFLICT (article_id) DO UPDATE SET number = EXCLUDED.number, "
    "stored_text = EXCLUDED.stored_text, vector = EXCLUDED.vector "
    "WHERE articles_latesttext.number < EXCLUDED.number"
)
# Whether any version waits (SQL, for search's first query): served by
# version_unindexed_idx, which holds only the unindexed rows.
ANY_PENDING = "EXISTS (SELECT 1 FROM articles_version WHERE search_vector IS NULL)"
_COUNT_PENDING = "SELECT count(*) FROM articles_version WHERE search_vector IS NULL"


# The words' GIN index merges new entries from a pending list (fastupdate):
# the bigger the list, the cheaper each version's words in a batch (0.29 ms a
# version at 512 kB in bench/scale.py, 0.39 at 128 kB), but the list's pages
# stay in the index's file once merged (bench/storage.py: 1.47 times git's
# pack at 128 kB, 1.54 at 512). A check's version comes alone: a small list.
# A batch (ticks, `index_search`) indexes thousands: a big one. The index has
# no limit of its own (migration 0018), so each transaction's setting holds.
_ALONE_LIST = "128kB"
_BATCH_LIST = "512kB"
_PENDING_LIST = "SELECT set_config('gin_pending_list_limit', %s, true)"


def is_used():
    return connection.vendor == "postgresql"


def document(title, text):
    """What a latest text's vector is made of, as search's exact match reads it."""
    return f"{title} {text}"


def _latest_texts(latest, texts):
    """{(article_id, number): text} of the latest versions: those handed over, the
    rest decoded from their chains (a corrupt one is left out and logged)."""
    found = {key: texts[key] for key in latest if key in texts}
    wanted = {}
    for article_id, number in latest:
        if (article_id, number) not in found:
            wanted.setdefault(article_id, []).append(number)
    if wanted:
        from articles.models import Version

        found.update(chains.read_texts(Version.objects.all(), wanted))
    return found


def _index(cursor, taken, texts):
    """Index the versions taken (rows of _TAKE); the number indexed."""
    if not taken:
        return 0
    latest = {
        (article_id, number): title
        for _, article_id, number, title, is_latest in taken
        if is_latest
    }
    found = _latest_texts(latest, texts)
    if found:
        keys = sorted(found)
        cursor.execute(
            _KEEP_LATEST,
            [
                settings.NEWSDIFFS_SEARCH_CONFIG,
                [article_id for article_id, _ in keys],
                [number for _, number in keys],
                [deltas.compress_copy(found[key].encode()) for key in keys],
                [document(latest[key], found[key]) for key in keys],
            ],
        )
    cursor.execute(_INDEX_IDS, [settings.NEWSDIFFS_SEARCH_CONFIG, [row[0] for row in taken]])
    return cursor.rowcount


def index_versions(version_ids, texts=None):
    """Index these versions (those not indexed yet, nor being indexed); the number
    indexed. `texts`: {(article_id, number): text} already at hand."""
    if not is_used() or not version_ids:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PENDING_LIST, [_ALONE_LIST])
        cursor.execute(_TAKE_IDS, [list(version_ids)])
        return _index(cursor, cursor.fetchall(), texts or {})


def index_pending(batch):
    """Index up to `batch` versions not indexed yet, oldest first; the number indexed."""
    if not is_used():
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_PENDING_LIST, [_BATCH_LIST])
        cursor.execute(_TAKE_PENDING, [batch])
        return _index(cursor, cursor.fetchall(), {})


# A version's words put back, to be indexed again.
_WAIT_AGAIN = (
    "UPDATE articles_version SET search_words = d.words, search_vector = NULL "
    "FROM unnest(%s::bigint[], %s::text[]) AS d(id, words) WHERE articles_version.id = d.id"
)


def words_again(article_ids):
    """Put back the words of every version of these articles, recomputed from their
    texts as a check computes them, and mark them for indexing again; their latest
    texts go too, to be kept again. For a changed search configuration: a
    version's words are dropped once its vector holds them. A version whose text
    does not decode gets no words (verify_archive reports it), and the one after
    it is compared with the last that does. One transaction; the number of versions."""
    if not is_used() or not article_ids:
        return 0
    from articles.models import Article, Version

    counts = dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "version_count"))
    wanted = {article_id: list(range(1, count + 1)) for article_id, count in counts.items()}
    with transaction.atomic():
        rows, values = chains.windows(Version.objects.all(), wanted, ("id", "title"))
        ids, found = [], []
        for article_id, numbers in wanted.items():
            before = ""
            for number, version in chains.read_from(rows, values, article_id, numbers):
                if (article_id, number) not in values:
                    continue  # no such row
                ids.append(values[article_id, number][0])
                if version is None:
                    log.warning("article=%s: version %s does not decode", article_id, number)
                    found.append("")
                    continue
                _, title, text = version
                found.append(words.added(before, f"{title}\n{text}"))
                before = f"{title}\n{text}"
        with connection.cursor() as cursor:
            cursor.execute(_WAIT_AGAIN, [ids, found])
            cursor.execute(
                "DELETE FROM articles_latesttext WHERE article_id = ANY(%s)", [list(counts)]
            )
    return len(ids)


def count_pending():
    if not is_used():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_PENDING)
        return cursor.fetchone()[0]
