"""Shared steps of the notification tests: archive a real change of a local story."""

from articles.checking.check import check_article
from articles.fetching import Fetcher

SLUG = "harbour-bridge-closure"


def archive_change(article, newsroom, captured, **changes):
    """Check the article (version 1), edit the story, check again (version 2).

    `captured` is pytest-django's django_capture_on_commit_callbacks: the
    deliveries enqueued after each commit run inline, as they do without Redis.
    """
    with captured(execute=True):
        check_article(article.pk, Fetcher())
    story = newsroom.story(SLUG)
    changes = changes or {"paragraphs": [*story.paragraphs, "A ferry will run every hour."]}
    newsroom.edit(SLUG, **changes)
    with captured(execute=True):
        check_article(article.pk, Fetcher())
    return article.versions.get(number=2)
