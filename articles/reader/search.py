"""Search over titles and article text.

Texts are stored compressed (articles.storage), so search reads as few as
it can. On PostgreSQL each article's latest title and text is also kept
with word positions (articles.latesttexts), so the articles whose latest
version matches are found exactly, phrases and -excluded words included,
latest change first: for a common word by one walk down the recent articles
that have or had the words, a little past the page's end, for a rare one
(articles.reader.rarewords) by reading all of its few articles at once;
either way the same rows give the candidates (articles.reader.pagesplit):
the articles whose latest text does not match, changed since the page's
last result. Only those are then read the slower way: for each word the
query needs, one of their versions added it (Version.search_vector, or not
indexed yet, the words column); their versions are read and matched
exactly (articles.reader.oldermatches). Elsewhere (SQLite in development
and tests) every article is found that slower way, and every word must
appear, case-insensitively. Results are the most recent matching version of
each article, newest first, a page at a time (at most MAX_PAGES pages).
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import FullResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from articles import latesttexts
from articles.models import Article, LatestText, Version
from articles.reader import lexemes, oldermatches, pagesplit, rarewords
from articles.reader.searchterms import (  # noqa: F401 (search's own names)
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    required_groups,
    words,
)
from articles.storage import chains, deltas, searchindex

# Each page of results needs the texts of all the pages before it read.
MAX_PAGES = 20
# Candidate articles read, at least, to find a page of matching ones.
_SCAN = 500


@dataclass
class Result:
    version: Version
    excerpt: str


@dataclass
class Page:
    """One page of results: its number, and whether another follows."""

    results: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1


def _added_one_of(group):
    """Versions that added one of the words (or, stored before, have one in their text).

    On PostgreSQL: among the versions indexed for search. SQLite has no index."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        config = settings.NEWSDIFFS_SEARCH_CONFIG
        wanted = reduce(or_, (SearchQuery(word, config=config) for word in group))
        return Version.objects.filter(search_vector=wanted)
    found = [Q(search_words__icontains=word.lower()) for word in group]
    plain = [Q(title__icontains=word) | Q(plain_text__icontains=word) for word in group]
    return Version.objects.filter(
        reduce(or_, found) | (Q(text_codec=Version.TextCodec.PLAIN) & reduce(or_, plain))
    )


def _waiting_with_one_of(group):
    """Versions not indexed yet that added one of the words (PostgreSQL). No index
    holds their words (migration 0018): the few rows waiting, found through
    version_unindexed_idx, are matched one by one."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    config = settings.NEWSDIFFS_SEARCH_CONFIG
    wanted = reduce(or_, (SearchQuery(word, config=config) for word in group))
    added = Q(added=wanted)
    plain = Q(text_codec=Version.TextCodec.PLAIN, whole=wanted)
    return (
        Version.objects.filter(search_vector__isnull=True)
        .annotate(
            added=SearchVector("search_words", config=config),
            whole=SearchVector("title", "plain_text", config=config),
        )
        .filter(added | plain)
    )


class Needs(NamedTuple):
    """What a match needs: whether versions wait to be indexed (their words then
    are matched one by one), the groups of words it needs one of each, whether
    one group finds few articles (articles.reader.rarewords), and whether
    anything can match at all (a query of stop words alone matches nothing)."""

    waiting: bool
    groups: list
    rare: bool = False
    matchable: bool = True


def _waiting_and_asking(groups, query):
    """Needs, in one query: whether versions wait, the groups that ask something,
    and the lexemes of each of their words, to tell a rare one.

    PostgreSQL leaves stop words ("the") out of a query, so a group of them
    asks nothing; it is dropped here rather than ORed into the query, where
    it would keep the planner from looking the other words up in the index.
    """
    config = settings.NEWSDIFFS_SEARCH_CONFIG
    each = [word for group in groups for word in group]
    asks = ["numnode(websearch_to_tsquery(%s::regconfig, %s)) > 0"]
    asks += ["numnode(plainto_tsquery(%s::regconfig, %s)) > 0"] * len(groups)
    asks += ["plainto_tsquery(%s::regconfig, %s)::text"] * len(each)
    params = [config, query[:MAX_QUERY_LENGTH]]
    params += [value for group in groups for value in (config, " ".join(group))]
    params += [value for word in each for value in (config, word)]
    with connection.cursor() as cursor:
        columns = "".join(f", {ask}" for ask in asks)
        cursor.execute(f"SELECT {searchindex.ANY_PENDING}{columns}", params)
        waiting, matchable, *answers = cursor.fetchone()
        common = rarewords.common_lexemes(cursor)
    asking, texts = answers[: len(groups)], iter(answers[len(groups) :])
    rare = False
    for group, asks in zip(groups, asking, strict=True):
        word_lexemes = [lexemes.query_lexemes(next(texts)) for _ in group]
        if asks and None not in word_lexemes:
            rare = rare or rarewords.is_rare(word_lexemes, common)
    kept = [group for group, asks in zip(groups, asking, strict=True) if asks]
    return Needs(waiting, kept, rare, matchable)


def _latest_matches_query(query):
    """A query whose latest text, if current, matches: PostgreSQL's websearch syntax."""
    from django.contrib.postgres.search import SearchQuery

    config = settings.NEWSDIFFS_SEARCH_CONFIG
    wanted = SearchQuery(query[:MAX_QUERY_LENGTH], search_type="websearch", config=config)
    return LatestText.objects.filter(
        article=OuterRef("pk"), number=OuterRef("version_count"), vector=wanted
    )


