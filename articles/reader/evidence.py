"""Downloads of what the newsroom served: a version's body, whole response, WARC record;
and an article's dataset (every version's text) as JSON.

The body is the newsroom's HTML, scripts and all, and it must never run on
the archive's origin, where it could read the reader's session or act as
the archive. Every download is therefore an attachment (the browser saves
it rather than showing it), under `Content-Security-Policy: sandbox;
default-src 'none'` (were it shown anyway, by a browser or a proxy that
ignores Content-Disposition, it would be in an opaque origin with no
script, no form and nothing fetched), with `X-Content-Type-Options:
nosniff` and a content type no browser renders (application/octet-stream).
The original Content-Type is not lost: it is in the response download and
the API, with the other headers as received.
"""

import logging
from io import BytesIO

from django.http import Http404, HttpResponse, JsonResponse

from articles.exports import records, warc
from articles.models import Version
from articles.reader.api import read_only
from articles.reader.visibility import visible_article
from articles.storage.deltas import CorruptStorage
from articles.storage.headers import CorruptHeaders

log = logging.getLogger(__name__)

SANDBOX = "sandbox; default-src 'none'"
DAMAGED = (
    "The stored copy of this page does not read back as it was archived; "
    "the archive's administrators can find it with manage.py verify_archive."
)


def as_attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Security-Policy"] = SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _version_with_response(article_id, number):
    """The version whose page was kept; Http404 if none, TakenDown if taken down."""
    article = visible_article(article_id)
    version = article.versions.filter(number=number).select_related("article").first()
    if version is None:
        raise Http404("No such version of this article.")
    if not version.has_response:
        raise Http404("The page as served was not kept for this version.")
    return version


def _download(article_id, number, suffix, content_type, contents):
    version = _version_with_response(article_id, number)
    try:
        data = contents(version)
    except (CorruptStorage, CorruptHeaders) as error:
        log.error("article=%s version=%s: %s", article_id, number, error)
        return HttpResponse(DAMAGED, status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=content_type)
    return as_attachment(response, f"article-{article_id}-v{number}.{suffix}")


def version_body(request, article_id, number):
    """The body, byte for byte: its SHA-256 is the one the history and the API show."""
    return _download(article_id, number, "html", "application/octet-stream", lambda v: v.raw_html())


def version_response(request, article_id, number):
    """Status line, headers as received and body: one HTTP message (articles.evidence)."""
    return _download(
        article_id, number, "http", "application/octet-stream", lambda v: v.response_message()
    )


def _warc_records(version):
    # Read here, so a damaged page is an error rather than a file holding
    # only the metadata record (the export keeps going without it).
    body, pairs = version.raw_html(), version.header_pairs()
    stream = BytesIO()
    writer = warc.new_writer(stream)
    for record in warc.version_records(writer, version, lambda path: path, body, pairs):
        writer.write_record(record)
    return stream.getvalue()


def version_warc(request, article_id, number):
    """The response and metadata records export_warc writes for this version."""
    return _download(article_id, number, "warc.gz", "application/warc", _warc_records)


@read_only
def article_dataset(request, article_id):
    """The article with every version's text, as a line of export_jsonl has it."""
    article = visible_article(article_id)
    versions = list(article.versions.order_by("number").defer("raw_body"))
    Version.load_texts(versions)
    data = records.article_record(article, versions, request.build_absolute_uri)
    response = JsonResponse(data)
    return as_attachment(response, f"article-{article_id}.json")
