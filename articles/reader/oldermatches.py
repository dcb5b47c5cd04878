"""Which older version of each candidate article matches a query, newest first.

Texts are stored as delta chains (articles.storage.chains): a version is
read by decoding its chain from the last keyframe. So each candidate's range
of versions is narrowed before any is read: no lower than the page's cutoff,
than a version known to match (for a word alone, the newest that added it),
or than its newest keyframe that matches (one frame each); for a word alone,
a keyframe without it also ends the range, since the word was not added
again. For a word alone, the versions left then hold it in one run from the
floor up, and the run's end is searched for, a few versions of each range
matched a round; the rows come with the ranges, in one query. Otherwise
they are read a batch at a time, each chain decoded once, and matched
newest first in growing steps.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Min

from articles.models import Version
from articles.reader import lexemes
from articles.reader.searchterms import MAX_QUERY_LENGTH, may_hold_phrase, words
from articles.storage import chains, deltas, searchindex

# Versions of an article read at once, and matched first, when its latest does not match.
_READ_AT_ONCE = 128
_OLDER_STEP = 4
# Versions of each article's run matched a round (a word alone: _run_ends).
_RUN_STEP = 4


@dataclass
class Match:
    """The latest version of an article that matches, with its text if it was read,
    and its id if known: results are ranked by (archived_at, id)."""

    number: int
    archived_at: datetime
    text: str | None = None
    version_id: int | None = None


# What is read with each older version's text: its title, time and id.
_FIELDS = ("title", "archived_at", "id")


def matching(query, documents):
    """The indexes of the documents (title and text) the query matches."""
    if connection.vendor != "postgresql":
        terms = [term.lower() for term in words(query)]
        return {i for i, doc in enumerate(documents) if all(term in doc.lower() for term in terms)}
    return lexemes.matching(query[:MAX_QUERY_LENGTH], documents, settings.NEWSDIFFS_SEARCH_CONFIG)


def _read_versions(wanted):
    """{(article_id, number): (title, archived_at, id, text)} of the versions wanted
    ({article_id: [numbers]}), each chain decoded once."""
    return chains.read_versions(Version.objects.all(), wanted, _FIELDS)


def _latest_matches(query, versions, keys):
    """{article_id: Match} of the latest version matching, among these keys of the
    versions read."""
    documents = [searchindex.document(versions[key][0], versions[key][3]) for key in keys]
    found = {}
    for i in sorted(matching(query, documents)):
        article_id, number = keys[i]
        if number > getattr(found.get(article_id), "number", 0):
            _, archived_at, version_id, text = versions[keys[i]]
            found[article_id] = Match(number, archived_at, text, version_id)
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


# Each article's range of versions that may be its newest match, in one query
# (PostgreSQL): its top, the latest but one when its latest text is kept and
# current (the candidates leave out those it matches); its lowest, the lowest
# version archived since the page's cutoff (one past its latest if none:
# older versions cannot rank); and for a query of one word alone, the newest
# version no newer than its top that added the word: it has the word, so it
# matches, and no older version can be the newest match (the range's floor).
# Versions not indexed yet are not seen: the answer may then be older, never
# wrong. Then, when asked (words alone), the rows read next, in the same
# query: where the range is a word's run (_run_ends), all of its rows from a
# keyframe at or below its floor; elsewhere the keyframes in it, to probe.
_READ = (*_FIELDS, *chains.TEXT.fields)
_READ_COLUMNS = ", ".join(f'v."{Version._meta.get_field(name).column}"' for name in _READ)
_RANGES = (
    # Materialized: each article's subqueries run once, not once a mention.
    "WITH ranges AS MATERIALIZED (SELECT t.article_id, r.top, "  # noqa: S608 (constants)
    "CASE WHEN %s::timestamptz IS NULL THEN 1 ELSE COALESCE((SELECT min(v.number) "
    "FROM articles_version v WHERE v.article_id = t.article_id AND v.archived_at >= %s), "
    "t.count + 1) END AS lowest, "
    "CASE WHEN numnode(q.query) = 1 THEN (SELECT max(v.number) FROM articles_version v "
    "WHERE v.article_id = t.article_id AND v.number <= r.top AND v.search_vector @@ q.query) "
    "END AS added "
    "FROM unnest(%s::bigint[], %s::integer[]) AS t(article_id, count) "
    "LEFT JOIN articles_latesttext l ON l.article_id = t.article_id "
    "CROSS JOIN LATERAL (SELECT t.count - (l.number IS NOT DISTINCT FROM t.count)::int AS top) r "
    "CROSS JOIN (SELECT websearch_to_tsquery(%s::regconfig, %s) AS query) q), "
    "floors AS MATERIALIZED (SELECT ranges.*, "
    "GREATEST(lowest, CASE WHEN top > lowest THEN added END) AS floor "
    "FROM ranges WHERE top >= lowest), "
    "reads AS MATERIALIZED (SELECT floors.*, %s::boolean AND top - floor < "
    f"{_READ_AT_ONCE} AND (top = floor OR (added IS NOT NULL AND top > lowest)) AS whole "
    "FROM floors) "
    "SELECT reads.article_id, reads.top, reads.lowest, reads.added, reads.whole, "
    f"{_READ_COLUMNS} FROM reads LEFT JOIN LATERAL ("
    "SELECT * FROM articles_version v WHERE %s::boolean AND v.article_id = reads.article_id "
    "AND v.number BETWEEN (CASE WHEN reads.whole THEN COALESCE((SELECT max(k.number) "
    "FROM articles_version k WHERE k.article_id = reads.article_id AND k.number <= reads.floor "
    f"AND k.text_codec <> '{deltas.ZSTD_DELTA}'), 1) ELSE reads.floor END) AND reads.top "
    f"AND (reads.whole OR v.text_codec <> '{deltas.ZSTD_DELTA}')) v ON true"
)


@dataclass
class _Rows:
    """Text rows read with the ranges: {article_id: {number: Stored}}, the _FIELDS
    of each, and the articles whose rows run from a keyframe to their top."""

    rows: dict
    values: dict
    whole: set


def _ranges(query, batch, since, read):
    """({article_id: lowest}, {article_id: top}, {article_id: a version known to
    match}, _Rows or None) of the batch's articles whose range is not empty; a
    range runs from lowest to top. With `read`, the rows _RANGES reads too."""
    if not searchindex.is_used():
        floor = _lowest_numbers(batch, since) if since else {}
        tops = {a: count for a, count, _ in batch}
        return floor, {a: t for a, t in tops.items() if t >= floor.get(a, 1)}, {}, None
    ids, counts = [a for a, _, _ in batch], [count for _, count, _ in batch]
    params = [since, since, ids, counts, settings.NEWSDIFFS_SEARCH_CONFIG]
    params += [query[:MAX_QUERY_LENGTH], read, read]
    floor, tops, known, found = {}, {}, {}, _Rows({}, {}, set())
    with connection.cursor() as cursor:
        cursor.execute(_RANGES, params)
        rows = cursor.fetchall()
    for article_id, top, lowest, added, whole, title, archived_at, version_id, *text in rows:
        floor[article_id], tops[article_id] = lowest, top
        # Ranges of one version have nothing to narrow.
        if added and top > lowest:
            known[article_id] = added
        if whole:
            found.whole.add(article_id)
        if version_id is not None:
            row = chains.stored(chains.TEXT, dict(zip(chains.TEXT.fields, text, strict=True)))
            found.rows.setdefault(article_id, {})[row.number] = row
            found.values[article_id, row.number] = (title, archived_at, version_id)
    return floor, tops, known, found


def _probe_standalone(query, tops, floor, monotone, read=None):
    """Narrow each article's range with its standalone versions (keyframes: one
    frame each, no chain to decode) between its floor and top: the newest that
    matches becomes the floor. For the articles in `monotone` (a word alone, from
    a version that added it up), one that does not match also ends the range:
    once removed, the word was never added again. From the _Rows `read`, if
    given, else read here."""
    ranges = [(a, floor.get(a, 1), top) for a, top in tops.items() if top > floor.get(a, 1)]
    if not ranges:
        return tops
    if read is None:
        found = chains.read_standalone(Version.objects.all(), ranges, ("title",))
    else:
        found = chains.standalone(read.rows, read.values, ranges)
    if not found:
        return tops
    keys = sorted(found)
    documents = [searchindex.document(found[key][0], found[key][-1]) for key in keys]
    matched = {keys[i] for i in matching(query, documents)}
    tops = dict(tops)
    for article_id, number in keys:
        if (article_id, number) in matched:
            floor[article_id] = max(floor.get(article_id, 1), number)
        elif article_id in monotone and number > floor.get(article_id, 1):
            tops[article_id] = min(tops[article_id], number - 1)
    return {a: top for a, top in tops.items() if top >= floor.get(a, 1)}


def _points(low, high, with_low):
    """The versions of a range one round matches: up to _RUN_STEP spread over
    (low, high], `high` among them, and `low` too if it is still to be checked."""
    step = -(-(high - low) // _RUN_STEP)  # rounded up
    points = [*range(low + step, high, step), high] if high > low else []
    return [low, *points] if with_low else points


def _run_ends(query, ranges, read=None):
    """({article_id: Match}, {article_ids left to read newest first}) for articles
    whose versions between floor and top ({article_id: (floor, top)}) hold a word
    alone from the floor up to some version, then never again. That version is
    searched for: each round matches a few versions spread over what is left of
    each range (_points) and keeps the part between the last that matches and
    the first that does not, so a range of n versions costs some 2 log5(n)
    decoded, not n. If the floor itself does not match, nothing in the range
    does. One whose version does not decode is left for the newest-first read.
    Rows come from the _Rows `read` where it holds them whole, else one query."""
    rows, values, whole = (read.rows, read.values, read.whole) if read else ({}, {}, set())
    rest = {a: list(range(low, high + 1)) for a, (low, high) in ranges.items() if a not in whole}
    if rest:
        more_rows, more_values = chains.windows(Version.objects.all(), rest, _FIELDS)
        rows, values = {**rows, **more_rows}, {**values, **more_values}
    bounds, unchecked, found, left = dict(ranges), set(ranges), {}, set()
    while bounds:
        read_now = {}
        for article_id, (low, high) in bounds.items():
            points = _points(low, high, article_id in unchecked)
            for number, version in chains.read_from(rows, values, article_id, points):
                read_now[article_id, number] = version
        broken = {article_id for (article_id, _), version in read_now.items() if version is None}
        keys = sorted(key for key in read_now if key[0] not in broken)
        documents = [searchindex.document(read_now[key][0], read_now[key][3]) for key in keys]
        matched = {keys[i] for i in matching(query, documents)}
        for article_id, number in keys:  # oldest first within each article
            if article_id not in bounds:
                continue
            low, high = bounds[article_id]
            if number > high:  # past one that does not match
                continue
            if (article_id, number) in matched:
                _, archived_at, version_id, text = read_now[article_id, number]
                found[article_id] = Match(number, archived_at, text, version_id)
                bounds[article_id] = (number, high)
            else:
                bounds[article_id] = (low, number - 1)
                if article_id in unchecked:  # the floor: none matches
                    del bounds[article_id]
            unchecked.discard(article_id)
        for article_id in list(bounds):
            low, high = bounds[article_id]
            if article_id in broken or low >= high:
                del bounds[article_id]
        left |= broken
    return {a: m for a, m in found.items() if a not in left}, left


def _first_step(query):
    """How many versions of each article to match first. Words alone are matched on
    lexemes, cheaply, all at once; a phrase (quoted, or a hyphenated word, which
    PostgreSQL parses as one) costs a to_tsvector on each text with its words."""
    return _OLDER_STEP if may_hold_phrase(query) else _READ_AT_ONCE


def matches_in(query, batch, since=None):
    """{article_id: Match} for a batch of candidates: their latest versions first, then
    (for the articles whose latest version does not match) the older ones, none
    archived before `since`."""
    words_alone = not may_hold_phrase(query)  # a phrase costs a to_tsvector on each probe
    floor, tops, known, read = _ranges(query, batch, since, read=words_alone)
    for article_id, number in known.items():
        floor[article_id] = max(floor.get(article_id, 1), number)
    found = {}
    if words_alone:
        tops = _probe_standalone(query, tops, floor, set(known), read)
        # A range of one version is read the same way: it has nothing to order.
        runs = {
            a: (floor.get(a, 1), top)
            for a, top in tops.items()
            if (a in known or top == floor.get(a, 1)) and top - floor.get(a, 1) < _READ_AT_ONCE
        }
        found, left = _run_ends(query, runs, read) if runs else ({}, set())
        tops = {a: top for a, top in tops.items() if a not in runs or a in left}
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
