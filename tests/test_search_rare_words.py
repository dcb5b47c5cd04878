"""A rare word's articles are read at once and their latest texts matched in order:
the same results as the two queries a common word takes (PostgreSQL)."""

from datetime import timedelta

import pytest
from django.db import connection

from articles.reader import lexemes, rarewords, search
from articles.storage import searchindex
from tests.reader_data import NOW, add_version, make_article

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statistics"
)


@pytest.fixture(autouse=True)
def fresh_statistics():
    rarewords.forget()
    yield
    rarewords.forget()


def archive(source):
    """Twelve articles: the tramway in the latest text of some, only in older versions
    of others, changed at different times; every one about the council."""
    for n in range(12):
        article = make_article(source, f"/news/{n}")
        changed = NOW + timedelta(hours=n)
        with_tramway = ["The council met.", "The tramway opens soon."]
        without = ["The council met.", "The buses run instead."]
        if n % 3 == 0:  # the tramway now
            add_version(article, f"Story {n}", without, changed - timedelta(minutes=30))
            add_version(article, f"Story {n}", with_tramway, changed)
        elif n % 3 == 1:  # the tramway once
            add_version(article, f"Story {n}", with_tramway, changed - timedelta(minutes=30))
            add_version(article, f"Story {n}", without, changed)
        else:  # never
            add_version(article, f"Story {n}", without, changed)
    searchindex.index_pending(1000)


def found(query, size, page, rare):
    needed = search.needed

    def told(query):
        return needed(query)._replace(rare=rare)

    search.needed = told
    try:
        result = search.find(query, size, page)
    finally:
        search.needed = needed
    return [(r.version.article_id, r.version.number) for r in result.results], result.has_next


@on_postgresql
@pytest.mark.django_db
def test_the_statistics_tell_a_rare_word_from_a_common_one(source):
    archive(source)
    common = "council budget vote weekly agenda motion minutes chamber mayor ward quorum"
    for n in range(100):
        add_version(make_article(source, f"/more/{n}"), "Council", [common], NOW)
    searchindex.index_pending(1000)
    with connection.cursor() as cursor:
        # At statistics target 1 PostgreSQL keeps the ten commonest lexemes, as
        # at the default it keeps a large archive's thousand.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for none
        cursor.execute("ALTER TABLE articles_version ALTER COLUMN search_vector SET STATISTICS 1")
        cursor.execute("ANALYZE articles_version")
    assert search.needed("tramway").rare
    assert not search.needed("council").rare
    assert search.needed("council tramway").rare  # one rare group is enough
    assert not search.needed("council or tramway").rare


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize(("size", "page"), [(2, 1), (2, 2), (3, 3), (10, 1)])
def test_a_rare_word_finds_what_a_common_one_would(source, size, page):
    archive(source)
    assert found("tramway", size, page, rare=True) == found("tramway", size, page, rare=False)
    assert found("tramway", size, page, rare=True)[0]


@on_postgresql
@pytest.mark.django_db
def test_a_rare_word_reads_its_articles_in_one_query(source, django_assert_num_queries):
    archive(source)
    lexemes.forget()
    # What the query needs, the statistics (read once a while), every article
    # with the word and whether the most recent match now; for those matching
    # only in an older version their ranges with the rows they are read from,
    # the lexemes of their words (once a process); then the page.
    with django_assert_num_queries(6):
        assert found("tramway", 10, 1, rare=True)[0]
    with django_assert_num_queries(4):
        assert found("tramway", 10, 1, rare=True)[0]


@pytest.mark.parametrize(
    ("word_lexemes", "common", "rare"),
    [
        ([{"tramway"}], frozenset({"council"}), True),
        ([{"council"}], frozenset({"council"}), False),
        ([{"council"}, {"tramway"}], frozenset({"council"}), False),  # "council or tramway"
        ([{"harbour", "side"}], frozenset({"harbour"}), True),  # harbour-side: side is rare
        ([set()], frozenset({"council"}), False),  # a stop word
        ([{"tramway"}], None, False),  # no statistics yet
    ],
)
def test_a_group_is_rare_when_each_word_has_a_lexeme_that_is_not_common(word_lexemes, common, rare):
    assert rarewords.is_rare(word_lexemes, common) is rare


@on_postgresql
@pytest.mark.django_db
def test_stop_words_alone_match_nothing_and_read_nothing(source, django_assert_num_queries):
    archive(source)
    search.needed("the")  # the statistics, read once a while
    with django_assert_num_queries(1):
        assert search.find("the of and", 10).results == []
    assert search.find("-tramway the", 10).results  # "not tramway" asks something


@on_postgresql
@pytest.mark.django_db
def test_past_the_first_batch_a_rare_word_asks_the_latest_texts_again(source):
    # Fifteen articles lost the word lately; three older ones have it now: the
    # first batch asked with the articles (three, plus eight) matches none.
    for n in range(18):
        article = make_article(source, f"/news/{n}")
        changed = NOW + timedelta(hours=n)
        earlier = changed - timedelta(minutes=30)
        with_tramway = ["The council met.", "The tramway opens soon."]
        without = ["The council met.", "The buses run instead."]
        first, last = (without, with_tramway) if n < 3 else (with_tramway, without)
        add_version(article, f"Story {n}", first, earlier)
        add_version(article, f"Story {n}", last, changed)
    searchindex.index_pending(1000)
    results = found("tramway", 2, 1, rare=True)
    assert results == found("tramway", 2, 1, rare=False)
    # The newest matches are the older versions of the articles changed last.
    assert [number for _, number in results[0]] == [1, 1]
