"""Which articles and versions an export holds: the commands' --article, --source, --since.

Taken-down articles are never exported: an export is for passing on, and
what the public site answers 410 for stays out of it.
"""

from articles.models import Article, Source, Version
from articles.moments import parse_moment
from articles.storage import archive

# Versions read together: their texts come in one query.
BATCH_SIZE = 200


class BadSelection(ValueError):
    """An argument names nothing exportable; the message says which and why."""


def parse_since(raw):
    """An aware datetime from a date (midnight UTC) or an ISO 8601 date and time (UTC if naive)."""
    moment = parse_moment(raw)
    if moment is None:
        raise BadSelection(
            f"--since {raw!r}: not a date (2026-03-09) or ISO 8601 date and time "
            "(2026-03-09T12:00:00Z)"
        )
    return moment


class Selection:
    """Articles (visible, with a version in range) and their versions (archived since)."""

    def __init__(self, article_ids=(), source=None, since=None):
        self.article_ids = list(article_ids)
        self.source = source
        self.since = since

    def __repr__(self):
        return f"Selection({self.as_options()})"

    @classmethod
    def from_options(cls, article_ids=None, source_slug=None, since=None):
        """From the commands' arguments; BadSelection for one that names nothing."""
        source = None
        if source_slug:
            source = Source.objects.filter(slug=source_slug).first()
            if source is None:
                known = ", ".join(Source.objects.values_list("slug", flat=True)) or "none"
                raise BadSelection(f"--source {source_slug!r}: no such source (known: {known})")
        article_ids = list(dict.fromkeys(article_ids or ()))
        if article_ids:
            found = dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "is_hidden"))
            for article_id in article_ids:
                if article_id not in found:
                    raise BadSelection(f"--article {article_id}: no such article")
                if found[article_id]:
                    raise BadSelection(
                        f"--article {article_id}: taken down; exports leave taken-down articles out"
                    )
        return cls(article_ids, source, parse_since(since) if since else None)

    def as_options(self):
        """The selection as plain data, to tell whether a resumed export is the same one."""
        return {
            "articles": sorted(self.article_ids),
            "source": self.source.slug if self.source else None,
            "since": self.since.isoformat() if self.since else None,
        }

    def versions(self):
        """Every selected version, of visible articles (the article filter not applied)."""
        versions = Version.objects.visible()
        if self.since:
            versions = versions.filter(archived_at__gte=self.since)
        return versions

    def ids(self, after=0):
        """Ids of the selected articles above `after`, in order: a list of numbers,
        so the export of a million articles holds no rows while it runs."""
        articles = Article.objects.visible().filter(pk__gt=after)
        if self.article_ids:
            articles = articles.filter(pk__in=self.article_ids)
        if self.source:
            articles = articles.filter(source=self.source)
        with_versions = self.versions().values("article_id")
        return list(
            articles.filter(pk__in=with_versions).order_by("pk").values_list("pk", flat=True)
        )

    def batches_of(self, article_id, size=None):
        """The selected versions of one article, oldest first, in lists of `size` with
        their texts, without their bodies: an article checked for years costs a
        batch's memory, not its history's. The texts are decoded in one pass
        over the article's chain (archive.texts), each frame once."""
        versions = (
            self.versions()
            .filter(article_id=article_id)
            .select_related("article")
            .defer("raw_body", "plain_text", "stored_text")
            .order_by("number")
        )
        size, last = size or BATCH_SIZE, 0
        texts = archive.texts(article_id)
        while batch := list(versions.filter(number__gt=last)[:size]):
            Version.attach_texts(batch, texts)
            yield batch
            last = batch[-1].number


def add_arguments(parser):
    """The selection arguments both export commands take."""
    parser.add_argument(
        "--article",
        type=int,
        action="append",
        dest="article_ids",
        metavar="ID",
        help="Only this article (repeat for more)",
    )
    parser.add_argument("--source", metavar="SLUG", help="Only the articles of this source")
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="Only versions archived at or after this date (2026-03-09, midnight UTC) "
        "or ISO 8601 time; articles without one are left out",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        default="",
        help="The archive's address (https://newsdiffs.example), to make its links "
        "absolute; without it they are paths",
    )


def absolute_links(base_url):
    """A function making the archive's paths absolute under base_url (paths as they are if none)."""
    base = (base_url or "").rstrip("/")
    return lambda path: base + path
