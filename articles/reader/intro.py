"""The sentences that open an article's history, as News Sniffer wrote them."""

from articles.models import Article
from articles.reader import humanize


def first_seen(article, first_version):
    """When the article was first published or seen, whichever is earlier."""
    published = first_version.published_at if first_version else None
    if published and published < article.first_seen_at:
        return published
    return article.first_seen_at


def schedule_sentence(article, now):
    if article.state == Article.State.GONE:
        if article.removed_at:
            return (
                f"It was removed from the source on {humanize.exact(article.removed_at)} "
                "and will not be checked again for changes."
            )
        return "It will not be checked again for changes."
    if article.state == Article.State.STOPPED:
        last = article.last_changed_at or article.first_seen_at
        return (
            f"It last changed {humanize.over_days_ago(last, now)} "
            "and won't be checked again for changes."
        )
    if article.next_check_at <= now:
        return "The next check for changes is due now."
    return f"The next check for changes will be {humanize.exact(article.next_check_at)}."


def changes_sentence(change_count, version_count=1):
    if version_count == 0:
        return "The article has been found but not archived yet."
    if change_count == 0:
        return "The article has not changed since it was first archived."
    if change_count == 1:
        return "The article has changed once."
    return f"The article has changed {change_count:,} times."
