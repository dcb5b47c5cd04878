"""What a search query asks: its words, its groups of words, whether it may hold a phrase.

Queries are PostgreSQL's websearch syntax ("quoted phrases", -excluded words,
"or"); SQLite's fallback takes every word as required.
"""

import re

from django.db import connection

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
_WORD = re.compile(r"\w+")
# websearch syntax: an optional "-", then a quoted phrase or a run of non-spaces.
_TERM = re.compile(r'(-?)("[^"]*"?|[^\s"]+)')
# What may make a phrase in websearch syntax: a quote, or words joined by
# anything but a space ("covid-19", "e.g."); a wrong guess only costs time.
_PHRASE_LIKE = re.compile(r'"|\w[^\w\s]+\w')


def may_hold_phrase(query):
    return bool(_PHRASE_LIKE.search(query))


def words(query):
    return _WORD.findall(query[:MAX_QUERY_LENGTH])[:MAX_WORDS]


def required_groups(query):
    """Groups of words a matching version has at least one word of, in each group.

    Excluded words are left out and "or" joins its neighbours' groups: a
    looser test than the query's, so it never misses a match.
    """
    if connection.vendor != "postgresql":
        return [[word] for word in words(query)]
    groups, joining = [], False
    for minus, term in _TERM.findall(query[:MAX_QUERY_LENGTH]):
        if term.lower() == "or" and not minus:
            joining = bool(groups)
            continue
        found = [] if minus else _WORD.findall(term)
        if joining and groups[-1] is not None:
            # "a or -b" needs no word: the group asks nothing.
            groups[-1] = groups[-1] + found if found else None
        elif found:
            groups.extend([word] for word in found)
        joining = False
    return [group[:MAX_WORDS] for group in groups if group][:MAX_WORDS]
