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


def _response(writer, target, date, status, body, pairs):
    http_headers = StatusAndHeaders(
        evidence.status_text(status),
        evidence.headers(status, pairs, len(body)),
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


def version_records(writer, version, absolute, body, pairs):
    """[response, metadata] of one version, from its body and header pairs as read
    (either may be the CorruptStorage or CorruptHeaders reading raised). Only
    the metadata when no page was kept, or when it does not read back: then
    its metadata says why (response_error)."""
    date = warc_date(version.archived_at)
    target = version.fetched_url or version.article.url
    metadata = records.metadata_record(version, absolute)
    found, warc_headers = [], {"WARC-Date": date}
    damage = [e for e in (body, pairs) if isinstance(e, CorruptStorage | CorruptHeaders)]
    if version.has_response and damage:
        metadata["response_error"] = str(damage[0])
    elif version.has_response:
        found.append(_response(writer, target, date, version.http_status, body, pairs))
        warc_headers["WARC-Concurrent-To"] = found[0].rec_headers.get_header("WARC-Record-ID")
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


def write_article(writer, batches, responses, absolute):
    """Write the records of one article's selected versions (`batches`, oldest first),
    their pages taken from `responses` (articles.storage.archive.responses).
    Returns (versions written, how many of their pages did not read back)."""
    written = damaged = 0
    for batch in batches:
        for version in batch:
            body, pairs = _page_of(version, responses)
            found = version_records(writer, version, absolute, body, pairs)
            for record in found:
                writer.write_record(record)
            written += 1
            damaged += version.has_response and len(found) == 1
    return written, damaged


def _page_of(version, responses):
    """(body, pairs) of `version` from `responses`, skipping the versions not selected."""
    for number, body, pairs in responses:
        if number == version.number:
            return body, pairs
    # Archived after the export read this article's chains: read it on its own.
    return _read(version.raw_html, CorruptStorage), _read(version.header_pairs, CorruptHeaders)


def _read(method, damage):
    try:
        return method()
    except damage as error:
        return error


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
