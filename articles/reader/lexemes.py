"""Which texts a PostgreSQL text search query matches, without parsing every text.

to_tsvector costs some microseconds a word: matching a page of twenty texts
took ~40 ms, and the older versions of an article (near copies of each
other) as much again each. But PostgreSQL's parser never makes a token
across whitespace, so a text's lexemes are those of its whitespace-separated
pieces, and news texts repeat their words: each distinct piece is parsed
once and kept (a bounded cache in each process), and a query is matched
against each text's set of lexemes, in Python where the query is only
lexemes, "and", "or", "not" and parentheses (compiled), else by PostgreSQL.
A phrase needs word positions: for a query with one, the lexeme sets only
rule texts out (its phrases relaxed to "and", when no phrase is negated)
and to_tsvector decides on the rest.
"""

import re

from django.db import connection

CACHE_SIZE = 200_000
LINE_CACHE_SIZE = 20_000  # some 750 bytes a line: 15 MB at most
QUERY_CACHE_SIZE = 2_000  # queries are the public's: a flood of new ones stays small
_cache = {}  # (config, piece) -> the piece's lexemes
_lines = {}  # (config, line) -> the line's lexemes, a tuple
_queries = {}  # (config, query) -> its tsquery text: a query is parsed once a process

# The lexemes of each piece not cached; with the query as tsquery text first
# when that is not cached either.
_PIECES = "SELECT p, tsvector_to_array(to_tsvector(%s::regconfig, p)) FROM unnest(%s::text[]) p"
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
# A tsquery's tokens: a quoted lexeme (with what follows it, such as :* or
# weights, which a set of lexemes cannot answer), an operator, a parenthesis.
_TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(:[\w*]+)?|(<->|<\d+>)|([!&|()]))")


def _outside_quotes(pattern, tsquery):
    return any(not match.group(1) for match in pattern.finditer(tsquery))


def relaxed(tsquery):
    """The tsquery with each phrase operator made "and": a looser test without negations."""
    return _QUOTED_OR_PHRASE.sub(lambda m: m.group(1) or "&", tsquery)


def query_lexemes(tsquery):
    """The lexemes a tsquery names, or None if they cannot be read back from its text."""
    if "\\" in tsquery:
        return None  # backslash escapes: let to_tsvector decide
    return {quoted.replace("''", "'") for quoted in _LEXEME.findall(tsquery)}


def forget():
    """Empty this process's caches (tests count the queries a cold one makes)."""
    _cache.clear()
    _lines.clear()
    _queries.clear()


def _remember(store, key, value, size=CACHE_SIZE):
    if len(store) >= size:
        store.clear()  # simpler than an LRU, and a refill costs one query
    store[key] = value


def _prepare(cursor, config, query, documents):
    """The query as tsquery text, and each document's set of lexemes among the
    query's (all of them if the query's cannot be read)."""
    # Versions of one article share nearly all their lines, and searches the
    # same articles: a text's lexemes are those of its lines, each line's kept.
    lines = [doc.split("\n") for doc in documents]
    found = {line: _lines.get((config, line)) for line in set().union(*lines)}
    line_pieces = {line: set(line.split()) for line, known in found.items() if known is None}
    distinct = set().union(*line_pieces.values())
    missing = sorted(p for p in distinct if (config, p) not in _cache)
    tsquery = _queries.get((config, query))
    if tsquery is None:
        cursor.execute(_PREPARE, [config, query, config, missing])
    elif missing:
        cursor.execute(_PIECES, [config, missing])
    pieces = {}
    for *text, piece, piece_lexemes in cursor.fetchall() if tsquery is None or missing else []:
        if piece is None:
            tsquery = text[0] or ""
            _remember(_queries, (config, query), tsquery, QUERY_CACHE_SIZE)
        else:
            pieces[piece] = frozenset(piece_lexemes)
            _remember(_cache, (config, piece), pieces[piece])
    for line, line_has in line_pieces.items():
        has = (pieces.get(p) or _cache.get((config, p), ()) for p in line_has)
        found[line] = tuple(frozenset().union(*has))
        _remember(_lines, (config, line), found[line], LINE_CACHE_SIZE)
    wanted = query_lexemes(tsquery)
    # Matching depends only on which of the query's lexemes a text has.
    if wanted is not None:
        found = {line: wanted.intersection(has) for line, has in found.items()}
    lexemes = [set().union(*(found[line] for line in doc)) for doc in lines]
    return tsquery, lexemes


def _tokens(tsquery):
    """A tsquery's tokens, lexemes as ("'", lexeme); None if one is more than a lexeme."""
    found, at = [], 0
    while at < len(tsquery.rstrip()):
        match = _TOKEN.match(tsquery, at)
        if not match or match.group(2):
            return None
        lexeme, phrase, operator = match.group(1), match.group(3), match.group(4)
        found.append(("'", lexeme.replace("''", "'")) if lexeme is not None else phrase or operator)
        at = match.end()
    return found


def compiled(tsquery):
    """A test of a set of lexemes, as `tsvector @@ tsquery` makes it on a vector of
    those lexemes without positions; None for what it cannot answer (phrases,
    prefixes, weights, escapes). Precedence: ! before & before |."""
    tokens = _tokens(tsquery) if "\\" not in tsquery else None
    if not tokens:
        return None
    at = 0

    def peek():
        return tokens[at] if at < len(tokens) else None

    def take():
        nonlocal at
        at += 1
        return tokens[at - 1]

    def joined(operator, part, combine):
        tests = [part()]
        while peek() == operator:
            take()
            tests.append(part())
        return tests[0] if len(tests) == 1 else lambda have: combine(t(have) for t in tests)

    def either():
        return joined("|", both, any)

    def both():
        return joined("&", single, all)

    def single():
        item = take() if peek() is not None else None
        if item == "!":
            test = single()
            return lambda have: not test(have)
        if item == "(":
            test = either()
            if take() != ")":
                raise ValueError(tsquery)
            return test
        if isinstance(item, tuple):
            return lambda have, lexeme=item[1]: lexeme in have
        raise ValueError(tsquery)  # a phrase operator, or the query ends early

    try:
        test = either()
    except (ValueError, IndexError):
        return None
    return test if at == len(tokens) else None


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
            loose = relaxed(tsquery) if phrase else tsquery
            test = compiled(loose)
            if test is not None:
                candidates = [i for i, have in enumerate(lexemes) if test(have)]
            else:
                cursor.execute(_BY_LEXEMES, [[" ".join(have) for have in lexemes], loose])
                candidates = sorted(n - 1 for (n,) in cursor.fetchall())
            if not phrase or not candidates:
                return set(candidates)
        cursor.execute(_BY_TEXT, [[documents[i] for i in candidates], config, config, query])
        return {candidates[n - 1] for (n,) in cursor.fetchall()}