def needed(query):
    """The Needs of a query."""
    groups = required_groups(query)
    if connection.vendor == "postgresql":
        return _waiting_and_asking(groups, query)
    return Needs(False, groups)


def _has_words(needs):
    """A condition on articles: they have, or had, a word of each group needed."""
    condition = Q()
    for group in needs.groups:
        added = Q(Exists(_added_one_of(group).filter(article=OuterRef("pk"))))
        if needs.waiting:
            # Not correlated: the rows waiting are read once, as a hashed set of
            # articles, not once for each article walked.
            added |= Q(pk__in=_waiting_with_one_of(group).values("article_id"))
        condition &= added
    return condition


def _with_words(needs, changed_since=None):
    """Visible articles that have, or had, a word of each group needed; only those
    changed since `changed_since`, if given."""
    articles = Article.objects.listed()
    if changed_since is not None:
        articles = articles.filter(last_changed_at__gte=changed_since)
    return articles.filter(_has_words(needs))


def _latest_matching_articles(query, needs):
    """Visible articles whose latest version matches, as their kept text says: the
    versions' words find a rare word's few candidates through their index, and a
    common word is checked on the recent articles one by one (PostgreSQL)."""
    articles = _with_words(needs).filter(Exists(_latest_matches_query(query)))
    return articles.order_by("-last_changed_at", "-pk").values_list(
        "pk", "version_count", "last_changed_at"
    )


def _every_article_query(needs):
    """Every visible article that has, or had, the words, unordered, as (id, latest
    version number, last change): up to one past rarewords.MAX_ARTICLES."""
    every = _with_words(needs).order_by().values_list("pk", "version_count", "last_changed_at")
    return every[: rarewords.MAX_ARTICLES + 1]


def _every_article(query, needs, wanted):
    """(sql, params) of _every_article_query's rows, each with whether its latest
    text matches and its latest version's time and id, asked only of the most
    recent ones, as many as pagesplit.split matches first (else NULL). OFFSET 0
    keeps the lateral subquery apart, so the others skip it: joined, it ran for
    every row, then was filtered (10 ms for 313 articles)."""
    sql, params = _every_article_query(needs).query.sql_with_params()
    matches = latesttexts.matches("a.id", "a.version_count")
    return (
        "SELECT a.id, a.version_count, a.changed, f.matches, f.archived_at, f.id FROM ("  # noqa: S608 (constants)
        "SELECT e.*, row_number() OVER (ORDER BY e.changed DESC, e.id DESC) AS rank "
        f"FROM ({sql}) AS e(id, version_count, changed)) a LEFT JOIN LATERAL ("
        f"SELECT {matches} AS matches, v.archived_at, v.id FROM articles_version v "
        "WHERE a.rank <= %s AND v.article_id = a.id AND v.number = a.version_count OFFSET 0) "
        "f ON true",
        [
            *params,
            settings.NEWSDIFFS_SEARCH_CONFIG,
            query[:MAX_QUERY_LENGTH],
            pagesplit.first_batch(wanted),
        ],
    )


def _every_article_with_words(query, needs, wanted):
    """(rows, known) of a rare word's few articles: every row (id, latest number,
    last change), and for the most recent, whether its latest text matches:
    {id: (its latest version's time and id), or None}. None if there are more
    than rarewords.MAX_ARTICLES."""
    with connection.cursor() as cursor:
        cursor.execute(*_every_article(query, needs, wanted))
        rows = cursor.fetchall()
    if len(rows) > rarewords.MAX_ARTICLES:
        return None
    known = {row[0]: (row[4:] if row[3] else None) for row in rows if row[3] is not None}
    return [row[:3] for row in rows], known


def _where(articles):
    """(sql, params) of a queryset of articles' condition, its columns named by table."""
    try:
        return articles.query.get_compiler(using=articles.db).compile(articles.query.where)
    except FullResultSet:  # no condition: a query of excluded words alone
        return "TRUE", []


