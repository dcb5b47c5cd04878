"""Versions as WARC 1.1 records, with warcio: a response and a metadata record each.

The response record is the page as the newsroom served it (status line and
headers rebuilt as articles.evidence says, the body byte for byte), dated
when it was archived; the metadata record beside it (WARC-Concurrent-To)
holds what the archive read from it, as JSON (articles.exports.records).

A large export is resumable: every article's records are whole gzip
members, and after each article a checkpoint file beside the output says
how far it got and how long the file was then. A resumed export cuts the
file back to that length (dropping an article half written when it was
stopped) and appends from the next article on.
"""

import json
import os
from datetime import UTC
from io import BytesIO
from pathlib import Path

from django.utils import timezone
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from articles import evidence
from articles.exports import records
from articles.storage.deltas import CorruptStorage
from articles.storage.headers import CorruptHeaders


class SHA256WARCWriter(WARCWriter):
    """warcio's writer with SHA-256 digests instead of its default SHA-1, so a
    response's WARC-Payload-Digest is the body's SHA-256 the archive shows."""

    @staticmethod
    def _create_digester():
        return Digester("sha256")


def new_writer(stream, gzip=True):
    return SHA256WARCWriter(stream, gzip=gzip, warc_version="1.1")


def warc_date(moment):
    """WARC 1.1's date: UTC, to the microsecond."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _response(writer, version, target, date):
    body = version.raw_html()
    status = version.http_status
    http_headers = StatusAndHeaders(
        evidence.status_text(status),
        evidence.headers(status, version.header_pairs(), len(body)),
        protocol=evidence.PROTOCOL,
    )
    return writer.create_warc_record(
        target,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date},
    )


def version_records(writer, version, absolute):
    """[response, metadata] of one version; only the metadata when no page was kept,
    or when the stored page does not read back (its metadata says why)."""
    date = warc_date(version.archived_at)
    target = version.fetched_url or version.article.url
    metadata = records.metadata_record(version, absolute)
    found, warc_headers = [], {"WARC-Date": date}
    if version.has_response:
        try:
            found.append(_response(writer, version, target, date))
            warc_headers["WARC-Concurrent-To"] = found[0].rec_headers.get_header("WARC-Record-ID")
        except (CorruptStorage, CorruptHeaders) as error:
            metadata["response_error"] = str(error)
    data = json.dumps(metadata).encode()
    found.append(
        writer.create_warc_record(
            target,
            "metadata",
            payload=BytesIO(data),
            length=len(data),
            warc_content_type="application/json",
            warc_headers_dict=warc_headers,
        )
    )
    return found


def warcinfo(writer, filename, selection):
    info = {
        "software": "newsdiffs export_warc",
        "format": "WARC File Format 1.1",
        "description": "Versions of news articles as archived, each response with a "
        "metadata record (application/json) of what was read from it",
        "selection": json.dumps(selection.as_options()),
        "created": warc_date(timezone.now()),
    }
    return writer.create_warcinfo_record(filename, info)


class Checkpoint:
    """OUT.checkpoint: the selection, the last article written whole, the file's length then."""

    def __init__(self, out):
        self.path = Path(f"{out}.checkpoint")

    def read(self):
        try:
            return json.loads(self.path.read_text())
        except FileNotFoundError:
            return None

    def save(self, selection, last_article_id, size, versions):
        state = {
            "selection": selection.as_options(),
            "last_article_id": last_article_id,
            "size": size,
            "versions": versions,
        }
        partial = self.path.with_name(self.path.name + ".new")
        partial.write_text(json.dumps(state))
        os.replace(partial, self.path)  # never a half-written checkpoint

    def remove(self):
        self.path.unlink(missing_ok=True)
