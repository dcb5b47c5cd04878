"""Each version's response as the newsroom served it: downloads, SHA-256, never rendered here."""

import gzip
import hashlib
import io
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
import requests
from warcio.archiveiterator import ArchiveIterator

from articles import evidence
from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Article, Version

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUG = "harbour-bridge-closure"
DOWNLOADS = ("body.html", "response.http", "response.warc.gz")


# The message, pure.


def test_a_message_keeps_the_headers_as_received_and_renames_those_of_the_transfer():
    pairs = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Encoding", "gzip"),
        ("Set-Cookie", "a=1"),
        ("Set-Cookie", "b=2"),
        ("transfer-encoding", "chunked"),
        ("Content-Length", "31"),
    ]
    message = evidence.http_message(200, pairs, b"<p>caf\xc3\xa9</p>")
    head, body = message.split(b"\r\n\r\n", 1)
    assert body == b"<p>caf\xc3\xa9</p>"
    assert head.decode("latin-1").split("\r\n") == [
        "HTTP/1.1 200 OK",
        "Content-Type: text/html; charset=utf-8",
        "X-Archive-Orig-Content-Encoding: gzip",
        "Set-Cookie: a=1",
        "Set-Cookie: b=2",
        "X-Archive-Orig-transfer-encoding: chunked",
        "X-Archive-Orig-Content-Length: 31",
        "Content-Length: 12",
    ]


def test_headers_not_recorded_are_said_to_be_so_rather_than_invented():
    message = evidence.http_message(None, None, b"<p>x</p>")
    assert message.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"X-Newsdiffs-Headers: not recorded" in message
    assert b"X-Newsdiffs-Status: not recorded" in message
    assert evidence.status_text(203) == "203 Non-Authoritative Information"
    assert evidence.status_text(299) == "299"


def test_a_hostile_header_cannot_add_lines_to_the_message():
    message = evidence.http_message(200, [("X-Evil", "a\r\nSet-Cookie: x=1\r\n\r\n<script>")], b"")
    head = message.split(b"\r\n\r\n", 1)[0]
    assert head.split(b"\r\n")[1] == b"X-Evil: a  Set-Cookie: x=1    <script>"


# Downloads of real archived versions.


@pytest.fixture
def archived(track, newsroom):
    """The harbour story checked, edited, checked again: two versions."""
    article = track(SLUG)
    check_article(article.pk, Fetcher(), now=NOW)
    newsroom.edit(SLUG, title="Harbour bridge to close for six weeks")
    check_article(article.pk, Fetcher(), now=NOW + timedelta(minutes=15))
    assert article.versions.count() == 2
    return article


def url_of(article, number, name):
    return f"/articles/{article.pk}/versions/{number}/{name}"


def assert_never_rendered(response):
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"]


def test_the_body_download_is_the_page_served_byte_for_byte_with_its_sha256(
    client, archived, newsroom
):
    version = archived.versions.get(number=2)
    response = client.get(url_of(archived, 2, "body.html"))
    assert response.status_code == 200
    assert_never_rendered(response)
    assert response["Content-Type"] == "application/octet-stream"
    assert response.content == requests.get(newsroom.article_url(SLUG), timeout=5).content
    digest = hashlib.sha256(response.content).hexdigest()
    assert digest == version.raw_body_hash
    # The history shows it, and the API gives it with the links.
    assert digest in client.get(f"/articles/{archived.pk}/").content.decode()
    data = client.get(f"/api/versions/{version.pk}/").json()["evidence"]
    assert data["body_sha256"] == digest
    assert data["http_status"] == 200
    assert data["fetched_url"] == newsroom.article_url(SLUG)
    assert data["archived_at"] == "2026-03-01T12:15:00+00:00"
    assert client.get(data["body_url"]).content == response.content
    assert ["Content-Type", "text/html; charset=utf-8"] in data["headers"]


def test_every_download_is_an_attachment_under_a_sandbox(client, archived):
    for name in DOWNLOADS:
        response = client.get(url_of(archived, 1, name))
        assert response.status_code == 200, name
        assert_never_rendered(response)
    dataset = client.get(f"/api/articles/{archived.pk}/dataset.json")
    assert_never_rendered(dataset)


def test_the_history_row_links_each_download(client, archived):
    page = client.get(f"/articles/{archived.pk}/").content.decode()
    for number in (1, 2):
        for name in DOWNLOADS:
            assert f'href="{url_of(archived, number, name)}" download' in page


