"""Only web pages become versions: a PDF, a picture or an archive served as text/html is refused."""

import gzip
import io
import random
import struct
import tarfile
import zipfile
import zlib

import pytest

from articles.fetching import Fetcher, NotHTML
from articles.fetching.sniffing import MAX_BINARY_SHARE, binary_share, sniff_non_html

STORY = "harbour-bridge-closure"


def small_pdf():
    """A real one-page PDF saying one line, with a correct cross-reference table."""
    stream = b"BT /F1 24 Tf 72 720 Td (Harbour bridge report) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def small_png():
    """A real 16x16 PNG: signature, IHDR, IDAT and IEND chunks with their CRCs."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + bytes([x * 16, 128, 255 - x * 16]) * 16 for x in range(16))
    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def article_page(words="The harbour bridge will close for six weeks of repairs."):
    paragraphs = "".join(f"<p>{words} Paragraph {n} of the story.</p>" for n in range(6))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Harbour bridge</title>"
        f"</head><body><article><h1>Harbour bridge</h1>{paragraphs}</article></body></html>"
    ).encode()


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def tar():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        data = article_page()
        info = tarfile.TarInfo("story.html")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


BINARIES = {
    "pdf": (small_pdf, "a PDF document"),
    "png": (small_png, "a PNG image"),
    "gzip": (lambda: gzip.compress(article_page()), "a gzip archive"),
    "docx": (docx, "a Word document (zip)"),
    "tar": (tar, "a tar archive"),
    "random": (lambda: random.Random(11).randbytes(20_000), "binary data"),
}


@pytest.mark.parametrize("name", BINARIES)
def test_binary_formats_are_named_by_their_bytes(name):
    make, kind = BINARIES[name]

    assert sniff_non_html(make()).startswith(kind)


@pytest.mark.parametrize(
    "page",
    [
        article_page(),
        "<p>Le café de la gare « rouvre »</p>".encode("cp1252"),
        "<p>Новый мост через Казанку открыт</p>".encode("koi8-r"),
        "<p>大阪の商店街、百年の歴史に幕</p>".encode("shift_jis"),
        b"\x1b$B" + b"<p>ISO-2022 text uses escape</p>",
        b"",
    ],
)
def test_pages_in_any_text_encoding_are_not_binary(page):
    assert sniff_non_html(page) is None


def test_utf_16_pages_are_text_despite_their_nul_bytes():
    page = "<p>Zürich: Straßenbahn fährt wieder</p>"

    assert sniff_non_html(page.encode("utf-16")) is None
    assert sniff_non_html(page.encode("utf-16-le"), "utf-16le") is None
    assert sniff_non_html(page.encode("utf-16-le")) is not None


def test_a_nul_at_the_start_is_binary_but_a_few_stray_controls_later_are_not():
    page = article_page() * 40

    assert sniff_non_html(b"<html>\x00" + page) == "binary data (NUL bytes at its start)"
    assert sniff_non_html(page + b"\x00\x01\x02" + page) is None


def test_the_binary_share_counts_control_bytes_and_characters():
    assert binary_share(b"ab\x00\x01") == 0.5
    assert binary_share("ab\x00\x01") == 0.5
    assert binary_share(b"a\tb\r\n\x0c\x1b") == 0
    assert binary_share(b"") == 0
    assert binary_share(b"\x02" + b"a" * 99) == MAX_BINARY_SHARE


def test_a_pdf_served_as_html_is_refused_by_the_fetcher(newsroom):
    newsroom.answer("/news/report", body=small_pdf(), headers={"Content-Type": "text/html"})

    with pytest.raises(NotHTML) as caught:
        Fetcher().fetch(newsroom.url("/news/report"))

    assert "served as text/html but is a PDF document" in str(caught.value)
    assert caught.value.status == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["pdf", "png", "gzip"])
def test_binary_served_as_html_is_logged_and_the_last_good_version_stays(name, track, newsroom):
    from articles.checking.check import check_article
    from articles.models import Check

    article = track(STORY)
    path = newsroom.story(STORY).path
    assert check_article(article.pk, Fetcher()).outcome == Check.Outcome.NEW_VERSION
    make, kind = BINARIES[name]
    newsroom.answer(path, body=make(), headers={"Content-Type": "text/html; charset=utf-8"})

    check = check_article(article.pk, Fetcher())

    assert check.outcome == Check.Outcome.NOT_HTML
    assert check.get_outcome_display() == "Not a web page"
    assert f"served as text/html but is {kind}" in check.message
    assert check.http_status == 200
    article.refresh_from_db()
    assert article.version_count == 1
    assert article.versions.get().number == 1


@pytest.mark.django_db
def test_the_real_page_after_a_pdf_is_a_version_not_suspicious(track, newsroom):
    from articles.checking.check import check_article
    from articles.models import Check

    article = track(STORY)
    path = newsroom.story(STORY).path
    check_article(article.pk, Fetcher())
    newsroom.answer(path, body=small_pdf(), headers={"Content-Type": "text/html"}, times=1)
    check_article(article.pk, Fetcher())
    newsroom.edit(STORY, title="Harbour bridge to close for eight weeks")

    check = check_article(article.pk, Fetcher())

    assert check.outcome == Check.Outcome.NEW_VERSION, check.message
    assert check.version.number == 2
    assert check.version.title == "Harbour bridge to close for eight weeks"


@pytest.mark.django_db
def test_the_admin_check_log_lists_pages_that_are_not_web_pages(admin_client, track, newsroom):
    from articles.checking.check import check_article

    article = track(STORY)
    newsroom.answer(
        newsroom.story(STORY).path, body=small_png(), headers={"Content-Type": "text/html"}
    )
    check_article(article.pk, Fetcher())

    page = admin_client.get("/admin/articles/check/", {"outcome__exact": "not_html"})

    assert [check.article_id for check in page.context["cl"].result_list] == [article.pk]
    assert "Not a web page" in page.content.decode()
    assert "served as text/html but is a PNG image, not a web page" in page.content.decode()
