"""Search over titles and article text.

PostgreSQL: full text search with websearch syntax ("quoted phrases",
-excluded words), backed by a GIN index (migration 0004). Elsewhere
(SQLite in development and tests): every word must appear, case-insensitively.
Results are the most recent matching version of each article, newest first.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Q

from articles.models import Version

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Matching versions read to find `limit` distinct articles.
_SCAN = 500
_WORD = re.compile(r"\w+")


@dataclass
class Result:
    version: Version
    excerpt: str


def words(query):
    return _WORD.findall(query[:MAX_QUERY_LENGTH])[:MAX_WORDS]


def matching_versions(query):
    """Versions whose title or text match, newest first (ids and article ids only)."""
    versions = Version.objects.visible()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        config = settings.NEWSDIFFS_SEARCH_CONFIG
        document = SearchVector("title", "text", config=config)
        wanted = SearchQuery(query[:MAX_QUERY_LENGTH], config=config, search_type="websearch")
        versions = versions.annotate(document=document).filter(document=wanted)
    else:
        terms = words(query)
        if not terms:
            return versions.none()
        for term in terms:
            versions = versions.filter(Q(title__icontains=term) | Q(text__icontains=term))
    return versions.order_by("-archived_at", "-pk")


def search(query, limit):
    """[Result] for the latest matching version of up to `limit` articles."""
    latest = {}
    for pk, article_id in matching_versions(query).values_list("pk", "article_id")[:_SCAN]:
        if article_id not in latest:
            latest[article_id] = pk
            if len(latest) == limit:
                break
    found = Version.objects.select_related("article__source").in_bulk(latest.values())
    terms = words(query)
    return [
        Result(version=found[pk], excerpt=excerpt(found[pk].text, terms))
        for pk in latest.values()
        if pk in found
    ]


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
