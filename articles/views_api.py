"""The read-only JSON API, documented in the README under "JSON API"."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from articles import comparison, paging, urlcanon
from articles.models import Article, Version

GONE = "This article has been removed from the archive."


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def _moment(value):
    return value.isoformat() if value else None


def _article_json(request, article):
    return {
        "id": article.pk,
        "url": article.url,
        "title": article.title,
        "source": {"slug": article.source.slug, "name": article.source.name},
        "state": article.state,
        "first_seen_at": _moment(article.first_seen_at),
        "last_changed_at": _moment(article.last_changed_at),
        "next_check_at": _moment(article.next_check_at) if article.is_checked else None,
        "version_count": article.version_count,
        "change_count": article.change_count,
        "html_url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api-article", args=[article.pk])),
    }


def _version_json(request, version, numbers_by_pk=None):
    reverts_to = None
    if version.reverts_to_id:
        reverts_to = (numbers_by_pk or {}).get(version.reverts_to_id)
    data = {
        "id": version.pk,
        "number": version.number,
        "archived_at": _moment(version.archived_at),
        "title": version.title,
        "byline": version.byline,
        "published_at": _moment(version.published_at),
        "is_boring": version.is_boring,
        "chars_added": version.chars_added,
        "chars_removed": version.chars_removed,
        "reverts_to": reverts_to,
        "api_url": request.build_absolute_uri(reverse("api-version", args=[version.pk])),
    }
    if version.number > 1:
        diff = reverse("api-diff", args=[version.article_id, version.number - 1, version.number])
        data["diff_api_url"] = request.build_absolute_uri(diff)
    return data


def _filtered_articles(params):
    articles = Article.objects.filter(is_hidden=False, last_changed_at__isnull=False)
    articles = articles.select_related("source")
    if params.get("url"):
        articles = articles.filter(url_key=urlcanon.url_key(params["url"]))
    if params.get("source"):
        articles = articles.filter(source__slug=params["source"])
    if params.get("changed_since"):
        raw = params["changed_since"]
        since = parse_datetime(raw) or (parse_date(raw) and parse_datetime(raw + "T00:00:00Z"))
        if not since:
            raise ValueError(f"changed_since {raw!r} is not an ISO 8601 date or time")
        articles = articles.filter(last_changed_at__gte=since)
    return articles


@require_GET
def article_list(request):
    try:
        articles = _filtered_articles(request.GET)
        page, cursor = paging.recent_page(
            articles, request.GET.get("cursor"), settings.NEWSDIFFS_API_PAGE_SIZE
        )
    except urlcanon.InvalidURL as error:
        return _error(400, f"url: {error}")
    except ValueError as error:  # also paging.BadCursor
        return _error(400, str(error))
    next_url = None
    if cursor:
        query = {k: v for k, v in request.GET.items() if k != "cursor"} | {"cursor": cursor}
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    results = [_article_json(request, article) for article in page]
    return JsonResponse({"results": results, "next": next_url})


def _visible_article(article_id):
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None:
        return None, _error(404, "No such article.")
    if article.is_hidden:
        return None, _error(410, GONE)
    return article, None


@require_GET
def article_detail(request, article_id):
    article, refusal = _visible_article(article_id)
    if refusal:
        return refusal
    versions = list(article.versions.order_by("number").defer("text", "raw_body"))
    numbers = {v.pk: v.number for v in versions}
    data = _article_json(request, article)
    data["versions"] = [_version_json(request, v, numbers) for v in versions]
    return JsonResponse(data)


@require_GET
def version_detail(request, version_id):
    version = Version.objects.defer("raw_body").filter(pk=version_id).first()
    if version is None:
        return _error(404, "No such version.")
    article, refusal = _visible_article(version.article_id)
    if refusal:
        return refusal
    numbers = {}
    if version.reverts_to_id:
        numbers = dict(Version.objects.filter(pk=version.reverts_to_id).values_list("pk", "number"))
    data = _version_json(request, version, numbers)
    data["article"] = _article_json(request, article)
    data["text"] = version.text
    data["paragraphs"] = version.paragraphs()
    return JsonResponse(data)


def _segments(segments):
    return [{"op": op, "text": text} for op, text in segments]


@require_GET
def article_diff(request, article_id, old, new):
    article, refusal = _visible_article(article_id)
    if refusal:
        return refusal
    if old >= new:
        return _error(400, "The first version number must be lower than the second.")
    pair = {v.number: v for v in article.versions.filter(number__in=[old, new]).defer("raw_body")}
    if len(pair) != 2:
        return _error(404, "No such version of this article.")
    result = comparison.compare_versions(pair[old], pair[new])
    rows = [
        {
            "kind": row["kind"],
            "old_paragraphs": row["old"],
            "new_paragraphs": row["new"],
            "moved_to": row["moved_to"],
            "moved_from": row["moved_from"],
            "segments": _segments(row["segments"]),
        }
        for row in result.rows
    ]
    return JsonResponse(
        {
            "article": _article_json(request, article),
            "old": _version_json(request, result.old),
            "new": _version_json(request, result.new),
            "title": _segments(result.title),
            "byline": _segments(result.byline),
            "published_at": {
                "old": _moment(result.old.published_at),
                "new": _moment(result.new.published_at),
            },
            "rows": rows,
            "html_url": request.build_absolute_uri(
                reverse("article-diff", args=[article.pk, old, new])
            ),
        }
    )
