"""Each article's latest text, kept whole for search (PostgreSQL).

Versions are stored as delta chains (articles.storage): reading a text
decodes up to 32 frames, and the words a version added
(Version.search_vector) keep no word order, so a phrase could only be
matched by reading every candidate's text. Here each article's latest
version has its title and text once more: as a tsvector with word positions
(a query, phrases included, is answered exactly on each candidate article
without reading its chain) and as one standalone zstd frame (a result's
excerpt). Not indexed: the versions' words (GIN) find the candidates for a
rare word, and a common one walks the recent articles; an index here would
double the table's size and cost at every new version. One row an article, replaced
when a newer version of it is indexed (articles.storage.searchindex): it
costs one text an article, not one a version.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


def matches(article_id, version_count):
    """For search's raw queries over articles: whether an article's kept latest
    text, if current, matches the websearch query (its config and text the two
    parameters); the arguments are SQL for the article's id and version_count."""
    return (
        "EXISTS (SELECT 1 FROM articles_latesttext l "  # noqa: S608 (column names)
        f"WHERE l.article_id = {article_id} AND l.number = {version_count} "
        "AND l.vector @@ websearch_to_tsquery(%s::regconfig, %s))"
    )


# For articles t(id, version_count, ...): whether each one's kept latest text
# matches, then the time and id of its latest version, by which results rank.
MATCHES_AND_LATEST_VERSION = f"{matches('t.id', 't.version_count')}, v.archived_at, v.id"
LATEST_VERSION = (
    "LEFT JOIN articles_version v ON v.article_id = t.id AND v.number = t.version_count"
)


class LatestText(models.Model):
    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="latest_text"
    )
    # The version whose title and text these are: current while it equals
    # the article's version_count; search reads older rows the slow way.
    number = models.PositiveIntegerField()
    stored_text = models.BinaryField()
    vector = SearchVectorField()

    def __str__(self):
        return f"article {self.article_id} v{self.number}"
