"""Search over titles and article text.

Texts are stored compressed (articles.storage), so a search takes two steps.
First the candidate articles: for each word the query needs, one of their
versions added it. On PostgreSQL each version keeps the words it added as a
stored tsvector with a GIN index (articles.storage.searchindex), so a rare
word is looked up in the index and a common one costs a walk down the
recent articles that stops at the first few hundred; versions not indexed
yet are looked at the older, slower way while there are any. Then the
candidates' texts are read, latest version first, and matched exactly: on
PostgreSQL full text search with websearch syntax ("quoted phrases",
-excluded words, or); elsewhere (SQLite in development and tests) every word
must appear, case-insensitively. Results are the most recent matching
version of each article, newest first, a page at a time: page N reads the
candidates until the first N pages are known (at most MAX_PAGES pages).
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from articles.models import Article, Version
from articles.reader import lexemes
from articles.storage import chains, searchindex

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Each page of results needs the texts of all the pages before it read.
MAX_PAGES = 20
# Candidate articles read, at least, to find a page of matching ones.
_SCAN = 500
# Older versions read at once, the first time, for an article whose latest does not match.
_OLDER_STEP = 4
_WORD = re.compile(r"\w+")
# websearch syntax: an optional "-", then a quoted phrase or a run of non-spaces.
_TERM = re.compile(r'(-?)("[^"]*"?|[^\s"]+)')


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


@dataclass
class Match:
    """The latest version of an article that matches, with its text."""

    number: int
    archived_at: datetime
    text: str


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
    """Versions not indexed yet that added one of the words: the expressions the
    partial indexes of migration 0012 keep for them (PostgreSQL)."""
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


def _waiting_and_asking(groups):
    """(whether versions wait to be indexed, the groups that ask something), in one query.

    PostgreSQL leaves stop words ("the") out of a query, so a group of them
    asks nothing; it is dropped here rather than ORed into the query, where
    it would keep the planner from looking the other words up in the index.
    """
    config = settings.NEWSDIFFS_SEARCH_CONFIG
    asks = ", ".join(["numnode(plainto_tsquery(%s::regconfig, %s)) > 0"] * len(groups))
    params = [value for group in groups for value in (config, " ".join(group))]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {searchindex.ANY_PENDING}{', ' if asks else ''}{asks}", params)
        waiting, *asking = cursor.fetchone()
    return waiting, [group for group, asks in zip(groups, asking, strict=True) if asks]


def _candidate_articles(query):
    """Visible articles that may match, latest change first."""
    articles = Article.objects.listed()
    groups, waiting = required_groups(query), False
    if connection.vendor == "postgresql":
        waiting, groups = _waiting_and_asking(groups)
    for group in groups:
        added = Q(Exists(_added_one_of(group).filter(article=OuterRef("pk"))))
        if waiting:
            added |= Q(Exists(_waiting_with_one_of(group).filter(article=OuterRef("pk"))))
        articles = articles.filter(added)
    return articles.order_by("-last_changed_at", "-pk").values_list(
        "pk", "version_count", "last_changed_at"
    )


def candidates(query, scan=_SCAN):
    """(id, latest version number, last change) of up to `scan` visible articles that
    may match, latest change first."""
    return list(_candidate_articles(query)[:scan])


def candidate_query(query, scan=_SCAN):
    """(sql, params) of the candidates' query: for EXPLAIN, in tests and benches."""
    return _candidate_articles(query)[:scan].query.sql_with_params()


def _matching(query, documents):
    """The indexes of the documents (title and text) the query matches."""
    if connection.vendor != "postgresql":
        terms = [term.lower() for term in words(query)]
        return {i for i, doc in enumerate(documents) if all(term in doc.lower() for term in terms)}
    return lexemes.matching(query[:MAX_QUERY_LENGTH], documents, settings.NEWSDIFFS_SEARCH_CONFIG)


def _latest_matches(query, wanted):
    """{article_id: Match} of the latest version matching, among those wanted."""
    pairs = reduce(or_, (Q(article_id=a, number__in=numbers) for a, numbers in wanted.items()))
    rows = Version.objects.filter(pairs).values_list("article_id", "number", "title", "archived_at")
    titles = {(a, n): (title, archived_at) for a, n, title, archived_at in rows}
    texts = chains.read_texts(Version.objects.all(), wanted)
    keys = sorted(texts, key=lambda key: key[1], reverse=True)
    documents = [f"{titles[key][0]} {texts[key]}" for key in keys]
    found = {}
    for i in sorted(_matching(query, documents)):
        article_id, number = keys[i]
        if number > getattr(found.get(article_id), "number", 0):
            found[article_id] = Match(number, titles[keys[i]][1], texts[keys[i]])
    return found


def _matches_in(query, batch):
    """{article_id: Match} for a batch of candidates: their latest versions first, then
    (for the articles whose latest version does not match) the older ones."""
    found = _latest_matches(query, {article_id: [count] for article_id, count, _ in batch})
    # Newest first, in growing steps: an article's match is most often a
    # version or two back, and reading all its versions costs a text each.
    below = {a: count - 1 for a, count, _ in batch if a not in found and count > 1}
    step = _OLDER_STEP
    while below:
        wanted = {a: list(range(top, max(0, top - step), -1)) for a, top in below.items()}
        matched = _latest_matches(query, wanted)
        found.update(matched)
        below = {a: top - step for a, top in below.items() if a not in matched and top > step}
        step *= 2
    return found


def _is_complete(found, limit, next_batch):
    """Whether no later candidate can rank among the first `limit` matches: each
    one's matches are no newer than its last change."""
    if not next_batch:
        return True
    if len(found) < limit:
        return False
    newest = sorted((m.archived_at for m in found.values()), reverse=True)
    return newest[limit - 1] >= next_batch[0][2]


def find(query, size, page=1):
    """Page `page` of the results, `size` a page: the latest matching version of each
    article, newest first. Pages past MAX_PAGES are empty."""
    if not words(query) or not 1 <= page <= MAX_PAGES:
        return Page([], page, has_next=False)
    wanted = page * size + 1  # one more than these pages: whether another follows
    pending, found = candidates(query, scan=max(_SCAN, 2 * wanted)), {}
    # As many candidates as the pages need at a time, latest change first: most
    # searches stop at the first batch.
    while pending:
        batch, pending = pending[:wanted], pending[wanted:]
        found.update(_matches_in(query, batch))
        if _is_complete(found, wanted, pending):
            break
    if not found:
        return Page([], page, has_next=False)
    pairs = reduce(or_, (Q(article_id=a, number=m.number) for a, m in found.items()))
    versions = list(
        Version.objects.filter(pairs)
        .select_related("article__source")
        .defer(
            "plain_text",
            "stored_text",
            "raw_body",
            "search_words",
            "search_vector",
            "response_headers",
        )
        .order_by("-archived_at", "-pk")[:wanted]
    )
    terms = words(query)
    results = [
        Result(version=v, excerpt=excerpt(found[v.article_id].text, terms))
        for v in versions[(page - 1) * size : page * size]
    ]
    return Page(results, page, has_next=len(versions) > page * size)


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
