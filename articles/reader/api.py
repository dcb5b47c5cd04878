"""The read-only JSON API, documented in the README under "JSON API"."""

from functools import wraps

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt

from articles import urlcanon
from articles.comparison import stored
from articles.models import Article, Version
from articles.moments import parse_moment
from articles.reader import changesearch, paging
from articles.reader.visibility import visible_article
from articles.storage.headers import CorruptHeaders


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def read_only(view):
    """GET and HEAD only; anything else gets a JSON 405, as every API answer is JSON.

    No CSRF check: nothing here changes state, and a POST should learn that
    from a 405 rather than from the CSRF failure page.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "The API is read-only: use GET or HEAD.")
            response["Allow"] = "GET, HEAD"
            return response
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            return _error(404, str(error) or "Not found.")

    return wrapper


def _moment(value):
    return value.isoformat() if value else None


def _article_json(request, article):
    return {
        "id": article.pk,
        "url": article.url,
        "title": article.title,
        "source": {"slug": article.source.slug, "name": article.source.name},
        "state": article.state,
        "removed_at": _moment(article.removed_at),
        "first_seen_at": _moment(article.first_seen_at),
        "last_changed_at": _moment(article.last_changed_at),
        "next_check_at": _moment(article.next_check_at) if article.is_checked else None,
        "version_count": article.version_count,
        "change_count": article.change_count,
        "html_url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("api-article", args=[article.pk])),
        "dataset_url": request.build_absolute_uri(
            reverse("api-article-dataset", args=[article.pk])
        ),
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
        "lead_image_url": version.lead_image_url,
        "published_at": _moment(version.published_at),
        "is_boring": version.is_boring,
        "chars_added": version.chars_added,
        "chars_removed": version.chars_removed,
        "reverts_to": reverts_to,
        "labels": version.label_slugs(),
        "label_details": version.label_details or {},
        "wayback_url": version.wayback_url or None,
        "api_url": request.build_absolute_uri(reverse("api-version", args=[version.pk])),
    }
    if version.number > 1:
        diff = reverse("api-diff", args=[version.article_id, version.number - 1, version.number])
        data["diff_api_url"] = request.build_absolute_uri(diff)
    data["evidence"] = _evidence_json(request, version)
    return data


def _evidence_json(request, version):
    """What the newsroom served, and where to download it; None if the page was not kept."""
    if not version.has_response:
        return None
    args = [version.article_id, version.number]
    return {
        "body_sha256": version.raw_body_hash,
        "http_status": version.http_status,
        "fetched_url": version.fetched_url or None,
        "archived_at": _moment(version.archived_at),
        "headers_recorded": bool(version.headers_codec),
        "body_url": request.build_absolute_uri(reverse("version-body", args=args)),
        "response_url": request.build_absolute_uri(reverse("version-response", args=args)),
        "warc_url": request.build_absolute_uri(reverse("version-warc", args=args)),
    }


class BadParameter(ValueError):
    """A query parameter the API cannot use; the message names it."""


def _since(raw):
    """An aware datetime from an ISO 8601 date (midnight UTC) or date and time (UTC if naive)."""
    moment = parse_moment(raw)
    if moment is None:
        raise BadParameter("changed_since: not an ISO 8601 date or date and time")
    return moment


def _filtered_articles(params):
    articles = Article.objects.listed().select_related("source")
    if params.get("url"):
        try:
            key = urlcanon.url_key(urlcanon.with_default_scheme(params["url"]))
        except urlcanon.InvalidURL:
            raise BadParameter("url: not an http or https address") from None
        articles = articles.filter(url_key=key)
    if params.get("source"):
        articles = articles.filter(source__slug=params["source"])
    if params.get("changed_since"):
        articles = articles.filter(last_changed_at__gte=_since(params["changed_since"]))
    return articles


@read_only
def article_list(request):
    try:
        articles = _filtered_articles(request.GET)
        page, cursor = paging.recent_page(
            articles, request.GET.get("cursor"), settings.NEWSDIFFS_API_PAGE_SIZE
        )
    except BadParameter as error:
        return _error(400, str(error))
    except paging.BadCursor as error:
        return _error(400, f"cursor: {error}")
    next_url = None
    if cursor:
        query = {k: v for k, v in request.GET.items() if k != "cursor"} | {"cursor": cursor}
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    results = [_article_json(request, article) for article in page]
    return JsonResponse({"results": results, "next": next_url})


@read_only
def article_detail(request, article_id):
    article = visible_article(article_id)
    versions = list(
        article.versions.order_by("number").defer("plain_text", "stored_text", "raw_body")
    )
    numbers = {v.pk: v.number for v in versions}
    data = _article_json(request, article)
    data["versions"] = [_version_json(request, v, numbers) for v in versions]
    return JsonResponse(data)


@read_only
def version_detail(request, version_id):
    version = Version.objects.defer("raw_body").filter(pk=version_id).first()
    if version is None:
        return _error(404, "No such version.")
    article = visible_article(version.article_id)
    data = _version_json(request, version, _reverted_numbers([version]))
    data["article"] = _article_json(request, article)
    data["text"] = version.text
    data["paragraphs"] = version.paragraphs()
    if data["evidence"]:
        try:
            pairs = version.header_pairs()
        except CorruptHeaders as error:
            return _error(500, f"The stored headers do not read back: {error}")
        headers = None if pairs is None else [[name, value] for name, value in pairs]
        data["evidence"]["headers"] = headers
    return JsonResponse(data)


def _reverted_numbers(versions):
    """{id: number} of the versions these revert to, in one query (none if none revert)."""
    ids = {v.reverts_to_id for v in versions if v.reverts_to_id}
    if not ids:
        return {}
    return dict(Version.objects.filter(pk__in=ids).values_list("pk", "number"))


def _segments(segments):
    return [{"op": op, "text": text} for op, text in segments]


@read_only
def article_diff(request, article_id, old, new):
    article = visible_article(article_id)
    if old >= new:
        return _error(400, "The first version number must be lower than the second.")
    pair = article.version_pair(old, new)
    if pair is None:
        return _error(404, "No such version of this article.")
    result = stored.compare_versions(*pair)
    numbers = _reverted_numbers([result.old, result.new])
    rows = [
        {
            "kind": row.kind,
            "old_paragraphs": row.old,
            "new_paragraphs": row.new,
            "moved_to": row.moved_to,
            "moved_from": row.moved_from,
            "edited_move": row.is_edited_move,
            "segments": _segments(row.segments),
        }
        for row in result.rows
    ]
    return JsonResponse(
        {
            "article": _article_json(request, article),
            "old": _version_json(request, result.old, numbers),
            "new": _version_json(request, result.new, numbers),
            "title": _segments(result.title),
            "byline": _segments(result.byline),
            "published_at": {
                "old": _moment(result.old.published_at),
                "new": _moment(result.new.published_at),
            },
            "lead_image": {
                "old": result.old.lead_image_url,
                "new": result.new.lead_image_url,
                "changed": result.lead_image_changed,
            },
            "rows": rows,
            "html_url": request.build_absolute_uri(
                reverse("article-diff", args=[article.pk, old, new])
            ),
        }
    )


@read_only
def change_search(request):
    """Search inside what changed: hits in the text changes removed or added."""
    query = request.GET.get("q", "").strip()
    if not query:
        return _error(400, "q: the words to search for are missing")
    try:
        params = changesearch.parse_params(request.GET)
    except changesearch.BadParameter as error:
        return _error(400, str(error))
    hits, cursor = changesearch.find(query, size=settings.NEWSDIFFS_API_PAGE_SIZE, **params)
    next_url = None
    if cursor:
        query_params = {k: v for k, v in request.GET.items() if k != "cursor"} | {"cursor": cursor}
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query_params)}")
    results = [_hit_json(request, hit) for hit in hits]
    return JsonResponse({"results": results, "next": next_url})


def _hit_json(request, hit):
    version = hit.version
    diff = reverse("article-diff", args=[version.article_id, hit.old_number, version.number])
    return {
        "article": _article_json(request, version.article),
        "old_number": hit.old_number,
        "new_number": version.number,
        "archived_at": _moment(version.archived_at),
        "kind": hit.change.kind,
        "paragraph": hit.change.paragraph,
        "text": hit.change.text,
        "snippet_html": str(hit.snippet),
        "diff_url": request.build_absolute_uri(f"{diff}#{hit.anchor}"),
    }