def _walk(query, needs, limit):
    """(sql, params) of the walk down the recent articles with the words.

    Whether each one's latest text matches is asked first, once (the lateral
    subquery, kept apart by OFFSET 0): one that matches has the words, and
    only the others are looked up in the versions' words (the walk took a
    third less)."""
    article = '"articles_article"'
    listed, listed_params = _where(Article.objects.listed())
    words, words_params = _where(Article.objects.filter(_has_words(needs)))
    matches = latesttexts.matches(f"{article}.id", f"{article}.version_count")
    walk = (
        f"SELECT {article}.id, {article}.version_count, {article}.last_changed_at, m.matches "  # noqa: S608 (constants)
        f"FROM {article} CROSS JOIN LATERAL (SELECT {matches} AS matches OFFSET 0) m "
        f"WHERE {listed} AND (m.matches OR {words}) "
        f"ORDER BY {article}.last_changed_at DESC, {article}.id DESC LIMIT %s"
    )
    return (
        "SELECT t.*, v.archived_at, v.id "  # noqa: S608 (constants)
        f"FROM ({walk}) AS t(id, version_count, changed, matches) {latesttexts.LATEST_VERSION} "
        "ORDER BY t.changed DESC, t.id DESC",
        [
            settings.NEWSDIFFS_SEARCH_CONFIG,
            query[:MAX_QUERY_LENGTH],
            *listed_params,
            *words_params,
            limit,
        ],
    )


