"""Search over titles and text: PostgreSQL full text search, or the SQLite fallback."""

from datetime import timedelta

import pytest
from django.db import connection

from articles.reader import lexemes, rarewords, search
from articles.storage import searchindex
from tests.reader_data import NOW, add_version, make_article

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full text search is PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")


def test_search_finds_the_latest_matching_version_of_each_article(client, harbour):
    page = client.get("/search/", {"q": "ferry"}).content.decode()
    assert "1 article with a version that matches" in page
    assert f'href="/articles/{harbour.pk}/?upto=4#v4">version 4</a>' in page
    assert f'href="/articles/{harbour.pk}/diff/3/4/">what changed</a>' in page


def test_search_finds_words_only_an_old_version_had(client, harbour):
    page = client.get("/search/", {"q": "three weeks"}).content.decode()
    assert f'href="/articles/{harbour.pk}/?upto=1#v1">version 1</a>' in page
    assert "Then titled: <bdi>Harbour bridge to close</bdi></p>" in page
    assert "expected to last three weeks" in page


def test_search_matches_titles(client, harbour):
    results = search.search("harbour", limit=10)
    assert [r.version.number for r in results] == [4]


def test_search_lists_articles_newest_match_first(client, source, harbour):
    other = make_article(source, "/news/ferry-fares")
    add_version(other, "Ferry fares rise", ["The ferry costs more."], NOW + timedelta(days=1))
    results = search.search("ferry", limit=10)
    assert [r.version.article_id for r in results] == [other.pk, harbour.pk]
    assert len(search.search("ferry", limit=1)) == 1


def test_no_match_and_empty_query(client, harbour):
    assert b"No version of any article matches" in client.get("/search/?q=zebra").content
    page = client.get("/search/").content.decode()
    assert "matches" not in page
    assert search.search("!!!", limit=10) == []


def test_search_query_is_escaped_in_the_page(client, harbour):
    page = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_search_query_count_is_fixed(client, source, django_assert_num_queries):
    for n in range(8):
        article = make_article(source, f"/s{n}")
        add_version(article, f"Budget story {n}", ["The budget was announced."], NOW)
    # (On PostgreSQL whether versions wait to be indexed and which words ask
    # something, the statistics that tell a rare word, read once a while; the
    # recent articles with the words and whether their latest text, kept for
    # search, matches: none does, nothing is indexed; then) candidate articles,
    # their latest versions' titles and text rows (on PostgreSQL in the same
    # query as the range of versions each may match in; then the query and the
    # lexemes of their words, parsed once a process, then matched in Python),
    # then the matching versions.
    lexemes.forget()
    rarewords.forget()
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 3):
        client.get("/search/", {"q": "budget"})


@on_postgresql
def test_search_of_indexed_articles_reads_no_chain(client, source, django_assert_num_queries):
    for n in range(8):
        article = make_article(source, f"/s{n}")
        add_version(article, f"Budget story {n}", ["The budget was announced."], NOW)
        add_version(article, f"Budget story {n}", ["The budget was passed."], NOW)
    searchindex.index_pending(100)
    # Whether versions wait and which words ask something, the statistics, the
    # recent articles with the words and whether their latest text matches
    # (each does: no candidate), and the matching versions with their latest
    # texts kept for search.
    rarewords.forget()
    with django_assert_num_queries(4):
        page = client.get("/search/", {"q": '"budget was passed"'}).content.decode()
    assert page.count("Budget story") == 8


def test_excerpt_is_around_the_first_match():
    text = "Opening words. " * 30 + "The ferry will run. " + "Closing words. " * 30
    excerpt = search.excerpt(text, ["ferry"])
    assert "The ferry will run." in excerpt
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")
    assert search.excerpt("Short text.", ["absent"]) == "Short text."


@on_postgresql
def test_postgresql_search_stems_words_and_takes_phrases(harbour):
    assert [r.version.number for r in search.search("closures", limit=10)] == [4]
    assert search.search('"ring road"', limit=10)
    assert search.search("ferry -harbour", limit=10) == []


@on_sqlite
def test_sqlite_fallback_needs_every_word(harbour):
    assert search.search("ferry harbour", limit=10)
    assert search.search("ferry zebra", limit=10) == []
    assert [r.version.number for r in search.search("FERRY", limit=10)] == [4]


def test_search_reads_candidates_a_page_at_a_time_and_keeps_the_newest(source):
    for n in range(5):
        article = make_article(source, f"/news/budget-{n}")
        add_version(article, f"Budget {n}", ["The budget was set."], NOW + timedelta(hours=n))
    older = make_article(source, "/news/budget-old")
    add_version(older, "Budget", ["The budget was set."], NOW + timedelta(hours=9))
    add_version(older, "Later", ["Nothing about money."], NOW + timedelta(hours=10))
    results = search.search("budget", limit=2)
    assert [(r.version.title, r.version.number) for r in results] == [
        ("Budget", 1),
        ("Budget 4", 1),
    ]


def test_search_pages_hold_different_results_with_links_between_them(client, source, settings):
    settings.NEWSDIFFS_SEARCH_PAGE_SIZE = 2
    articles = []
    for n in range(5):
        article = make_article(source, f"/news/tram-{n}")
        add_version(article, f"Tram {n}", ["The tramway opens."], NOW + timedelta(hours=n))
        articles.append(article)
    newest_first = [a.pk for a in reversed(articles)]
    pages = [search.find("tramway", 2, page) for page in (1, 2, 3)]
    assert [[r.version.article_id for r in p.results] for p in pages] == [
        newest_first[:2],
        newest_first[2:4],
        newest_first[4:],
    ]
    assert [(p.has_previous, p.has_next) for p in pages] == [
        (False, True),
        (True, True),
        (True, False),
    ]
    html = client.get("/search/", {"q": "tramway", "page": "2"}).content.decode()
    assert 'rel="prev" href="?q=tramway&amp;page=1"' in html
    assert 'rel="next" href="?q=tramway&amp;page=3"' in html
    assert f'href="/articles/{newest_first[2]}/"' in html
    assert f'href="/articles/{newest_first[0]}/"' not in html


def test_search_page_numbers_that_are_no_page_are_not_found(client, harbour):
    for page in ("0", "-1", "x", "\uff11", str(search.MAX_PAGES + 1)):
        assert client.get("/search/", {"q": "ferry", "page": page}).status_code == 404
    assert client.get("/search/", {"q": "ferry", "page": "1"}).status_code == 200
    assert search.find("ferry", 10, page=search.MAX_PAGES + 1).results == []


def test_search_finds_a_match_many_versions_back(source):
    article = make_article(source, "/news/long-story")
    for n in range(1, 13):
        words = "The tramway opens." if n == 2 else f"Update number {n}."
        add_version(article, "Long story", [words], NOW + timedelta(hours=n))
    results = search.search("tramway", limit=10)
    assert [(r.version.article_id, r.version.number) for r in results] == [(article.pk, 2)]
