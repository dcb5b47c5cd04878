"""Search's stored tsvector: filled after a check commits, by ticks and by index_search."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Version
from articles.reader import search
from articles.storage import searchindex
from tests.reader_data import NOW, add_version, make_article

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored tsvector is PostgreSQL's"
)


def unindexed():
    return Version.objects.filter(search_vector__isnull=True).count()


@on_postgresql
def test_a_check_indexes_its_version_only_after_its_transaction_commits(
    track, django_capture_on_commit_callbacks
):
    article = track("harbour-bridge-closure")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        check_article(article.pk, Fetcher())
    # Everything the check wrote is in; the index is not, until the commit.
    version = Version.objects.get(article=article)
    assert version.search_vector is None
    assert len(callbacks) == 1
    callbacks[0]()
    version.refresh_from_db()
    assert version.search_vector
    assert "harbour" in str(version.search_vector)


@on_postgresql
def test_index_pending_indexes_in_batches_and_leaves_indexed_rows_alone(source):
    for n in range(5):
        article = make_article(source, f"/news/story-{n}")
        add_version(article, f"Story {n}", [f"Tramway number {n} opens."], NOW)
    assert unindexed() == 5
    assert searchindex.count_pending() == 5
    assert searchindex.index_pending(2) == 2
    assert unindexed() == 3
    assert searchindex.index_pending(10) == 3
    assert searchindex.index_pending(10) == 0
    assert searchindex.index_versions(list(Version.objects.values_list("pk", flat=True))) == 0


@on_postgresql
def test_index_search_command_indexes_every_waiting_version(source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    add_version(article, "Tram", ["The tramway opens on Monday."], NOW + timedelta(hours=1))
    call_command("index_search", batch=1)
    assert unindexed() == 0


@on_postgresql
def test_search_finds_indexed_versions_through_their_stored_words(source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    searchindex.index_pending(100)
    # The stored vector alone finds it: the words column is no longer read.
    Version.objects.update(search_words="")
    assert [r.version.article_id for r in search.search("tramway", limit=10)] == [article.pk]
    assert search.search("ferry", limit=10) == []


@on_postgresql
def test_an_indexed_version_keeps_its_words_in_its_vector_alone(source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    add_version(article, "Tram", ["The tramway opens to cyclists."], NOW + timedelta(hours=1))
    waiting = Version.objects.get(article=article, number=2)
    assert "cyclists" in waiting.search_words
    searchindex.index_pending(100)
    indexed = Version.objects.get(pk=waiting.pk)
    assert indexed.search_words == ""
    assert "cyclist" in str(indexed.search_vector)
    assert "tramway" not in str(indexed.search_vector)  # version 1 added it


@on_postgresql
def test_versions_waiting_are_found_with_no_index_of_their_words(source):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'articles_version' "
            "AND indexdef LIKE '%%search_words%%'"
        )
        assert cursor.fetchone()[0] == 0
    article = make_article(source, "/news/ferry")
    add_version(article, "Ferry", ["The ferry to the island resumes."], NOW)
    assert unindexed() == 1
    assert [r.version.article_id for r in search.search("island", limit=10)] == [article.pk]
    assert search.search("-island ferry", limit=10) == []


@on_postgresql
def test_search_finds_both_indexed_versions_and_those_still_waiting(source):
    first = make_article(source, "/news/tram-1")
    add_version(first, "Tram one", ["The tramway opens."], NOW)
    searchindex.index_pending(100)
    second = make_article(source, "/news/tram-2")
    add_version(second, "Tram two", ["The tramway closes."], NOW + timedelta(hours=1))
    results = search.search("tramway", limit=10)
    assert [r.version.article_id for r in results] == [second.pk, first.pk]


@on_postgresql
def test_the_candidate_query_looks_rare_words_up_in_the_index(source):
    for n in range(30):
        article = make_article(source, f"/news/s{n}")
        add_version(article, f"Story {n}", [f"Common words and word{n}."], NOW)
    searchindex.index_pending(100)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_version")
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = search.candidate_query("word7")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "version_search_vector_idx" in plan


def test_compacting_an_article_leaves_its_versions_to_be_indexed_afresh(source):
    from articles.storage import archive

    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    searchindex.index_pending(100)
    archive.compact_article(article.pk)
    assert unindexed() == 1


def test_on_sqlite_nothing_is_indexed_and_search_reads_the_texts(source):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite fallback")
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    assert searchindex.index_pending(100) == 0
    call_command("index_search")
    assert [r.version.article_id for r in search.search("tramway", limit=10)] == [article.pk]


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@on_postgresql
def test_a_batch_merges_words_through_a_bigger_pending_list_than_one_version(source):
    article = make_article(source, "/news/tram")
    first = add_version(article, "Tram", ["The tramway opens."], NOW)
    # The index has no size of its own: each indexer's transaction sets it (the
    # test's transaction holds what the last one set).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'version_search_vector_idx'"
        )
        assert "gin_pending_list_limit" not in str(cursor.fetchone()[0])
    searchindex.index_versions([first.pk], {})
    alone = _setting("gin_pending_list_limit")
    add_version(article, "Tram", ["The tramway opens on Monday."], NOW + timedelta(hours=1))
    searchindex.index_pending(100)
    batch = _setting("gin_pending_list_limit")
    assert (alone, batch) == ("128kB", "512kB")


@on_postgresql
def test_the_tables_search_rewrites_are_vacuumed_once_two_percent_are_dead(source):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class "
            "WHERE relname IN ('articles_version', 'articles_latesttext')"
        )
        options = {name: set(values) for name, values in cursor.fetchall()}
    for table in ("articles_version", "articles_latesttext"):
        assert "autovacuum_vacuum_scale_factor=0.02" in options[table]


@on_postgresql
def test_after_the_search_configuration_changes_a_rebuild_indexes_every_version_again(
    source, settings
):
    article = make_article(source, "/news/runners")
    add_version(article, "Marathon", ["The runners were running late."], NOW)
    add_version(article, "Marathon", ["The runners arrived."], NOW + timedelta(hours=1))
    searchindex.index_pending(100)
    # English stems "running" to "run"; the simple configuration keeps words whole.
    assert "'run'" in str(Version.objects.get(article=article, number=1).search_vector)
    settings.NEWSDIFFS_SEARCH_CONFIG = "simple"
    assert search.find("running", 10).results == []  # its vectors hold "run", not "running"

    call_command("index_search", "--rebuild", "--articles", "1", stdout=io.StringIO())

    first, second = Version.objects.filter(article=article).order_by("number")
    assert "'running'" in str(first.search_vector)
    assert "'run'" not in str(first.search_vector)
    assert str(second.search_vector) == "'arrived'"  # the words it added, as the check saw them
    assert [r.version.number for r in search.find("running", 10).results] == [1]
    assert [r.version.number for r in search.find('"runners arrived"', 10).results] == [2]


@on_postgresql
def test_a_rebuild_resumes_past_an_article_and_leaves_the_ones_before_alone(source, settings):
    articles = []
    for n in range(3):
        articles.append(make_article(source, f"/news/{n}"))
        add_version(articles[-1], f"Story {n}", ["The runners were running."], NOW)
    searchindex.index_pending(100)
    settings.NEWSDIFFS_SEARCH_CONFIG = "simple"
    out = io.StringIO()
    call_command("index_search", "--rebuild", "--after", str(articles[0].pk), stdout=out)
    vectors = [str(Version.objects.get(article=a).search_vector) for a in articles]
    assert "'run'" in vectors[0]
    assert all("'running'" in vector for vector in vectors[1:])
    assert "2 versions of 2 articles indexed again" in out.getvalue()


@on_postgresql
def test_a_version_that_does_not_decode_gets_no_words_and_the_next_is_compared_with_the_last(
    source,
):
    article = make_article(source, "/news/damaged")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    add_version(article, "Tram", ["The tramway opens soon."], NOW + timedelta(hours=1))
    add_version(article, "Tram", ["The tramway opens soon, for sure."], NOW + timedelta(hours=2))
    Version.objects.filter(article=article, number=2).update(stored_text=b"not a zstd frame")
    assert searchindex.words_again([article.pk]) == 3
    words = dict(Version.objects.filter(article=article).values_list("number", "search_words"))
    # 2 does not read back, nor 3 (a delta on it): neither has words to add.
    assert words == {1: "tram the tramway opens", 2: "", 3: ""}


@pytest.mark.parametrize(
    ("counts", "chunks"),
    [
        ([(1, 2), (2, 2), (3, 1)], [[1, 2], [3]]),  # two articles a batch
        ([(1, 4), (2, 2), (3, 1)], [[1], [2, 3]]),  # five versions a batch at most
        ([(1, 9), (2, 1)], [[1], [2]]),  # one article past it goes alone
    ],
)
def test_a_rebuild_takes_articles_in_batches_bounded_by_articles_and_versions(counts, chunks):
    from articles.management.commands.index_search import _chunks

    assert list(_chunks(counts, 2, 5)) == chunks
