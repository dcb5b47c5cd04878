"""The JSON a webhook receives (and the values a message template uses).

Built when the delivery is sent, not when the version is stored: the work
under the article's lock stays one INSERT. Links are absolute, from
NEWSDIFFS_PUBLIC_URL, since no request is there to say where the site lives.
"""

from django.conf import settings
from django.urls import reverse

from articles.models import Version

HEAVY_FIELDS = ("plain_text", "stored_text", "raw_body")


def absolute(path):
    return settings.NEWSDIFFS_PUBLIC_URL.rstrip("/") + path


def _version(version):
    return {
        "id": version.pk,
        "number": version.number,
        "archived_at": version.archived_at.isoformat(),
        "title": version.title,
        "url": absolute(version.get_absolute_url()),
        "api_url": absolute(reverse("api-version", args=[version.pk])),
        "wayback_url": version.wayback_url or None,
    }


def build(version_id, delivery_id=""):
    version = (
        Version.objects.select_related("article__source").defer(*HEAVY_FIELDS).get(pk=version_id)
    )
    article = version.article
    previous = (
        article.versions.filter(number__lt=version.number)
        .defer(*HEAVY_FIELDS)
        .order_by("-number")
        .first()
    )
    data = {
        "event": "version.new",
        "delivery": str(delivery_id),
        "article": {
            "id": article.pk,
            "url": article.url,
            "title": article.title,
            "source": {"slug": article.source.slug, "name": article.source.name},
            "html_url": absolute(article.get_absolute_url()),
            "api_url": absolute(reverse("api-article", args=[article.pk])),
        },
        "old": _version(previous) if previous else None,
        "new": _version(version),
        "is_boring": version.is_boring,
        "chars_added": version.chars_added,
        "chars_removed": version.chars_removed,
        "headline": {
            "before": previous.title if previous else "",
            "after": version.title,
            "changed": previous is not None and previous.title != version.title,
        },
        "comparison_url": None,
        "diff_api_url": None,
    }
    if previous is not None:
        pair = [article.pk, previous.number, version.number]
        data["comparison_url"] = absolute(reverse("article-diff", args=pair))
        data["diff_api_url"] = absolute(reverse("api-diff", args=pair))
    return data
