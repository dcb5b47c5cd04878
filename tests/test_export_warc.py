"""manage.py export_warc: WARC 1.1 that warcio reads back whole, resumable, with clear errors."""

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from warcio.archiveiterator import ArchiveIterator

from articles.checking.check import check_article
from articles.exports import warc
from articles.exports.warc import warc_date
from articles.fetching import Fetcher
from articles.models import Version
from articles.storage import archive as storage_archive
from tests.reader_data import harbour_story, make_source

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUGS = ["harbour-bridge-closure", "library-opening-hours", "river-flood-warning"]


@pytest.fixture
def archive(track, newsroom):
    """Three stories of the local site, each checked, edited and checked again."""
    articles = [track(slug) for slug in SLUGS]
    for article in articles:
        check_article(article.pk, Fetcher(), now=NOW)
    for n, slug in enumerate(SLUGS):
        newsroom.edit(slug, title=f"Updated: story {n}")
    for article in articles:
        check_article(article.pk, Fetcher(), now=NOW + timedelta(days=1))
    assert Version.objects.count() == 6
    return articles


def export(*args):
    out = StringIO()
    call_command("export_warc", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def read_warc(path):
    """[(type, WARC headers, HTTP status line or None, payload)] of every record,
    each record's digests checked by warcio as it reads."""
    found = []
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            status = record.http_headers.statusline if record.http_headers else None
            found.append(
                (record.rec_type, record.rec_headers, status, record.content_stream().read())
            )
    return found


def sha256_digest(data):
    return "sha256:" + base64.b32encode(hashlib.sha256(data).digest()).decode()


def test_every_version_is_a_response_and_a_metadata_record_warcio_reads(archive, tmp_path):
    out = tmp_path / "archive.warc.gz"
    assert "6 versions written" in export(out)
    records = read_warc(out)
    assert records[0][0] == "warcinfo"
    assert records[0][1].protocol == "WARC/1.1"
    pairs = list(zip(records[1::2], records[2::2], strict=True))
    assert len(pairs) == 6
    versions = Version.objects.order_by("article_id", "number").select_related("article")
    for version, (response, metadata) in zip(versions, pairs, strict=True):
        kind, headers, status, body = response
        assert kind == "response"
        assert status == "200 OK"
        assert body == version.raw_html()
        assert headers.get_header("WARC-Payload-Digest") == sha256_digest(body)
        assert hashlib.sha256(body).hexdigest() == version.raw_body_hash
        assert headers.get_header("WARC-Target-URI") == version.fetched_url
        assert headers.get_header("WARC-Date") == warc_date(version.archived_at)
        kind, meta_headers, _, data = metadata
        assert kind == "metadata"
        assert meta_headers.get_header("Content-Type") == "application/json"
        assert meta_headers.get_header("WARC-Concurrent-To") == headers.get_header("WARC-Record-ID")
        assert meta_headers.get_header("WARC-Target-URI") == version.fetched_url
        extracted = json.loads(data)
        assert extracted["number"] == version.number
        assert extracted["title"] == version.title
        assert extracted["byline"] == version.byline
        assert extracted["text"] == version.text
        assert (extracted["chars_added"], extracted["chars_removed"]) == (
            version.chars_added,
            version.chars_removed,
        )
        assert extracted["links"]["history"] == version.get_absolute_url()
        assert ("diff_with_previous" in extracted["links"]) == (version.number > 1)


def test_the_original_headers_are_in_the_response_record(archive, tmp_path):
    out = tmp_path / "archive.warc"
    export(out, "--article", archive[0].pk)
    with open(out, "rb") as stream:
        response = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        stored = dict(archive[0].versions.get(number=1).header_pairs())
        assert response.http_headers.get_header("Content-Type") == stored["Content-Type"]
        assert response.http_headers.get_header("Date") == stored["Date"]


def test_links_are_absolute_under_the_base_url(archive, tmp_path):
    out = tmp_path / "archive.warc.gz"
    export(out, "--article", archive[0].pk, "--base-url", "https://newsdiffs.example/")
    metadata = [json.loads(p) for kind, _, _, p in read_warc(out) if kind == "metadata"]
    assert metadata[0]["links"]["api"].startswith("https://newsdiffs.example/api/versions/")


def test_filters_choose_articles_sources_and_versions(archive, tmp_path):
    def numbers(*args):
        out = tmp_path / f"{len(list(tmp_path.iterdir()))}.warc.gz"
        export(out, *args)
        found = [json.loads(p) for kind, _, _, p in read_warc(out) if kind == "metadata"]
        return [(m["article"]["id"], m["number"]) for m in found]

    first, second, third = (a.pk for a in archive)
    assert numbers("--article", third, "--article", first) == [
        (first, 1),
        (first, 2),
        (third, 1),
        (third, 2),
    ]
    assert len(numbers("--source", "courier")) == 6
    assert numbers("--since", "2026-03-02") == [(first, 2), (second, 2), (third, 2)]
    assert numbers("--since", "2026-03-02T12:00:01Z") == []


def test_taken_down_articles_and_pages_never_kept_are_handled(archive, tmp_path):
    archive[1].is_hidden = True
    archive[1].save()
    by_hand = harbour_story(make_source("gazette"))  # four versions, no page kept
    out = tmp_path / "archive.warc.gz"
    export(out)
    records = read_warc(out)[1:]
    ids = {json.loads(p)["article"]["id"] for kind, _, _, p in records if kind == "metadata"}
    assert archive[1].pk not in ids
    own = [r for r in records if r[1].get_header("WARC-Target-URI") == by_hand.url]
    assert [kind for kind, *_ in own] == ["metadata"] * 4
    assert json.loads(own[0][3])["body_sha256"] is None
    assert "response_error" not in json.loads(own[0][3])
    with pytest.raises(CommandError, match="taken down"):
        export(tmp_path / "other.warc.gz", "--article", archive[1].pk)


def test_a_damaged_page_leaves_a_metadata_record_saying_why(archive, tmp_path):
    version = archive[0].versions.get(number=1)
    data = bytearray(version.raw_body)
    data[len(data) // 2] ^= 0x40
    Version.objects.filter(pk=version.pk).update(raw_body=bytes(data))
    out = tmp_path / "archive.warc.gz"
    err = StringIO()
    call_command("export_warc", str(out), stdout=StringIO(), stderr=err)
    assert "do not read back" in err.getvalue()
    metadata = [json.loads(p) for kind, _, _, p in read_warc(out) if kind == "metadata"]
    assert "corrupt" in metadata[0]["response_error"]
    # Versions stored as deltas on it are damaged too; the other articles are whole.
    assert sum(1 for kind, *_ in read_warc(out) if kind == "response") == 4


def test_an_export_stopped_midway_resumes_without_duplicates(archive, tmp_path):
    out = tmp_path / "archive.warc.gz"
    assert "2 articles left" in export(out, "--limit", 1)
    checkpoint = json.loads((tmp_path / "archive.warc.gz.checkpoint").read_text())
    assert checkpoint["last_article_id"] == archive[0].pk
    with open(out, "ab") as stream:
        stream.write(b"\x1f\x8b half of an article written when it was killed")
    with pytest.raises(CommandError, match="--resume"):
        export(out)
    with pytest.raises(CommandError, match="other filters"):
        export(out, "--resume", "--source", "courier")
    assert "6 versions written" in export(out, "--resume")
    records = read_warc(out)
    assert [kind for kind, *_ in records].count("warcinfo") == 1
    responses = [h.get_header("WARC-Target-URI") for kind, h, _, _ in records if kind == "response"]
    assert len(responses) == 6
    assert sorted(set(responses)) == sorted(a.url for a in archive)
    assert not (tmp_path / "archive.warc.gz.checkpoint").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "nowhere"], "no such source"),
        (["--since", "last week"], "--since 'last week': not a date"),
        (["--since", "2026-02-30"], "not a date"),
        (["--article", "999999"], "--article 999999: no such article"),
        (["--limit", "0"], "at least 1"),
    ],
)
def test_bad_arguments_are_clear_errors(archive, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        export(tmp_path / "out.warc.gz", *args)
    assert not (tmp_path / "out.warc.gz").exists()


def test_an_unwritable_path_is_a_clear_error(archive, tmp_path):
    with pytest.raises(CommandError, match=r"cannot write .*missing"):
        export(tmp_path / "missing" / "out.warc.gz")


def test_damaged_headers_leave_a_metadata_record_saying_why(archive, tmp_path):
    version = archive[2].versions.get(number=2)
    Version.objects.filter(pk=version.pk).update(response_headers=b"not zstd at all")
    out = tmp_path / "archive.warc.gz"
    export(out, "--article", archive[2].pk)
    metadata = [json.loads(p) for kind, _, _, p in read_warc(out) if kind == "metadata"]
    assert "response_error" not in metadata[0]
    assert "headers" in metadata[1]["response_error"]
    assert [kind for kind, *_ in read_warc(out)[1:]] == ["response", "metadata", "metadata"]


def test_a_version_archived_while_its_article_is_exported_is_written_whole(
    archive, newsroom, tmp_path
):
    article = archive[0]
    # The article's chains as the export read them, before the new version.
    responses = iter(list(storage_archive.responses(article.pk)))
    texts = iter(list(storage_archive.texts(article.pk)))
    newsroom.edit(SLUGS[0], title="Updated again")
    check_article(article.pk, Fetcher(), now=NOW + timedelta(days=2))
    batch = list(article.versions.select_related("article").order_by("number"))
    Version.attach_texts(batch, texts)
    out = tmp_path / "archive.warc.gz"
    with open(out, "wb") as stream:
        written = warc.write_article(warc.new_writer(stream), [batch], responses, str)
    assert written == (3, 0)
    records = read_warc(out)
    assert [kind for kind, *_ in records] == ["response", "metadata"] * 3
    assert records[4][3] == batch[2].raw_html()
    assert json.loads(records[5][3])["title"] == "Updated again"
    assert json.loads(records[5][3])["text"] == batch[2].text


def test_resuming_without_the_file_it_was_writing_is_a_clear_error(archive, tmp_path):
    out = tmp_path / "archive.warc.gz"
    export(out, "--limit", 1)
    out.unlink()
    with pytest.raises(CommandError, match=r"remove it and archive\.warc\.gz\.checkpoint"):
        export(out, "--resume")
