"""Which texts a PostgreSQL text search query matches, without parsing every text.

to_tsvector costs some microseconds a word: matching a page of twenty texts
took ~40 ms, and the older versions of an article (near copies of each
other) as much again each. But PostgreSQL's parser never makes a token
across whitespace, so a text's lexemes are those of its whitespace-separated
pieces, and news texts repeat their words: each distinct piece is parsed
once and kept (a bounded cache in each process), and a query is matched
against each text's set of lexemes. A phrase needs word positions: for a
query with one, the lexeme sets only rule texts out (its phrases relaxed to
"and", when no phrase is negated) and to_tsvector decides on the rest.
"""

import re

from django.db import connection

CACHE_SIZE = 200_000
_cache = {}  # (config, piece) -> the piece's lexemes

# The query as tsquery text, then the lexemes of each piece not cached.
_PREPARE = (
    "SELECT websearch_to_tsquery(%s::regconfig, %s)::text, NULL, NULL UNION ALL "
    "SELECT NULL, p, tsvector_to_array(to_tsvector(%s::regconfig, p)) FROM unnest(%s::text[]) p"
)
_BY_LEXEMES = (
    "SELECT n FROM unnest(%s::text[]) WITH ORDINALITY AS d(lexemes, n) "
    "WHERE array_to_tsvector(string_to_array(lexemes, ' ')) @@ %s::tsquery"
)
_BY_TEXT = (
    "SELECT n FROM unnest(%s::text[]) WITH ORDINALITY AS d(doc, n) "
    "WHERE to_tsvector(%s::regconfig, doc) @@ websearch_to_tsquery(%s::regconfig, %s)"
)
# In tsquery text, lexemes are quoted ('it''s'): operators are what lies outside.
_QUOTED_OR_PHRASE = re.compile(r"('(?:[^']|'')*')|<(?:-|\d+)>")
_QUOTED_OR_NOT = re.compile(r"('(?:[^']|'')*')|!")
_LEXEME = re.compile(r"'((?:[^']|'')*)'")


def _outside_quotes(pattern, tsquery):
    return any(not match.group(1) for match in pattern.finditer(tsquery))


def relaxed(tsquery):
    """The tsquery with each phrase operator made "and": a looser test without negations."""
    return _QUOTED_OR_PHRASE.sub(lambda m: m.group(1) or "&", tsquery)


def _query_lexemes(tsquery):
    """The lexemes a tsquery names, or None if they cannot be read back from its text."""
    if "\\" in tsquery:
        return None  # backslash escapes: let to_tsvector decide
    return {quoted.replace("''", "'") for quoted in _LEXEME.findall(tsquery)}


def _prepare(cursor, config, query, documents):
    """The query as tsquery text, and each document's lexemes among the query's
    (space-separated; all of them if the query's cannot be read)."""
    # Versions of one article share nearly all their lines: each distinct line
    # is split once, and a text's pieces are those of its lines.
    lines = [doc.split("\n") for doc in documents]
    line_pieces = {line: set(line.split()) for line in set().union(*lines)}
    distinct = set().union(*line_pieces.values())
    missing = sorted(p for p in distinct if (config, p) not in _cache)
    cursor.execute(_PREPARE, [config, query, config, missing])
    tsquery = ""
    for text, piece, found in cursor.fetchall():
        if piece is None:
            tsquery = text or ""
        else:
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()  # simpler than an LRU, and a refill costs one query
            _cache[config, piece] = frozenset(found)
    wanted = _query_lexemes(tsquery)
    # Matching depends only on which of the query's lexemes a text has: the
    # pieces that give none of them are left out before the texts are looked at.
    relevant = {}
    for piece in distinct:
        found = _cache.get((config, piece), frozenset())
        found = found if wanted is None else found & wanted
        if found:
            relevant[piece] = found
    keys = relevant.keys()
    line_lexemes = {
        line: set().union(*(relevant[p] for p in found & keys))
        for line, found in line_pieces.items()
    }
    lexemes = [" ".join(set().union(*(line_lexemes[line] for line in doc))) for doc in lines]
    return tsquery, lexemes


def matching(query, documents, config):
    """The indexes of the documents that match the websearch query."""
    if not documents:
        return set()
    with connection.cursor() as cursor:
        tsquery, lexemes = _prepare(cursor, config, query, documents)
        if not tsquery:  # only stop words: nothing to match
            return set()
        phrase = _outside_quotes(_QUOTED_OR_PHRASE, tsquery)
        candidates = range(len(documents))
        if not (phrase and _outside_quotes(_QUOTED_OR_NOT, tsquery)):
            cursor.execute(_BY_LEXEMES, [lexemes, relaxed(tsquery) if phrase else tsquery])
            candidates = sorted(n - 1 for (n,) in cursor.fetchall())
            if not phrase or not candidates:
                return set(candidates)
        cursor.execute(_BY_TEXT, [[documents[i] for i in candidates], config, config, query])
        return {candidates[n - 1] for (n,) in cursor.fetchall()}
