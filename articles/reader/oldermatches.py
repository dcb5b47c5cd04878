"""Which older version of each candidate article matches a query, newest first.

Texts are stored as delta chains (articles.storage.chains): a version is
read by decoding its chain from the last keyframe. So each candidate's range
of versions is narrowed before any is read: no lower than the page's cutoff,
than a version known to match (for a word alone, the newest that added it),
or than its newest keyframe that matches (one frame each); for a word alone,
a keyframe without it also ends the range, since the word was not added
again. The versions left are read a batch at a time, each chain decoded
once, and matched newest first in growing steps.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Min

from articles.models import LatestText, Version
from articles.reader import lexemes
from articles.reader.searchterms import MAX_QUERY_LENGTH, may_hold_phrase, words
from articles.storage import chains, searchindex

# Versions of an article read at once, and matched first, when its latest does not match.
_READ_AT_ONCE = 128
_OLDER_STEP = 4


@dataclass
class Match:
    """The latest version of an article that matches, with its text if it was read."""

    number: int
    archived_at: datetime
    text: str | None = None


def matching(query, documents):
    """The indexes of the documents (title and text) the query matches."""
    if connection.vendor != "postgresql":
        terms = [term.lower() for term in words(query)]
        return {i for i, doc in enumerate(documents) if all(term in doc.lower() for term in terms)}
    return lexemes.matching(query[:MAX_QUERY_LENGTH], documents, settings.NEWSDIFFS_SEARCH_CONFIG)


def _read_versions(wanted):
    """{(article_id, number): (title, archived_at, text)} of the versions wanted
    ({article_id: [numbers]}), each chain decoded once."""
    ranges = ((a, min(n), max(n)) for a, n in wanted.items())
    rows = Version.objects.filter(chains.number_ranges(Version, ranges)).values_list(
        "article_id", "number", "title", "archived_at"
    )
    titles = {(a, n): (title, archived_at) for a, n, title, archived_at in rows}
    texts = chains.read_texts(Version.objects.all(), wanted)
    return {key: (*titles[key], text) for key, text in texts.items() if key in titles}


def _latest_matches(query, versions, keys):
    """{article_id: Match} of the latest version matching, among these keys of the
    versions read."""
    documents = [searchindex.document(versions[key][0], versions[key][2]) for key in keys]
    found = {}
    for i in sorted(matching(query, documents)):
        article_id, number = keys[i]
        if number > getattr(found.get(article_id), "number", 0):
            _, archived_at, text = versions[keys[i]]
            found[article_id] = Match(number, archived_at, text)
    return found


def _lowest_numbers(batch, since):
    """{article_id: its lowest version number archived at or after `since`} (one past
    its latest if none): older versions cannot rank on the page."""
    ids = [article_id for article_id, _, _ in batch]
    rows = (
        Version.objects.filter(article_id__in=ids, archived_at__gte=since)
        .values("article_id")
        .annotate(lowest=Min("number"))
        .values_list("article_id", "lowest")
    )
    lowest = dict(rows)
    return {article_id: lowest.get(article_id, count + 1) for article_id, count, _ in batch}


# For a query of one word alone, the newest version of each article, no newer
# than its top, that added the word: it has the word, so it matches, and no
# older version can be the newest match. Versions not indexed yet are not
# seen: the answer may then be older, never wrong.
_NEWEST_ADDED = (
    "SELECT t.article_id, (SELECT max(v.number) FROM articles_version v "
    "WHERE v.article_id = t.article_id AND v.number <= t.top AND v.search_vector @@ q.query) "
    "FROM (SELECT websearch_to_tsquery(%s::regconfig, %s) AS query) q, "
    "unnest(%s::bigint[], %s::integer[]) AS t(article_id, top) WHERE numnode(q.query) = 1"
)


def _known_to_match(query, tops):
    """{article_id: a version number that matches, at most its top} (PostgreSQL, and
    only for a query of one word): versions older cannot be the newest match."""
    if not searchindex.is_used() or not tops:
        return {}
    ids = list(tops)
    params = [settings.NEWSDIFFS_SEARCH_CONFIG, query[:MAX_QUERY_LENGTH], ids]
    with connection.cursor() as cursor:
        cursor.execute(_NEWEST_ADDED, [*params, [tops[a] for a in ids]])
        return {article_id: number for article_id, number in cursor.fetchall() if number}


def _probe_standalone(query, tops, floor, monotone):
    """Narrow each article's range with its standalone versions (keyframes: one
    frame each, no chain to decode) between its floor and top: the newest that
    matches becomes the floor. For the articles in `monotone` (a word alone, from
    a version that added it up), one that does not match also ends the range:
    once removed, the word was never added again."""
    ranges = [(a, floor.get(a, 1), top) for a, top in tops.items() if top > floor.get(a, 1)]
    if not ranges:
        return tops
    rows = (
        Version.objects.filter(chains.number_ranges(Version, ranges))
        .exclude(text_codec=Version.TextCodec.ZSTD_DELTA)
        .values_list("article_id", "number", "title")
    )
    titles, probes = {}, {}
    for article_id, number, title in rows:
        titles[article_id, number] = title
        probes.setdefault(article_id, []).append(number)
    if not probes:
        return tops
    texts = chains.read_texts(Version.objects.all(), probes)
    keys = sorted(texts)
    documents = [searchindex.document(titles[key], texts[key]) for key in keys]
    matched = {keys[i] for i in matching(query, documents)}
    tops = dict(tops)
    for article_id, number in keys:
        if (article_id, number) in matched:
            floor[article_id] = max(floor.get(article_id, 1), number)
        elif article_id in monotone and number > floor.get(article_id, 1):
            tops[article_id] = min(tops[article_id], number - 1)
    return {a: top for a, top in tops.items() if top >= floor.get(a, 1)}


def _known_not_to_match(batch):
    """The articles of the batch whose latest text, kept current, does not match: the
    candidates leave out those it matches (PostgreSQL)."""
    if not searchindex.is_used():
        return set()
    counts = {article_id: count for article_id, count, _ in batch}
    kept = LatestText.objects.filter(article_id__in=list(counts)).values_list(
        "article_id", "number"
    )
    return {article_id for article_id, number in kept if number == counts[article_id]}


def _first_step(query):
    """How many versions of each article to match first. Words alone are matched on
    lexemes, cheaply, all at once; a phrase (quoted, or a hyphenated word, which
    PostgreSQL parses as one) costs a to_tsvector on each text with its words."""
    return _OLDER_STEP if may_hold_phrase(query) else _READ_AT_ONCE


def matches_in(query, batch, since=None):
    """{article_id: Match} for a batch of candidates: their latest versions first, then
    (for the articles whose latest version does not match) the older ones, none
    archived before `since`."""
    floor = _lowest_numbers(batch, since) if since else {}
    skip = _known_not_to_match(batch)
    tops = {a: count - (a in skip) for a, count, _ in batch}
    tops = {a: top for a, top in tops.items() if top >= floor.get(a, 1)}
    # Ranges of one version have nothing to narrow.
    known = _known_to_match(query, {a: t for a, t in tops.items() if t > floor.get(a, 1)})
    for article_id, number in known.items():
        floor[article_id] = max(floor.get(article_id, 1), number)
    if not may_hold_phrase(query):  # a phrase costs a to_tsvector on each probe
        tops = _probe_standalone(query, tops, floor, monotone=set(known))
    found = {}
    while tops:
        # Read at once, decoding each chain in one pass, then matched newest
        # first in growing steps: most matches are a version or two back, and
        # a phrase costs a to_tsvector on each text that has its words.
        numbers = {
            a: list(range(top, max(floor.get(a, 1) - 1, top - _READ_AT_ONCE), -1))
            for a, top in tops.items()
        }
        versions, done, step = _read_versions(numbers), 0, _first_step(query)
        while numbers:
            keys = [(a, n) for a, ns in numbers.items() for n in ns[done : done + step]]
            matched = _latest_matches(query, versions, [key for key in keys if key in versions])
            found.update(matched)
            done += step
            step *= 4
            numbers = {a: ns for a, ns in numbers.items() if a not in matched and done < len(ns)}
        tops = {
            a: top - _READ_AT_ONCE
            for a, top in tops.items()
            if a not in found and top - _READ_AT_ONCE >= floor.get(a, 1)
        }
    return found


def is_complete(found, limit, next_batch):
    """Whether no later candidate can rank among the first `limit` matches: each
    one's matches are no newer than its last change."""
    if not next_batch:
        return True
    if len(found) < limit:
        return False
    newest = sorted((m.archived_at for m in found.values()), reverse=True)
    return newest[limit - 1] >= next_batch[0][2]
