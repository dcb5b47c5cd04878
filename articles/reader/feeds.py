"""Atom and RSS feeds of changes: everything, one source, one article."""

import mimetypes
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from articles import content
from articles.comparison.labels import LABELS
from articles.content import Content
from articles.models import Article, Source, Version
from articles.reader import changefilters, humanize
from articles.reader.visibility import visible_article


def changes():
    """Real changes (not boring, not first versions) of visible articles, newest first."""
    previous = Version.objects.filter(article=OuterRef("article"), number=OuterRef("number") - 1)
    return (
        Version.objects.visible()
        .changes()
        .select_related("article__source", "reverts_to")
        .defer("plain_text", "stored_text", "raw_body", "article__hidden_reason")
        .defer("reverts_to__plain_text", "reverts_to__stored_text", "reverts_to__raw_body")
        .annotate(
            previous_title=Subquery(previous.values("title")[:1]),
            previous_byline=Subquery(previous.values("byline")[:1]),
            previous_lead_image_url=Subquery(previous.values("lead_image_url")[:1]),
        )
        .order_by("-archived_at", "-pk")
    )


@dataclass(frozen=True)
class Removal:
    """A feed entry for an article its source removed (404/410 since `removed_at`)."""

    article: Article

    @property
    def removed_at(self):
        return self.article.removed_at


def removals():
    """Visible articles their source removed, the latest removal first."""
    gone = Article.objects.visible().filter(state=Article.State.GONE, missing_since__isnull=False)
    return gone.select_related("source").defer("hidden_reason").order_by("-missing_since", "-pk")


def _moment(item):
    return item.removed_at if isinstance(item, Removal) else item.archived_at


def newest(versions, removed_articles, size):
    """The `size` newest of some changes and some removals, as one list of entries."""
    entries = [*versions[:size], *(Removal(article) for article in removed_articles[:size])]
    return sorted(entries, key=_moment, reverse=True)[:size]


def change_summary(version):
    """'+120 / -45 characters, headline changed'."""
    names = []
    if version.previous_title is not None:  # None: the previous version is missing
        previous = Content(
            title=version.previous_title,
            byline=version.previous_byline,
            lead_image_url=version.previous_lead_image_url,
        )
        beside = content.FIELDS_BESIDE_TEXT
        names = [beside[name] for name in content.changed_fields(previous, version, beside)]
    parts = [humanize.change(version.chars_added, version.chars_removed, names)]
    if version.reverts_to is not None:
        parts.append(f"back to the text of version {version.reverts_to.number}")
    parts += [LABELS[slug] for slug in version.label_slugs() if LABELS[slug] not in parts]
    return ", ".join(parts)


class _Everything:
    """The object of the feed of all changes: only the filter its request asked for."""

    change_filter = changefilters.ChangeFilter()


class AllChangesFeed(Feed):
    """Each feed takes ?label= and ?min_change=; the filter rides on the feed's
    object (the feed instance serves every request, so it keeps no state)."""

    feed_type = Atom1Feed
    title = "newsdiffs: all changes"
    description = "Every change to the news articles the archive watches."

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except changefilters.BadFilter as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")

    def get_object(self, request, *args, **kwargs):
        scope = self.scope(*args, **kwargs)
        scope.change_filter = changefilters.parse(request.GET)
        return scope

    def scope(self):
        return _Everything()

    def link(self):
        return reverse("browse")

    def items(self, scope):
        size = settings.NEWSDIFFS_FEED_ITEMS
        if scope.change_filter:
            # A filter asks for kinds and sizes of change; a removal is neither.
            return self.changes_in(scope)[:size]
        return newest(changes(), removals(), size)

    def changes_in(self, scope):
        return scope.change_filter.apply(changes())

    def item_categories(self, item):
        if isinstance(item, Removal):
            return ["removed from the source"]
        return [LABELS[slug] for slug in item.label_slugs()]

    def item_title(self, version):
        article = version.article
        if isinstance(version, Removal):
            return humanize.plain_line(f"{article.title or article.url} (removed from the source)")
        return humanize.plain_line(f"{article.title or article.url} (version {version.number})")

    def item_description(self, version):
        # Atom's summary and RSS's description are read as HTML: escape the text.
        if isinstance(version, Removal):
            what = f"removed from the source: {version.article.url} answers “not found”"
        else:
            what = change_summary(version)
        return escape(humanize.plain_line(f"{version.article.source.name}: {what}"))

    def item_link(self, version):
        if isinstance(version, Removal):
            return version.article.get_absolute_url()
        return reverse(
            "article-diff", args=[version.article_id, version.number - 1, version.number]
        )

    def item_pubdate(self, version):
        return _moment(version)

    def item_updateddate(self, version):
        return _moment(version)

    def item_author_name(self, version):
        return version.article.source.name

    def item_enclosures(self, version):
        """The version's lead image, so feed readers can show the picture it led with."""
        if isinstance(version, Removal) or not version.lead_image_url:
            return []
        mime_type, _ = mimetypes.guess_type(urlsplit(version.lead_image_url).path)
        is_image = (mime_type or "").startswith("image/")
        # The size is not known without fetching it; RSS readers take 0 as unknown.
        return [Enclosure(version.lead_image_url, "0", mime_type if is_image else "image/jpeg")]


class AllChangesRssFeed(AllChangesFeed):
    feed_type = Rss201rev2Feed


class SourceChangesFeed(AllChangesFeed):
    def scope(self, slug):
        return get_object_or_404(Source, slug=slug)

    def title(self, source):
        return humanize.plain_line(f"newsdiffs: changes in {source.name}")

    def description(self, source):
        return f"Changes to articles from {source.name}."

    def link(self, source):
        return source.get_absolute_url()

    def items(self, source):
        size = settings.NEWSDIFFS_FEED_ITEMS
        # The latest `size` changes of a source are changes to (at most) its
        # `size` most recently changed articles: found on the source's index,
        # instead of walking every source's versions until `size` match.
        if source.change_filter:
            # Filtered, the latest changes may be on any of its articles.
            return self.changes_in(source).filter(article__source=source)[:size]
        recent = (
            Article.objects.visible()
            .filter(source=source, change_count__gt=0)
            .order_by("-last_changed_at", "-pk")
            .values("pk")[:size]
        )
        return newest(changes().filter(article__in=recent), removals().filter(source=source), size)


class SourceChangesRssFeed(SourceChangesFeed):
    feed_type = Rss201rev2Feed


class ArticleChangesFeed(AllChangesFeed):
    def scope(self, article_id):
        return visible_article(article_id, Article.objects.all())

    def title(self, article):
        return humanize.plain_line(f"newsdiffs: changes to “{article.title or article.url}”")

    def description(self, article):
        return f"Every change to {article.url}"

    def link(self, article):
        return article.get_absolute_url()

    def items(self, article):
        size = settings.NEWSDIFFS_FEED_ITEMS
        if article.change_filter:
            return self.changes_in(article).filter(article=article)[:size]
        return newest(changes().filter(article=article), removals().filter(pk=article.pk), size)


class ArticleChangesRssFeed(ArticleChangesFeed):
    feed_type = Rss201rev2Feed
