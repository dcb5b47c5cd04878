"""The reader's site: lists of articles, finding one, search, sources, about."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from articles import urlcanon
from articles.models import Article, Source, Version
from articles.reader import humanize, numbers, paging, search


def listed_articles():
    """Visible articles with at least one version, with the size of their last change."""
    last_change = Version.objects.changes().filter(article=OuterRef("pk")).order_by("-number")
    return (
        Article.objects.listed()
        .select_related("source")
        .defer("etag", "last_modified", "last_body_hash", "hidden_reason")
        .annotate(
            last_added=Subquery(last_change.values("chars_added")[:1]),
            last_removed=Subquery(last_change.values("chars_removed")[:1]),
        )
    )


def _article_list(request, queryset, template, context):
    try:
        articles, next_cursor = paging.recent_page(
            queryset, request.GET.get("before"), settings.NEWSDIFFS_PAGE_SIZE
        )
    except paging.BadCursor:
        # A page, not the error text: the cursor came from the address bar.
        return render(request, "articles/bad_cursor.html", context, status=400)
    context.update(
        articles=articles,
        next_cursor=next_cursor,
        is_first_page=not request.GET.get("before"),
        now=timezone.now(),
    )
    return render(request, template, context)


def browse(request):
    queryset = listed_articles()
    source = None
    if request.GET.get("source"):
        source = get_object_or_404(Source, slug=request.GET["source"])
        queryset = queryset.filter(source=source)
    sources = Source.objects.only("name", "slug")
    context = {"source": source, "sources": sources}
    return _article_list(request, queryset, "articles/browse.html", context)


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    context = {"source": source, "sources": None}
    return _article_list(
        request, listed_articles().filter(source=source), "articles/source.html", context
    )


def find_by_url(request):
    typed = request.GET.get("url", "").strip()
    url = urlcanon.with_default_scheme(typed)
    try:
        key = urlcanon.url_key(url)
    except urlcanon.InvalidURL:
        context = {"url": typed, "invalid": True}
        return render(request, "articles/not_tracked.html", context, status=400)
    article = Article.objects.filter(url_key=key).only("pk").first()
    if article is None:
        return render(request, "articles/not_tracked.html", {"url": url}, status=404)
    return redirect(article)


def source_totals():
    """Each source with its article and change counts and last check, cached briefly.

    The counts read every article (about a second for a million on
    PostgreSQL), so the first visitor after the cache expires waits;
    NEWSDIFFS_SOURCES_CACHE_SECONDS sets how rarely that happens.
    """

    def compute():
        articles = Article.objects.visible().filter(source=OuterRef("pk")).order_by()
        articles = articles.values("source")

        def total(aggregate):
            return Subquery(articles.annotate(total=aggregate).values("total")[:1])

        return list(
            Source.objects.annotate(
                article_count=Coalesce(total(Count("pk")), 0),
                change_total=Coalesce(total(Sum("change_count")), 0),
                last_checked_at=total(Max("last_checked_at")),
            ).order_by("name")
        )

    return cache.get_or_set(
        "newsdiffs:source-totals", compute, settings.NEWSDIFFS_SOURCES_CACHE_SECONDS
    )


def source_list(request):
    context = {"sources": source_totals(), "now": timezone.now()}
    return render(request, "articles/sources.html", context)


def search_page(request):
    query = request.GET.get("q", "").strip()
    number = numbers.parse_positive(request.GET.get("page", "1"))
    if number is None or number > search.MAX_PAGES:
        raise Http404(f"search shows pages 1 to {search.MAX_PAGES}")
    page = search.find(query, settings.NEWSDIFFS_SEARCH_PAGE_SIZE, number) if query else None
    results = page.results if page else []
    context = {"query": query, "page": page, "results": results}
    return render(request, "articles/search.html", context)


# Crawlers are welcome to the archive, not to the staff pages or to search,
# whose every query and page is another address.
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n"


def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


def about(request):
    schedule = [
        (humanize.span(timedelta(seconds=age)), humanize.span(timedelta(seconds=every)))
        for age, every in settings.NEWSDIFFS_SCHEDULE
    ]
    context = {
        "schedule": schedule,
        "last_interval": schedule[-1][1],
        "stop_after_days": settings.NEWSDIFFS_STOP_AFTER_DAYS,
        "gone_after": settings.NEWSDIFFS_GONE_AFTER,
    }
    return render(request, "articles/about.html", context)
