"""Search words as a stored tsvector (articles.storage.searchindex), indexed after commit.

The column starts empty: each scheduler tick indexes versions waiting, a
batch at a time, and `manage.py index_search` indexes them all at once,
with progress (safe to stop and run again: it takes only rows still NULL).
Until a row is indexed, search finds it through the expression indexes of
0009, now partial: they keep only the rows waiting, so they empty as the
archive is indexed. On SQLite nothing but the column is added.
"""

import django.contrib.postgres.search
from django.db import migrations

# A small pending list (fastupdate): entries are merged into the index in
# batches, which measured (bench/scale.py) at half the cost of inserting each
# version's words one by one, while a search scans at most 512 kB of them.
VECTOR_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_search_vector_idx ON articles_version "
    "USING gin (search_vector) WITH (fastupdate = on, gin_pending_list_limit = 512)"
)
# What waits to be indexed: a tick finds it without reading the table.
UNINDEXED_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_unindexed_idx ON articles_version (id) "
    "WHERE search_vector IS NULL"
)
WAITING_WORDS_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_search_words_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_words, ''))) WITH (fastupdate = off) "
    "WHERE search_vector IS NULL"
)
WAITING_PLAIN_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_plain_text_search_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))) "
    "WHERE text_codec = 'plain' AND search_vector IS NULL"
)
# As 0009 made them.
WORDS_INDEX_BEFORE = (
    "CREATE INDEX IF NOT EXISTS version_search_words_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_words, ''))) WITH (fastupdate = off)"
)
PLAIN_INDEX_BEFORE = (
    "CREATE INDEX IF NOT EXISTS version_plain_text_search_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))) "
    "WHERE text_codec = 'plain'"
)
OLD_INDEXES = ("version_search_words_idx", "version_plain_text_search_idx")


def index_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in OLD_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        for sql in (VECTOR_INDEX, UNINDEXED_INDEX, WAITING_WORDS_INDEX, WAITING_PLAIN_INDEX):
            schema_editor.execute(sql)


def index_expressions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in (*OLD_INDEXES, "version_search_vector_idx", "version_unindexed_idx"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(WORDS_INDEX_BEFORE)
        schema_editor.execute(PLAIN_INDEX_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_source_wayback_optin_version_snapshot"),
    ]

    operations = [
        migrations.AddField(
            model_name="version",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                blank=True, editable=False, null=True
            ),
        ),
        migrations.RunPython(index_vectors, index_expressions, elidable=False),
    ]
