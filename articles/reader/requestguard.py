"""Refuse requests whose address holds a NUL character, before any view reads it.

PostgreSQL cannot store or compare a text holding NUL: a query parameter
with one (`?q=%00`) raises DataError wherever it reaches a query. No page,
search or filter has a use for it, so every such request, public or admin,
is answered 400 here and logged, instead of each view guarding its inputs.
"""

import logging

from django.http import HttpResponseBadRequest, JsonResponse

from articles.reader.visibility import is_api_request

logger = logging.getLogger(__name__)

MESSAGE = "The address holds a NUL character (%00), which no page or search can use."


def has_nul(request):
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists())


class NulCharacterGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After URL resolution, so an API address gets its answer as JSON.
        if not has_nul(request):
            return None
        logger.warning("Refused a request with a NUL character: %s", request.path[:200])
        if is_api_request(request):
            return JsonResponse({"error": MESSAGE}, status=400)
        return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
