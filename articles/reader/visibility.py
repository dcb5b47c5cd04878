"""The one path from "which article?" to a page, a 404 or a 410.

Every page, feed and API answer about one article looks it up with
`visible_article`; a taken-down article raises TakenDown, and
`TakenDownMiddleware` answers it with 410 Gone: the HTML page, or JSON
under the API.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render

from articles.models import Article, TakenDown

GONE_MESSAGE = "This article has been removed from the archive."


def visible_article(article_id, queryset=None):
    """The article the public may see; Http404 if there is none, TakenDown if taken down."""
    queryset = Article.objects.select_related("source") if queryset is None else queryset
    try:
        return queryset.get_visible(article_id)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None


def is_api_request(request):
    match = getattr(request, "resolver_match", None)
    return bool(match and (match.url_name or "").startswith("api-"))


def gone_response(request):
    if is_api_request(request):
        return JsonResponse({"error": GONE_MESSAGE}, status=410)
    return render(request, "articles/gone.html", status=410)


class TakenDownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TakenDown):
            return gone_response(request)
        return None
