"""Each version's search words as a stored tsvector (PostgreSQL), filled after commit.

Search finds its candidate articles through Version.search_vector: the
words a version added (articles.storage.words), or on rows stored before
delta chains their whole title and text, as a tsvector with a GIN index.
Stored rather than an expression index, because the planner walking an
index of recent versions recomputed to_tsvector on every row it passed.

Indexing is never part of the check that stores a version: it holds the
article's row lock, and a version is archived whether or not it is
searchable yet. The check asks for its version to be indexed once its
transaction commits (index_versions); whatever that misses (a worker killed
in between, archives from before this column) stays NULL and is indexed in
batches by each scheduler tick and by `manage.py index_search`
(index_pending). Until then search also looks at the unindexed rows the
old, slower way, so nothing archived is ever missing from it.

On SQLite the column stays empty: search there keeps its plain fallback.
"""

from django.conf import settings
from django.db import connection

# Positions are stripped: phrases are matched on the texts themselves, and
# the words a version added have no order worth keeping.
_VECTOR = (
    "strip(to_tsvector(%s::regconfig, COALESCE(search_words, '') || CASE "
    "WHEN text_codec = 'plain' THEN ' ' || COALESCE(title, '') || ' ' || COALESCE(text, '') "
    "ELSE '' END))"
)
# Built from constants only (the config is a parameter).
_INDEX_IDS = (
    f"UPDATE articles_version SET search_vector = {_VECTOR} "  # noqa: S608
    "WHERE id = ANY(%s) AND search_vector IS NULL"
)
# SKIP LOCKED: two indexers (ticks of two schedulers) never wait on each other.
_INDEX_PENDING = (
    f"UPDATE articles_version SET search_vector = {_VECTOR} WHERE id IN ("  # noqa: S608
    "SELECT id FROM articles_version WHERE search_vector IS NULL "
    "ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)"
)
# Whether any version waits (SQL, for search's first query): served by
# version_unindexed_idx, which holds only the unindexed rows.
ANY_PENDING = "EXISTS (SELECT 1 FROM articles_version WHERE search_vector IS NULL)"
_COUNT_PENDING = "SELECT count(*) FROM articles_version WHERE search_vector IS NULL"


def is_used():
    return connection.vendor == "postgresql"


def index_versions(version_ids):
    """Index these versions (those not indexed yet); the number indexed."""
    if not is_used() or not version_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_INDEX_IDS, [settings.NEWSDIFFS_SEARCH_CONFIG, list(version_ids)])
        return cursor.rowcount


def index_pending(batch):
    """Index up to `batch` versions not indexed yet, oldest first; the number indexed."""
    if not is_used():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_INDEX_PENDING, [settings.NEWSDIFFS_SEARCH_CONFIG, batch])
        return cursor.rowcount


def count_pending():
    if not is_used():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_PENDING)
        return cursor.fetchone()[0]
