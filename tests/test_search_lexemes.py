"""Matching by each text's lexemes gives what to_tsvector on the whole text gives."""

import pytest
from django.db import connection

from articles.reader import lexemes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text search"),
]

DOCUMENTS = [
    "The harbour bridge will close for repairs. Ferries run instead.",
    "Ferry fares rise: the harbour-side route costs more, officials said.",
    "Closing the ring road. The closures last three weeks (see www.example.com/roads).",
    "A bridge too far: it's the council's call, and it's final.",
    "Nothing here but stop words: the, a, and, of.",
    "",
]
QUERIES = [
    "harbour",
    "ferries",
    "ferry -harbour",
    '"harbour bridge"',
    '"bridge harbour"',
    '-"harbour bridge"',
    '"ring road" closures',
    "harbour-side",
    "bridge or ferry",
    "it's",
    "the",
    "www.example.com",
    '"three weeks" -ferry',
    "bridge or ferry -harbour",
    "-bridge or closures",
]


def by_whole_text(query, documents=DOCUMENTS):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n FROM unnest(%s::text[]) WITH ORDINALITY AS d(doc, n) "
            "WHERE to_tsvector('english', doc) @@ websearch_to_tsquery('english', %s)",
            [documents, query],
        )
        return {n - 1 for (n,) in cursor.fetchall()}


@pytest.mark.parametrize("query", QUERIES)
def test_matching_by_lexemes_agrees_with_the_whole_texts(query):
    lexemes.forget()
    assert lexemes.matching(query, DOCUMENTS, "english") == by_whole_text(query)
    # Again, every piece cached now.
    assert lexemes.matching(query, DOCUMENTS, "english") == by_whole_text(query)


def test_phrases_are_relaxed_outside_quoted_lexemes_only():
    assert lexemes.relaxed("'a' <-> 'b' & 'c' <2> 'd'") == "'a' & 'b' & 'c' & 'd'"
    assert lexemes.relaxed("'x<->y' <-> 'z'") == "'x<->y' & 'z'"


def test_the_kept_lines_and_queries_stay_within_their_bounds(monkeypatch):
    lexemes.forget()
    monkeypatch.setattr(lexemes, "LINE_CACHE_SIZE", 2)
    monkeypatch.setattr(lexemes, "QUERY_CACHE_SIZE", 1)
    documents = ["\n".join(DOCUMENTS), *DOCUMENTS]
    for query in QUERIES:
        expected = by_whole_text(query, documents)
        assert lexemes.matching(query, documents, "english") == expected
        assert len(lexemes._lines) <= 2
        assert len(lexemes._queries) <= 1
