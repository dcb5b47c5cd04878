"""The reader's site: lists of articles, finding one, search, sources, about."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from articles import charts, content, daily_changes, urlcanon
from articles.comparison.labels import LABELS
from articles.models import Article, Source, Version
from articles.reader import changefilters, changesearch, humanize, numbers, paging, search


def listed_articles(change_filter=None):
    """Visible articles with at least one version, with the size and labels of
    their last change; with a filter, only articles with a change it admits,
    shown with the last such change."""
    change_filter = change_filter or changefilters.ChangeFilter()
    changes = change_filter.apply(Version.objects.changes().filter(article=OuterRef("pk")))
    last_change = changes.order_by("-number")
    articles = (
        Article.objects.listed()
        .select_related("source")
        .defer("etag", "last_modified", "last_body_hash", "hidden_reason")
        .annotate(
            last_added=Subquery(last_change.values("chars_added")[:1]),
            last_removed=Subquery(last_change.values("chars_removed")[:1]),
            last_labels=Subquery(last_change.values("label_details")[:1]),
            last_number=Subquery(last_change.values("number")[:1]),
        )
    )
    return articles.filter(Exists(changes)) if change_filter else articles


def name_changes_beside_text(articles):
    """Say what changed in each listed article whose last change left the text alone.

    Sets `changed_beside_text` ('headline changed', 'lead image changed') from
    that change's version and the one before, read in one query for the page.
    """
    unsized = {
        a.pk: a.last_number
        for a in articles
        if a.last_number and not (a.last_added or a.last_removed)
    }
    if not unsized:
        return
    wanted = Q()
    for article_id, number in unsized.items():
        wanted |= Q(article_id=article_id, number__in=(number - 1, number))
    fields = ("article_id", "number", *content.FIELDS_BESIDE_TEXT)
    pairs = {}
    for version in Version.objects.filter(wanted).only(*fields).order_by("number"):
        pairs.setdefault(version.article_id, []).append(version)
    for article in articles:
        pair = pairs.get(article.pk, [])
        if len(pair) == 2:
            beside = content.FIELDS_BESIDE_TEXT
            names = [beside[name] for name in content.changed_fields(*pair, fields=beside)]
            article.changed_beside_text = humanize.change(0, 0, names)


def _article_list(request, make_queryset, template, context):
    try:
        change_filter = changefilters.parse(request.GET)
    except changefilters.BadFilter as error:
        context["error"] = str(error)
        return render(request, "articles/bad_filter.html", context, status=400)
    try:
        articles, next_cursor = paging.recent_page(
            make_queryset(change_filter), request.GET.get("before"), settings.NEWSDIFFS_PAGE_SIZE
        )
    except paging.BadCursor:
        # A page, not the error text: the cursor came from the address bar.
        return render(request, "articles/bad_cursor.html", context, status=400)
    list_params = context.pop("list_params", {}) | change_filter.params()
    name_changes_beside_text(articles)
    context.update(
        change_filter=change_filter,
        labels=LABELS,
        list_query=urlencode(list_params),
        articles=articles,
        next_cursor=next_cursor,
        is_first_page=not request.GET.get("before"),
        now=timezone.now(),
    )
    return render(request, template, context)


def browse(request):
    source = None
    if request.GET.get("source"):
        source = get_object_or_404(Source, slug=request.GET["source"])

    def articles(change_filter):
        listed = listed_articles(change_filter)
        return listed.filter(source=source) if source else listed

    sources = Source.objects.only("name", "slug")
    context = {"source": source, "sources": sources}
    context["list_params"] = {"source": source.slug} if source else {}
    if not request.GET:
        context["most_edited"] = most_edited(timezone.now())
    return _article_list(request, articles, "articles/browse.html", context)


CALENDAR_DAYS = 90


def change_calendar(source, today):
    """The source's visible changes per day for the last CALENDAR_DAYS days:
    the SVG, the total and the busiest (date, count) for the text alternative."""
    versions = Version.objects.visible().filter(article__source=source)
    counts = daily_changes.changes_per_day(versions, today, CALENDAR_DAYS)
    return {
        "svg": charts.calendar_svg(counts),
        "days": CALENDAR_DAYS,
        "total": sum(count for _, count in counts),
        "busiest": charts.busiest_day(counts),
        "changed_days": [(day, count) for day, count in reversed(counts) if count],
    }


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    context = {"source": source, "sources": None}
    if not request.GET.get("before"):
        context["calendar"] = change_calendar(source, timezone.localdate())
    return _article_list(
        request,
        lambda change_filter: listed_articles(change_filter).filter(source=source),
        "articles/source.html",
        context,
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


MOST_EDITED_DAYS = 7
MOST_EDITED_COUNT = 10


def most_edited(now):
    """The visible articles with the most real changes archived in the last week,
    most first, each with `week_changes`.

    The ranking (a count over a week of versions) is cached for
    NEWSDIFFS_SOURCES_CACHE_SECONDS; the articles are read afresh each time,
    so a takedown leaves the list at once.
    """

    def rank():
        changes = Version.objects.visible().changes()
        recent = changes.filter(archived_at__gte=now - timedelta(days=MOST_EDITED_DAYS))
        counts = recent.order_by().values("article").annotate(n=Count("pk"))
        return [(row["article"], row["n"]) for row in counts.order_by("-n", "-article")[:20]]

    # Twice as many as shown, so a few taken down in the meantime leave the list full.
    ranking = cache.get_or_set(
        "newsdiffs:most-edited", rank, settings.NEWSDIFFS_SOURCES_CACHE_SECONDS
    )
    counts = dict(ranking)
    articles = Article.objects.visible().select_related("source").filter(pk__in=counts)
    for article in articles:
        article.week_changes = counts[article.pk]
    ranked = sorted(articles, key=lambda a: (-a.week_changes, -a.pk))
    return ranked[:MOST_EDITED_COUNT]


def most_edited_page(request):
    context = {"most_edited": most_edited(timezone.now()), "days": MOST_EDITED_DAYS}
    return render(request, "articles/most_edited.html", context)


def source_list(request):
    context = {"sources": source_totals(), "now": timezone.now()}
    return render(request, "articles/sources.html", context)


def search_page(request):
    query = request.GET.get("q", "").strip()
    if request.GET.get("in"):
        return _change_search_page(request, query)
    number = numbers.parse_positive(request.GET.get("page", "1"))
    if number is None or number > search.MAX_PAGES:
        raise Http404(f"search shows pages 1 to {search.MAX_PAGES}")
    page = search.find(query, settings.NEWSDIFFS_SEARCH_PAGE_SIZE, number) if query else None
    results = page.results if page else []
    context = {"query": query, "page": page, "results": results}
    return render(request, "articles/search.html", context)


def _change_search_page(request, query):
    """/search/?in=removed|added|any: search inside what changes removed or added."""
    context = {"query": query, "kind": request.GET.get("in", "")}
    try:
        params = changesearch.parse_params(request.GET)
    except changesearch.BadParameter as error:
        context["error"] = str(error)
        return render(request, "articles/bad_filter.html", context, status=400)
    hits, cursor = (
        changesearch.find(query, size=settings.NEWSDIFFS_SEARCH_PAGE_SIZE, **params)
        if query
        else ([], None)
    )
    context |= {"hits": hits, "next_cursor": cursor, "kinds": changesearch.KINDS}
    return render(request, "articles/search_changes.html", context)


# Crawlers are welcome to the archive, not to the staff pages or to search,
# whose every query and page is another address.
ROBOTS_TXT = "User-agent: *\nDisallow: /admin/\nDisallow: /search/\n"


def robots_txt(request):
    return HttpResponse(ROBOTS_TXT, content_type="text/plain; charset=utf-8")


def about(request):
    schedule = [
        (humanize.span(timedelta(seconds=age)), humanize.every(timedelta(seconds=interval)))
        for age, interval in settings.NEWSDIFFS_SCHEDULE
    ]
    context = {
        "schedule": schedule,
        "last_interval": schedule[-1][1],
        "stop_after_days": settings.NEWSDIFFS_STOP_AFTER_DAYS,
        "gone_after": settings.NEWSDIFFS_GONE_AFTER,
    }
    return render(request, "articles/about.html", context)
