"""Atom and RSS feeds of changes: everything, one source, one article."""

import mimetypes
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


def change_summary(version):
    """'+120 / -45 characters, headline changed'."""
    parts = [humanize.size(version.chars_added, version.chars_removed)]
    if version.previous_title is not None:  # None: the previous version is missing
        previous = Content(
            title=version.previous_title,
            byline=version.previous_byline,
            lead_image_url=version.previous_lead_image_url,
        )
        names = content.FIELDS_BESIDE_TEXT
        parts += [
            f"{names[name]} changed" for name in content.changed_fields(previous, version, names)
        ]
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
        return self.changes_in(scope)[: settings.NEWSDIFFS_FEED_ITEMS]

    def changes_in(self, scope):
        return scope.change_filter.apply(changes())

    def item_categories(self, version):
        return [LABELS[slug] for slug in version.label_slugs()]

    def item_title(self, version):
        article = version.article
        return humanize.plain_line(f"{article.title or article.url} (version {version.number})")

    def item_description(self, version):
        # Atom's summary and RSS's description are read as HTML: escape the text.
        summary = f"{version.article.source.name}: {change_summary(version)}"
        return escape(humanize.plain_line(summary))

    def item_link(self, version):
        return reverse(
            "article-diff", args=[version.article_id, version.number - 1, version.number]
        )

    def item_pubdate(self, version):
        return version.archived_at

    def item_updateddate(self, version):
        return version.archived_at

    def item_author_name(self, version):
        return version.article.source.name

    def item_enclosures(self, version):
        """The version's lead image, so feed readers can show the picture it led with."""
        if not version.lead_image_url:
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
        return changes().filter(article__in=recent)[:size]


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
        return self.changes_in(article).filter(article=article)[: settings.NEWSDIFFS_FEED_ITEMS]


class ArticleChangesRssFeed(ArticleChangesFeed):
    feed_type = Rss201rev2Feed
