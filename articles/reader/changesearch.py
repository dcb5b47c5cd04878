"""Search inside what changed: the text changes removed or added (articles.changedtexts).

On PostgreSQL full text search (websearch syntax) over a GIN index of the
changed text's to_tsvector; elsewhere (SQLite) every word must appear,
case-insensitively. Hits are newest first, a cursor a page: the cursor is
the last hit's id, so a page costs what the first costs.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef

from articles.models import Article, ChangedText, VersionLabel
from articles.reader import changefilters, changesnippet

KINDS = ("removed", "added", "any")
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# Primary keys are 64-bit: a larger one in a cursor is not a cursor.
_MAX_PK = 2**63 - 1


class BadParameter(ValueError):
    """A parameter search inside changes cannot use; the message names it."""


@dataclass
class Hit:
    change: ChangedText
    snippet: str

    @property
    def version(self):
        return self.change.version

    @property
    def old_number(self):
        return self.change.version.number - 1

    @property
    def anchor(self):
        return f"p{self.change.paragraph}"


def parse_kind(raw):
    raw = raw.strip()
    if raw not in KINDS:
        raise BadParameter(f"in: not one of {', '.join(KINDS)}")
    return raw


def parse_cursor(raw):
    if not raw:
        return None
    # A length bound first: int() of thousands of digits raises, and costs.
    if len(raw) > 19 or not raw.isascii() or not raw.isdigit() or not 0 < int(raw) <= _MAX_PK:
        raise BadParameter("cursor: not a page cursor")
    return int(raw)


def parse_params(params):
    """{kind, label, source, cursor} from query parameters; BadParameter naming a bad one."""
    try:
        label = changefilters.parse({"label": params.get("label", "")}).label
    except changefilters.BadFilter as error:
        raise BadParameter(str(error)) from None
    source = params.get("source", "").strip()
    if len(source) > 100:
        raise BadParameter("source: not a source's slug")
    return {
        "kind": parse_kind(params.get("in", "any") or "any"),
        "label": label,
        "source": source,
        "cursor": parse_cursor(params.get("cursor", "")),
    }


def _matching(query):
    query = query[:MAX_QUERY_LENGTH]
    changes = ChangedText.objects.all()
    if connection.vendor == "postgresql":
        # The same expression as the GIN index of migration 0016.
        return changes.extra(
            where=[
                "to_tsvector(%s::regconfig, articles_changedtext.text) "
                "@@ websearch_to_tsquery(%s::regconfig, %s)"
            ],
            params=[settings.NEWSDIFFS_SEARCH_CONFIG, settings.NEWSDIFFS_SEARCH_CONFIG, query],
        )
    for word in changesnippet.marked_words(query)[:MAX_WORDS]:
        changes = changes.filter(text__icontains=word)
    return changes


def find(query, kind="any", label="", source="", cursor=None, size=20):
    """([Hit], next cursor or None): up to `size` changes matching, newest first."""
    words = changesnippet.marked_words(query[:MAX_QUERY_LENGTH])[:MAX_WORDS]
    if not words:
        return [], None
    changes = _matching(query).filter(version__article__in=Article.objects.visible())
    if kind != "any":
        changes = changes.filter(kind=kind)
    if label:
        labelled = VersionLabel.objects.filter(version=OuterRef("version_id"), slug=label)
        changes = changes.filter(Exists(labelled))
    if source:
        changes = changes.filter(version__article__source__slug=source)
    if cursor:
        changes = changes.filter(pk__lt=cursor)
    rows = list(
        changes.select_related("version__article__source")
        .defer(
            "version__plain_text",
            "version__stored_text",
            "version__raw_body",
            "version__search_words",
            "version__search_vector",
            "version__response_headers",
        )
        .order_by("-pk")[: size + 1]
    )
    hits = [Hit(row, changesnippet.snippet(row.text, words, row.kind)) for row in rows[:size]]
    return hits, (str(rows[size - 1].pk) if len(rows) > size else None)
