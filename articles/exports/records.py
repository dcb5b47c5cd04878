"""The JSON an export writes for an article and its versions (schema: README, "Exports").

One shape for the JSONL dataset, the API's per-article download and the
metadata records of a WARC. `absolute(path)` makes the archive's own links
absolute: the request's host in a view, --base-url in a command (or the
bare path when none is given).
"""

import json

from django.urls import reverse

from articles.storage.deltas import CorruptStorage


def _moment(value):
    return value.isoformat() if value else None


def _bare(path):
    return path


def version_record(version):
    """A version with its text; `text_error` (and text null) only if the text is corrupt."""
    record = {
        "number": version.number,
        "archived_at": _moment(version.archived_at),
        "title": version.title,
        "byline": version.byline,
        "published_at": _moment(version.published_at),
        "lead_image_url": version.lead_image_url,
        "text": None,
        "chars_added": version.chars_added,
        "chars_removed": version.chars_removed,
        "is_boring": version.is_boring,
        "http_status": version.http_status,
        "fetched_url": version.fetched_url or None,
        "body_sha256": version.raw_body_hash or None,
    }
    try:
        record["text"] = version.text
    except CorruptStorage as error:
        record["text_error"] = str(error)
    return record


def version_links(version, absolute=_bare):
    links = {
        "history": absolute(version.get_absolute_url()),
        "api": absolute(reverse("api-version", args=[version.pk])),
    }
    if version.number > 1:
        pair = [version.article_id, version.number - 1, version.number]
        links["diff_with_previous"] = absolute(reverse("article-diff", args=pair))
    if version.has_response:
        args = [version.article_id, version.number]
        links["response"] = absolute(reverse("version-response", args=args))
    return links


def article_fields(article, absolute=_bare):
    """The article without its versions."""
    return {
        "id": article.pk,
        "url": article.url,
        "title": article.title,
        "source": {"slug": article.source.slug, "name": article.source.name},
        "state": article.state,
        "first_seen_at": _moment(article.first_seen_at),
        "last_changed_at": _moment(article.last_changed_at),
        "version_count": article.version_count,
        "change_count": article.change_count,
        "history_url": absolute(article.get_absolute_url()),
        "api_url": absolute(reverse("api-article", args=[article.pk])),
    }


def article_record(article, versions, absolute=_bare):
    return article_fields(article, absolute) | {"versions": [version_record(v) for v in versions]}


def write_article(out, article, batches, absolute=_bare):
    """Write one JSON line: the article, then its versions as each batch is read.

    The line is written in pieces, so an article of thousands of versions
    never sits whole in memory. Returns (versions written, how many of their
    texts did not read back).
    """
    head = json.dumps(article_fields(article, absolute))
    out.write(head[:-1] + ', "versions": [')
    count = damaged = 0
    for batch in batches:
        for version in batch:
            record = version_record(version)
            out.write((", " if count else "") + json.dumps(record))
            count += 1
            damaged += "text_error" in record
    out.write("]}\n")
    return count, damaged


def metadata_record(version, absolute=_bare):
    """What a WARC's metadata record says of a version: what was extracted, and links."""
    return {
        "article": {"id": version.article_id, "url": version.article.url},
        **version_record(version),
        "headers_recorded": bool(version.headers_codec),
        "links": version_links(version, absolute),
    }
