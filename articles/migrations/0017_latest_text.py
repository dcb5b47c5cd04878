"""Each article's latest text for search, with word positions (articles.latesttexts).

The table starts empty. Each article's latest version is marked as waiting
to be indexed again (its search_vector made NULL), so that scheduler ticks,
a batch at a time, or `manage.py index_search`, all at once, fill the table
(articles.storage.searchindex); meanwhile search finds those articles the
older, slower way. The table has no index of its own: a query finds its
candidate articles through the versions' words (0015), and the recent
articles' rows by their primary key. On SQLite only the table is added:
search there keeps its plain fallback.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

LATEST_WAIT = (
    "UPDATE articles_version v SET search_vector = NULL FROM articles_article a "
    "WHERE a.id = v.article_id AND v.number = a.version_count AND v.search_vector IS NOT NULL"
)


def index_latest_texts(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LATEST_WAIT)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_changed_text_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="LatestText",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_text",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("stored_text", models.BinaryField()),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        # Dropping the table drops its index; the versions stay indexed.
        migrations.RunPython(index_latest_texts, migrations.RunPython.noop, elidable=False),
    ]
