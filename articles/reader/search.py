"""Search over titles and article text.

Texts are stored compressed (articles.storage), so a search takes two steps.
First the candidate articles: for each word the query needs, one of their
versions added it (Version.search_words, indexed on PostgreSQL; an article
has a word in some version exactly when one of its versions added it).
Then the candidates' texts are read, latest version first, and matched
exactly: on PostgreSQL full text search with websearch syntax ("quoted
phrases", -excluded words, or); elsewhere (SQLite in development and tests)
every word must appear, case-insensitively. Results are the most recent
matching version of each article, newest first.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from articles.models import Article, Version
from articles.storage import chains

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Candidate articles read to find `limit` matching ones.
_SCAN = 500
_WORD = re.compile(r"\w+")
# websearch syntax: an optional "-", then a quoted phrase or a run of non-spaces.
_TERM = re.compile(r'(-?)("[^"]*"?|[^\s"]+)')
_MATCHING = (
    "SELECT n FROM unnest(%s::text[]) WITH ORDINALITY AS d(doc, n) "
    "WHERE to_tsvector(%s::regconfig, doc) @@ websearch_to_tsquery(%s::regconfig, %s)"
)


@dataclass
class Result:
    version: Version
    excerpt: str


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
    """Versions that added one of the words (or, stored before, have one in their text)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        config = settings.NEWSDIFFS_SEARCH_CONFIG
        wanted = reduce(or_, (SearchQuery(word, config=config) for word in group))
        added = Q(added=wanted)
        plain = Q(text_codec=Version.TextCodec.PLAIN, whole=wanted)
        return Version.objects.annotate(
            added=SearchVector("search_words", config=config),
            whole=SearchVector("title", "plain_text", config=config),
        ).filter(added | plain)
    found = [Q(search_words__icontains=word.lower()) for word in group]
    plain = [Q(title__icontains=word) | Q(plain_text__icontains=word) for word in group]
    return Version.objects.filter(
        reduce(or_, found) | (Q(text_codec=Version.TextCodec.PLAIN) & reduce(or_, plain))
    )


def _stop_words_only(group):
    # PostgreSQL leaves stop words ("the") out of a query; a group of them asks nothing.
    return RawSQL(
        "numnode(plainto_tsquery(%s::regconfig, %s)) = 0",
        (settings.NEWSDIFFS_SEARCH_CONFIG, " ".join(group)),
        output_field=BooleanField(),
    )


def candidates(query):
    """(id, latest version number, last change) of visible articles that may match,
    latest change first."""
    articles = Article.objects.listed()
    for group in required_groups(query):
        added = Exists(_added_one_of(group).filter(article=OuterRef("pk")))
        if connection.vendor == "postgresql":
            added = Q(added) | Q(_stop_words_only(group))
        articles = articles.filter(added)
    ordered = articles.order_by("-last_changed_at", "-pk")
    return list(ordered.values_list("pk", "version_count", "last_changed_at")[:_SCAN])


def _matching(query, documents):
    """The indexes of the documents (title and text) the query matches."""
    if connection.vendor != "postgresql":
        terms = [term.lower() for term in words(query)]
        return {i for i, doc in enumerate(documents) if all(term in doc.lower() for term in terms)}
    config = settings.NEWSDIFFS_SEARCH_CONFIG
    with connection.cursor() as cursor:
        cursor.execute(_MATCHING, [documents, config, config, query[:MAX_QUERY_LENGTH]])
        return {n - 1 for (n,) in cursor.fetchall()}


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
    older = {a: list(range(1, count)) for a, count, _ in batch if a not in found and count > 1}
    if older:
        found.update(_latest_matches(query, older))
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


def search(query, limit):
    """[Result] for the latest matching version of up to `limit` articles."""
    if not words(query):
        return []
    pending, found = candidates(query), {}
    # A page of candidates at a time, latest change first: most searches stop at the first.
    while pending:
        batch, pending = pending[:limit], pending[limit:]
        found.update(_matches_in(query, batch))
        if _is_complete(found, limit, pending):
            break
    if not found:
        return []
    pairs = reduce(or_, (Q(article_id=a, number=m.number) for a, m in found.items()))
    versions = (
        Version.objects.filter(pairs)
        .select_related("article__source")
        .defer("plain_text", "stored_text", "raw_body", "search_words", "response_headers")
        .order_by("-archived_at", "-pk")[:limit]
    )
    terms = words(query)
    return [Result(version=v, excerpt=excerpt(found[v.article_id].text, terms)) for v in versions]


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