def test_a_gzipped_answer_is_kept_decoded_and_its_message_says_so(client, courier, newsroom):
    page = requests.get(newsroom.article_url(SLUG), timeout=5).content
    compressed = gzip.compress(page)
    newsroom.answer(
        "/news/gzipped-story",
        body=compressed,
        headers={"Content-Encoding": "gzip", "Set-Cookie": "session=abc; HttpOnly"},
    )
    article = Article.objects.create(source=courier, url=newsroom.url("/news/gzipped-story"))
    assert check_article(article.pk, Fetcher(), now=NOW).outcome == "new_version"
    message = client.get(url_of(article, 1, "response.http")).content
    head, body = message.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "X-Archive-Orig-Content-Encoding: gzip" in lines
    assert f"X-Archive-Orig-Content-Length: {len(compressed)}" in lines
    assert "Set-Cookie: session=abc; HttpOnly" in lines
    assert f"Content-Length: {len(page)}" in lines
    assert body == page


def test_a_version_archived_before_headers_were_kept_says_not_recorded(client, archived):
    Version.objects.filter(article=archived).update(
        response_headers=b"", headers_codec="", headers_base_number=None
    )
    version = archived.versions.get(number=1)
    message = client.get(url_of(archived, 1, "response.http")).content
    assert b"X-Newsdiffs-Headers: not recorded" in message
    assert message.endswith(version.raw_html())
    data = client.get(f"/api/versions/{version.pk}/").json()["evidence"]
    assert data["headers"] is None
    assert data["headers_recorded"] is False
    assert "headers not recorded" in client.get(f"/articles/{archived.pk}/").content.decode()


def test_the_warc_download_holds_the_response_and_its_metadata(client, archived):
    version = archived.versions.get(number=2)
    data = client.get(url_of(archived, 2, "response.warc.gz")).content
    found = [
        (record.rec_type, record.content_stream().read())
        for record in ArchiveIterator(io.BytesIO(data), check_digests=True)
    ]
    assert [kind for kind, _ in found] == ["response", "metadata"]
    assert found[0][1] == version.raw_html()
    assert json.loads(found[1][1])["number"] == 2


def test_a_taken_down_article_answers_410_for_every_download(client, archived):
    archived.is_hidden = True
    archived.save()
    for name in DOWNLOADS:
        response = client.get(url_of(archived, 1, name))
        assert response.status_code == 410, name
        assert b"removed" in response.content
    assert client.get(f"/api/articles/{archived.pk}/dataset.json").status_code == 410


def test_no_such_version_is_404(client, archived):
    assert client.get(url_of(archived, 3, "body.html")).status_code == 404
    assert client.get(f"/articles/{archived.pk + 1}/versions/1/body.html").status_code == 404


def test_a_version_that_kept_no_page_says_not_recorded(client, harbour):
    # Versions made by hand (tests/reader_data.py) kept no page.
    assert client.get(url_of(harbour, 1, "body.html")).status_code == 404
    version = harbour.versions.get(number=1)
    assert client.get(f"/api/versions/{version.pk}/").json()["evidence"] is None
    assert "not recorded" in client.get(f"/articles/{harbour.pk}/").content.decode()


def test_a_damaged_stored_page_is_an_error_that_says_so_and_is_logged(client, archived, caplog):
    version = archived.versions.get(number=1)
    data = bytearray(version.raw_body)
    data[len(data) // 2] ^= 0x40
    Version.objects.filter(pk=version.pk).update(raw_body=bytes(data))
    with caplog.at_level(logging.ERROR, logger="articles.reader.evidence"):
        for name in DOWNLOADS:
            response = client.get(url_of(archived, 1, name))
            assert response.status_code == 500, name
            assert b"does not read back" in response.content
    ours = [r for r in caplog.records if r.name == "articles.reader.evidence"]
    assert len(ours) == len(DOWNLOADS)
    assert "is corrupt" in ours[0].getMessage()


def test_the_dataset_download_has_every_version_with_its_text(client, archived):
    data = client.get(f"/api/articles/{archived.pk}/dataset.json").json()
    assert data["id"] == archived.pk
    assert [v["number"] for v in data["versions"]] == [1, 2]
    versions = list(archived.versions.order_by("number"))
    assert [v["text"] for v in data["versions"]] == [v.text for v in versions]
    assert [v["body_sha256"] for v in data["versions"]] == [v.raw_body_hash for v in versions]
    assert data["versions"][1]["title"] == "Harbour bridge to close for six weeks"
    assert data["change_count"] == 1
    api = client.get(f"/api/articles/{archived.pk}/").json()
    assert api["dataset_url"].endswith(f"/api/articles/{archived.pk}/dataset.json")
