"""Bodies and texts as zstd delta chains, response headers kept, search by added words.

Rows stored before keep their zlib bodies and plain texts, readable as they
are; `manage.py compact_archive` converts them. On PostgreSQL the full text
index over every version's text gives way to one over each version's added
words, and one over the texts still plain (empty once the archive is
compacted). Both expressions must match what articles.reader.search builds
for the default NEWSDIFFS_SEARCH_CONFIG ("english"), or PostgreSQL will not
use them.
"""

import django.db.models.deletion
from django.db import migrations, models

# Without the pending list (fastupdate) each version's few words go straight
# into the index: measured with bench/storage.py, the index then takes 600
# bytes a version instead of 1,500, and an insert touches only a few entries.
SEARCH_WORDS_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_search_words_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(search_words, ''))) WITH (fastupdate = off)"
)
PLAIN_TEXT_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_plain_text_search_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, COALESCE(title, '') || ' ' || COALESCE(text, ''))) "
    "WHERE text_codec = 'plain'"
)
OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS version_search_idx ON articles_version USING gin "
    "(to_tsvector('english'::regconfig, "
    "COALESCE(title, '') || ' ' || COALESCE(text, '')))"
)


def index_added_words(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS version_search_idx")
        schema_editor.execute(SEARCH_WORDS_INDEX)
        schema_editor.execute(PLAIN_TEXT_INDEX)


def index_whole_texts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS version_search_words_idx")
        schema_editor.execute("DROP INDEX IF EXISTS version_plain_text_search_idx")
        schema_editor.execute(OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_version_lead_image"),
    ]

    operations = [
        # The text column stays where it is, for the rows stored before:
        # only the field's name changes (`text` is now a property).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="version", name="text"),
                migrations.AddField(
                    model_name="version",
                    name="plain_text",
                    field=models.TextField(blank=True, db_column="text"),
                ),
            ]
        ),
        migrations.AddField(
            model_name="version",
            name="body_base_number",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="A delta's base: the version whose body is its dictionary.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="body_codec",
            field=models.CharField(
                choices=[
                    ("zlib", "zlib, the whole body (stored before zstd)"),
                    ("zstd", "zstd keyframe, the whole body"),
                    ("zstd-delta", "zstd delta on an earlier version's body"),
                ],
                default="zlib",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="response_headers",
            field=models.BinaryField(
                blank=True, default=b"", help_text="The response headers, as headers_codec says."
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="headers_codec",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "not recorded (archived before headers were kept)"),
                    ("zstd", "zstd keyframe, the whole headers"),
                    ("zstd-delta", "zstd delta on an earlier version's headers"),
                ],
                default="",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="headers_base_number",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="A delta's base: the version whose headers are its dictionary.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="search_words",
            field=models.TextField(
                blank=True,
                help_text="Words of the title and text that the previous version lacked.",
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="stored_text",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.AddField(
            model_name="version",
            name="text_base_number",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="A delta's base: the version whose text is its dictionary.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="version",
            name="text_codec",
            field=models.CharField(
                choices=[
                    ("plain", "plain, in plain_text (stored before zstd)"),
                    ("zstd", "zstd keyframe, the whole text"),
                    ("zstd-delta", "zstd delta on an earlier version's text"),
                ],
                default="plain",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="version",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="versions",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="version",
            name="raw_body",
            field=models.BinaryField(
                blank=True, help_text="The response body, compressed as body_codec says."
            ),
        ),
        migrations.AlterField(
            model_name="version",
            name="raw_body_hash",
            field=models.CharField(blank=True, help_text="SHA-256 of the body.", max_length=64),
        ),
        migrations.AlterField(
            model_name="version",
            name="reverts_to",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="An earlier version whose title, byline and text this one repeats.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="reverted_by",
                to="articles.version",
            ),
        ),
        migrations.AlterField(
            model_name="version",
            name="text_hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AddIndex(
            model_name="version",
            index=models.Index(
                condition=models.Q(("reverts_to__isnull", False)),
                fields=["reverts_to"],
                name="version_reverts_to_idx",
            ),
        ),
        migrations.RunPython(index_added_words, index_whole_texts, elidable=False),
    ]
