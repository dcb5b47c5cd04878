"""Search's indexes sized for what they hold, and its rewritten rows vacuumed sooner.

The partial GIN indexes of the versions waiting to be indexed (0015) go.
Those rows are few in a running archive: a check indexes its version once
it commits, and each tick indexes what that missed. Yet each index kept an
entry for every word that had ever waited, because GIN never removes a key
once it has held one: on bench/storage.py's archive, 620 bytes a version,
about as much as the words' own index. Search now reads the waiting rows
through version_unindexed_idx, and matches them one by one.

The words' index keeps its pending list (fastupdate), which merges new
versions' words into the index in batches, but no longer a size of its own
(0015 gave it 512 kB): the list's pages stay in the index's file once
merged, and 512 kB of them took 500 bytes a version of the same archive.
Whoever indexes says how big a list its transaction may fill: small for a
check's one version, bigger for a batch (articles.storage.searchindex).

Both tables search rewrites are vacuumed once 2% of their rows are dead, not
PostgreSQL's 20%: each new version's row is updated once, when it is indexed
(articles.storage.searchindex), and replaces its article's latest text
(articles.latesttexts). Until a vacuum, each dead row keeps its space, and
the latest texts, a 6 KB vector and text an article, were as often dead as
live: 1,200 bytes a version of bench/storage.py's archive, for 600 of text.
"""

import importlib

from django.db import migrations

before = importlib.import_module("articles.migrations.0015_version_search_vector")

WAITING_INDEXES = ("version_search_words_idx", "version_plain_text_search_idx")
# {table: dead rows allowed besides the 2%}; a table's TOAST the same.
VACUUMED_SOONER = {"articles_version": 50, "articles_latesttext": 10}
SETTINGS = ("autovacuum_vacuum_scale_factor", "autovacuum_vacuum_threshold")


def _vacuum_settings(table, threshold):
    values = {"autovacuum_vacuum_scale_factor": 0.02, "autovacuum_vacuum_threshold": threshold}
    pairs = [
        f"{prefix}{name} = {value}" for name, value in values.items() for prefix in ("", "toast.")
    ]
    return f"ALTER TABLE {table} SET ({', '.join(pairs)})"


def _default_vacuum_settings(table):
    names = [f"{prefix}{name}" for name in SETTINGS for prefix in ("", "toast.")]
    return f"ALTER TABLE {table} RESET ({', '.join(names)})"


def drop_waiting_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in WAITING_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            "ALTER INDEX version_search_vector_idx RESET (gin_pending_list_limit)"
        )
        for table, threshold in VACUUMED_SOONER.items():
            schema_editor.execute(_vacuum_settings(table, threshold))


def keep_waiting_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(before.WAITING_WORDS_INDEX)
        schema_editor.execute(before.WAITING_PLAIN_INDEX)
        schema_editor.execute(
            "ALTER INDEX version_search_vector_idx SET (gin_pending_list_limit = 512)"
        )
        for table in VACUUMED_SOONER:
            schema_editor.execute(_default_vacuum_settings(table))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0017_latest_text"),
    ]

    operations = [
        migrations.RunPython(drop_waiting_indexes, keep_waiting_indexes, elidable=False),
    ]
