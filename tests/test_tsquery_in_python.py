"""A tsquery of lexemes, "and", "or", "not" and parentheses is answered in Python
on a set of lexemes; anything else is left to PostgreSQL. Pure."""

import pytest

from articles.reader import lexemes


@pytest.mark.parametrize(
    ("tsquery", "have", "expected"),
    [
        ("'a'", {"a"}, True),
        ("'a'", set(), False),
        ("'a' & 'b'", {"a"}, False),
        ("'a' | 'b' & 'c'", {"a"}, True),
        ("'a' | 'b' & 'c'", {"b"}, False),
        ("!'a' & 'b'", {"b"}, True),
        ("!( 'a' | 'b' ) & 'c'", {"c", "b"}, False),
        ("'it''s'", {"it's"}, True),
    ],
)
def test_a_query_of_lexemes_is_answered_in_python(tsquery, have, expected):
    assert lexemes.compiled(tsquery)(have) is expected


@pytest.mark.parametrize("tsquery", ["'a' <-> 'b'", "'a':*", "'a':AB & 'b'", "'a' &", "('a'", ""])
def test_what_a_set_of_lexemes_cannot_answer_goes_to_postgresql(tsquery):
    assert lexemes.compiled(tsquery) is None
