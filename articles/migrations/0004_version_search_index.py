"""A full text index for /search/ on PostgreSQL; other databases search without one.

The expression must match what articles.search builds with SearchVector for
the default NEWSDIFFS_SEARCH_CONFIG ("english"), or PostgreSQL will not use it.
"""

from django.db import migrations

INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS version_search_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(text, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS version_search_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_versiondiff"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
