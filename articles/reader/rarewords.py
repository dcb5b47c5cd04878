"""Search for a rare word: its few articles read at once, their latest texts matched in order.

For a common word the planner walks the recent articles and stops at the
page's end (articles.reader.search). A rare word's articles are few, and the
planner looks them up in the versions' words index whatever the query. Then
one query asking for the page of those whose latest text matches matched the
latest text of every one of them, and a second looked them all up again for
the candidates that may match in an older version. Here they are read once,
ordered here, and their kept latest texts matched newest first, a step at a
time, until a page of them match; the same rows give the candidates: those
whose latest text does not match, changed since the page's last result.

A word is rare when PostgreSQL's own statistics say so: none of its lexemes
is among the most common elements of the versions' words (pg_stats), the
bound below which the planner's estimate for it is a guess from the
rarest common one.
"""

import time
from functools import partial

from django.conf import settings
from django.db import connection

from articles import latesttexts
from articles.reader import pagesplit
from articles.reader.searchterms import MAX_QUERY_LENGTH

# More articles than this and the word is not rare after all: search's
# queries for common words take over.
MAX_ARTICLES = 5_000
# Statistics change with ANALYZE, some times a day at most.
_STATISTICS_SECONDS = 600
_common = {}  # config -> (when read, frozenset of lexemes)

_COMMON = (
    "SELECT unnest(most_common_elems::text::text[]) FROM pg_stats "
    "WHERE schemaname = current_schema() AND tablename = 'articles_version' "
    "AND attname = 'search_vector'"
)
# Which of these articles' latest texts match (latesttexts), with each one's
# latest version's time and id.
_LATEST_MATCHING = (
    f"SELECT t.id, {latesttexts.MATCHES_AND_LATEST_VERSION} "  # noqa: S608 (constants)
    f"FROM unnest(%s::bigint[], %s::integer[]) AS t(id, version_count) {latesttexts.LATEST_VERSION}"
)


def common_lexemes(cursor):
    """The lexemes the statistics count among the most common of the versions' words,
    read again every few minutes; None while the table has no statistics."""
    config = settings.NEWSDIFFS_SEARCH_CONFIG
    read_at, lexemes = _common.get(config, (None, None))
    if read_at is None or time.monotonic() - read_at > _STATISTICS_SECONDS:
        cursor.execute(_COMMON)
        lexemes = frozenset(lexeme for (lexeme,) in cursor.fetchall()) or None
        _common[config] = (time.monotonic(), lexemes)
    return lexemes


def forget():
    _common.clear()


def is_rare(word_lexemes, common):
    """Whether a group of words (the lexemes of each) finds few versions: each word
    has a lexeme the statistics do not count as common."""
    if common is None or not word_lexemes:
        return False
    return all(lexemes and not lexemes <= common for lexemes in word_lexemes)


def _latest_match(query, rows, into, known):
    """{id: (archived_at, id of its latest version)} of these articles ((id, latest
    number, last change)) whose latest text matches, added to `into` too: from
    `known` (the same, None for those that do not match) if it has them all."""
    if all(row[0] in known for row in rows):
        found = {row[0]: known[row[0]] for row in rows if known[row[0]] is not None}
        into.update(found)
        return found
    params = [settings.NEWSDIFFS_SEARCH_CONFIG, query[:MAX_QUERY_LENGTH]]
    params += [[row[0] for row in rows], [row[1] for row in rows]]
    with connection.cursor() as cursor:
        cursor.execute(_LATEST_MATCHING, params)
        found = {article_id: (at, pk) for article_id, matches, at, pk in cursor if matches}
    into.update(found)
    return found


def latest_and_candidates(query, rows, known, wanted, scan):
    """pagesplit.split of every article (id, latest number, last change) with the
    words, their latest texts matched here a batch at a time (those in `known`
    matched already, as _latest_match takes them); each latest row with its
    version's time and id."""
    rows = sorted(rows, key=lambda row: (row[2], row[0]), reverse=True)
    versions = {}
    split = partial(_latest_match, query, into=versions, known=known)
    latest, changed_since, others = pagesplit.split(rows, split, wanted, scan, complete=True)
    return [(*row, *versions[row[0]]) for row in latest], changed_since, others