def _recent_with_words(query, needs, limit):
    """(id, latest version number, last change, whether its latest text matches, its
    latest version's time and id) of the `limit` visible articles with the words
    changed last, latest first: the recent articles walked once, for a common
    word (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(*_walk(query, needs, limit))
        return cursor.fetchall()


def _walk_length(wanted):
    # A common word's articles whose latest text no longer has it are few
    # among the recent ones: the walk goes that far past the page's end.
    return wanted + max(20, wanted // 4)


def _latest_and_candidates(query, wanted, scan, needs):
    """(latest, changed_since, candidates) as pagesplit.split gives them (PostgreSQL):
    for a rare word from all of its articles, for a common one from a walk of the
    recent ones, or else from one query for each. Each latest row is (id, latest
    number, last change, its latest version's time and id, or None and None)."""
    every = _every_article_with_words(query, needs, wanted) if needs.rare else None
    if every is not None:
        return rarewords.latest_and_candidates(query, *every, wanted, scan)
    limit = _walk_length(wanted)
    walked = _recent_with_words(query, needs, limit)
    matching = {row[0]: row[4:] for row in walked if row[3]}
    rows = [row[:3] for row in walked]
    split = pagesplit.split(rows, lambda _: matching, wanted, scan, len(walked) < limit)
    if split is not None:
        latest, changed_since, others = split
        return [(*row, *matching[row[0]]) for row in latest], changed_since, others
    latest = _latest_matching(query, wanted, needs)
    # An older version matching is no newer than its article's last change:
    # one changed before the last of these cannot rank among them.
    changed_since = latest[-1][2] if len(latest) == wanted else None
    latest = [(*row, None, None) for row in latest]
    return latest, changed_since, candidates(query, scan, changed_since, needs)


def _latest_matching(query, limit, needs):
    """(id, latest version number, last change) of up to `limit` visible articles whose
    latest version matches, latest change first (PostgreSQL)."""
    return list(_latest_matching_articles(query, needs)[:limit])


def _candidate_articles(query, needs, changed_since=None):
    """Visible articles that may match in an older version (any version, on SQLite),
    latest change first; only those changed since `changed_since`, if given."""
    articles = _with_words(needs, changed_since)
    if connection.vendor == "postgresql":
        # Those whose current latest text matches were found already.
        articles = articles.filter(~Exists(_latest_matches_query(query)))
    return articles.order_by("-last_changed_at", "-pk").values_list(
        "pk", "version_count", "last_changed_at"
    )


def candidates(query, scan=_SCAN, changed_since=None, needs=None):
    """(id, latest version number, last change) of up to `scan` visible articles that
    may match in an older version, latest change first."""
    needs = needs or needed(query)
    return list(_candidate_articles(query, needs, changed_since)[:scan])


def first_query(query, wanted=21):
    """(sql, params) of the first query a search makes for the articles with the words
    (PostgreSQL): all of a rare word's, or the walk of a common word's recent ones.
    For EXPLAIN, in benches."""
    needs = needed(query)
    if needs.rare:
        return _every_article(query, needs, wanted)
    return _walk(query, needs, _walk_length(wanted))


def candidate_query(query, scan=_SCAN):
    """(sql, params) of the candidates' query: for EXPLAIN, in tests."""
    return _candidate_articles(query, needed(query))[:scan].query.sql_with_params()


def _kept_text(version):
    """The version's text as its article's latest text kept for search has it, if that
    is this version's (checked against its hash); loaded with the version."""
    try:
        kept = version.article.latest_text
    except LatestText.DoesNotExist:
        return None
    if kept.number != version.number:
        return None
    try:
        data = deltas.decompress_copy(kept.number, bytes(kept.stored_text), "latest text kept")
    except deltas.CorruptStorage:
        return None
    return data.decode() if chains.text_digest(data) == version.text_hash else None


def _texts(versions, found):
    """{article_id: text} of these result versions: read while matching, else the
    article's latest text kept for search, else its chain."""
    texts = {v.article_id: found[v.article_id].text or _kept_text(v) for v in versions}
    wanted = {v.article_id: [v.number] for v in versions if texts[v.article_id] is None}
    if wanted:
        read = chains.read_texts(Version.objects.all(), wanted)
        texts.update((a, read.get((a, numbers[0]), "")) for a, numbers in wanted.items())
    return texts


# What a page of results shows (templates/articles/search.html), and the
# article's kept latest text its excerpt may come from: nothing else is loaded.
_SHOWN = (
    "article_id",
    "number",
    "archived_at",
    "title",
    "text_hash",
    "article__title",
    "article__url",
    "article__source__name",
    "article__latest_text__number",
    "article__latest_text__stored_text",
)


def _loading(versions):
    return versions.select_related("article__source", "article__latest_text").only(*_SHOWN)


def _page_of(found, wanted, start, size):
    """(the versions found from `start`, `size` of them, how many of the first
    `wanted` there are), ranked by the versions' own times, newest first."""
    if all(match.version_id for match in found.values()):
        ranked = sorted(((m.archived_at, m.version_id) for m in found.values()), reverse=True)
        ids = [version_id for _, version_id in ranked[:wanted]]
    else:
        # Some latest match's time is its article's last change (or later,
        # if its latest version is a boring one): the versions rank them.
        pairs = ((a, m.number, m.number) for a, m in found.items())
        versions = Version.objects.filter(chains.number_ranges(Version, pairs))
        ranked = versions.order_by("-archived_at", "-pk").values_list("pk", flat=True)
        ids = list(ranked[:wanted])
    page_ids = ids[start : start + size]
    loaded = _loading(Version.objects.filter(pk__in=page_ids)).in_bulk()
    return [loaded[pk] for pk in page_ids if pk in loaded], len(ids)


def find(query, size, page=1):
    """Page `page` of the results, `size` a page: the latest matching version of each
    article, newest first. Pages past MAX_PAGES are empty."""
    if not words(query) or not 1 <= page <= MAX_PAGES:
        return Page([], page, has_next=False)
    wanted = page * size + 1  # one more than these pages: whether another follows
    found, changed_since, needs = {}, None, needed(query)
    if not needs.matchable:  # stop words alone ("the"): nothing to look for
        return Page([], page, has_next=False)
    scan = max(_SCAN, 2 * wanted)
    if searchindex.is_used():
        latest, changed_since, pending = _latest_and_candidates(query, wanted, scan, needs)
        # A latest version was archived no earlier than its article's last change.
        found = {
            a: oldermatches.Match(number, archived_at or changed_at, version_id=version_id)
            for a, number, changed_at, archived_at, version_id in latest
        }
    else:
        pending = candidates(query, scan=scan, needs=needs)
    # As many candidates as the pages need at a time, latest change first: most
    # searches stop at the first batch.
    while pending:
        batch, pending = pending[:wanted], pending[wanted:]
        found.update(oldermatches.matches_in(query, batch, since=changed_since))
        if oldermatches.is_complete(found, wanted, pending):
            break
    if not found:
        return Page([], page, has_next=False)
    shown, ranked = _page_of(found, wanted, (page - 1) * size, size)
    texts, terms = _texts(shown, found), words(query)
    results = [Result(version=v, excerpt=excerpt(texts[v.article_id], terms)) for v in shown]
    return Page(results, page, has_next=ranked > page * size)


def search(query, limit, page=1):
    """[Result] for the latest matching version of up to `limit` articles (page `page`)."""
    return find(query, limit, page).results


def excerpt(text, terms, width=240):
    """About `width` characters of the text around the first term found."""
    lowered = text.casefold()
    positions = [lowered.find(term.casefold()) for term in terms]
    positions = [p for p in positions if p >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    piece = text[start : start + width].replace("\n\n", " ")
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return f"{prefix}{piece}{suffix}"
