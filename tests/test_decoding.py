"""Reading Content-Type headers and decoding fetched pages: one decoder, browser order."""

import codecs
import html

import pytest

from articles.extraction.decoding import (
    declared_encoding,
    decode_html,
    known_encoding,
    page_encoding,
)
from articles.fetching.fetcher import parse_content_type
from tests.encoding_corpus import CORPUS

CORPUS_BY_ENCODING = {specimen.encoding: specimen for specimen in CORPUS}


@pytest.mark.parametrize(
    ("header", "parsed"),
    [
        ("text/html; charset=utf-8", ("text/html", "utf-8")),
        ('Text/HTML; Charset="ISO-8859-1"', ("text/html", "ISO-8859-1")),
        ("application/rss+xml", ("application/rss+xml", None)),
        ("text/html; charset=", ("text/html", None)),
        ("", ("", None)),
        (None, ("", None)),
    ],
)
def test_parses_content_type(header, parsed):
    assert parse_content_type(header) == parsed


def test_the_header_charset_comes_first():
    body = '<meta charset="utf-8"><p>Café</p>'.encode("latin-1")

    assert "Café" in decode_html(body, "iso-8859-1")


def test_the_meta_charset_is_used_when_the_header_has_none():
    body = '<html><head><meta charset="windows-1252"></head><p>“Quoted”</p>'.encode("cp1252")

    assert "“Quoted”" in decode_html(body, None)


def test_the_http_equiv_meta_and_xml_declaration_are_read():
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
    xml = b'<?xml version="1.0" encoding="ISO-8859-15"?><rss/>'

    assert declared_encoding(http_equiv) == "koi8-r"
    assert declared_encoding(xml) == "iso8859-15"


def test_latin_1_labels_are_read_as_windows_1252_as_browsers_do():
    assert decode_html(b"\x93quoted\x94", "iso-8859-1") == "“quoted”"


def test_an_unknown_header_charset_falls_back_to_the_page_then_utf_8():
    assert decode_html("Café".encode(), "no-such-charset") == "Café"


def test_bytes_that_do_not_fit_the_stated_charset_become_replacement_characters():
    assert decode_html(b"caf\xe9 \xff", "utf-8") == "caf\ufffd \ufffd"


def test_a_page_that_declares_nothing_is_utf_8_when_its_bytes_are():
    assert page_encoding("<p>Café “quoted”</p>".encode()) == "utf-8"


def test_a_page_that_declares_nothing_and_is_not_utf_8_is_detected():
    cyrillic = " ".join(CORPUS_BY_ENCODING["windows-1251"].paragraphs)

    assert page_encoding(cyrillic.encode("cp1251")) == "cp1251"
    assert decode_html(cyrillic.encode("cp1251")) == cyrillic


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("euc-kr", "cp949"),
        ("Shift_JIS", "cp932"),
        ("iso-8859-9", "cp1254"),
        ("utf-16", "utf-16-le"),
        ("koi8-r", "koi8-r"),
        ("no-such-charset", None),
    ],
)
def test_labels_are_read_as_browsers_read_them(label, codec):
    assert known_encoding(label) == codec


def test_control_characters_no_parser_keeps_are_dropped():
    body = b"<p>a\x00b\x01c\x0cd\x1fe\tf</p>"

    assert decode_html(body, "utf-8") == "<p>abc de\tf</p>"
    assert decode_html("x\x00y") == "xy"


def test_a_byte_order_mark_wins_over_everything():
    body = codecs.BOM_UTF8 + "<meta charset='latin-1'>Café".encode()

    assert decode_html(body, "iso-8859-1").endswith("Café")


def test_a_meta_claiming_utf_16_in_an_ascii_page_is_read_as_utf_8():
    assert declared_encoding(b'<meta charset="utf-16">') == "utf-8"


@pytest.mark.django_db
def test_the_check_pipeline_reads_the_charset_the_server_states(track, newsroom):
    """Production decodes with the Content-Type charset: no U+FFFD in a Latin-1 page."""
    from articles.checking.check import check_article
    from articles.fetching import Fetcher

    article = track("harbour-bridge-closure")
    page = (
        "<html><head><title>Le café de la gare</title></head><body><article>"
        "<p>Le café de la gare rouvre ses portes après trois mois de travaux, "
        "annonce la mairie. Les habitués sont ravis.</p></article></body></html>"
    )
    newsroom.answer(
        newsroom.story("harbour-bridge-closure").path,
        body=page.encode("latin-1"),
        headers={"Content-Type": "text/html; charset=ISO-8859-1"},
    )

    version = check_article(article.pk, Fetcher()).version

    assert version.title == "Le café de la gare"
    assert "Le café de la gare rouvre" in version.text
    assert "\ufffd" not in version.text


def _corpus_page(specimen, meta=""):
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in specimen.paragraphs)
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{html.escape(specimen.title)}</title></head><body>
<header><a href="/">Home</a> <a href="/news/">News</a></header>
<main><article><h1>{html.escape(specimen.title)}</h1>
{paragraphs}
</article></main>
<footer><a href="/terms">Terms</a></footer></body></html>"""


def _served(specimen, declared):
    """(body, Content-Type) of a specimen's page, its charset declared where asked."""
    meta = f'<meta charset="{specimen.encoding}">' if declared == "meta" else ""
    body = _corpus_page(specimen, meta).encode(specimen.encoding)  # "utf-16" writes a BOM
    header = f"text/html; charset={specimen.encoding}" if declared == "header" else "text/html"
    return body, header


@pytest.mark.django_db
@pytest.mark.parametrize("declared", ["header", "meta", "nowhere"])
@pytest.mark.parametrize("specimen", CORPUS, ids=[specimen.encoding for specimen in CORPUS])
def test_an_article_in_any_of_ten_encodings_is_archived_exactly(
    specimen, declared, track, newsroom
):
    """Fetched from the local site and extracted: the exact text, declared or not."""
    from articles.checking.check import check_article
    from articles.fetching import Fetcher
    from articles.textnorm import normalise_paragraphs

    article = track("harbour-bridge-closure")
    body, content_type = _served(specimen, declared)
    newsroom.answer(
        newsroom.story("harbour-bridge-closure").path,
        body=body,
        headers={"Content-Type": content_type},
    )

    check = check_article(article.pk, Fetcher())

    assert check.outcome == "new_version", check.message
    assert check.version.title == specimen.title
    assert check.version.text == normalise_paragraphs(list(specimen.paragraphs))


def test_detection_reads_a_hostile_page_in_one_pass():
    """Unclosed tags by the million do not make the markup scan quadratic."""
    import time

    bodies = [b"<script" * 500_000 + "café".encode("cp1252"), b"<" * 3_000_000 + b"\xe9"]

    started = time.monotonic()
    encodings = [page_encoding(body) for body in bodies]

    assert time.monotonic() - started < 3
    assert all(encoding for encoding in encodings)


def test_control_bytes_that_pass_the_sniffer_never_break_the_parser():
    """lxml refused such text ("All strings must be XML compatible"): it is dropped first."""
    import random

    from articles.extraction import extract

    chooser = random.Random(5)
    noise = bytes(chooser.choice(range(0x20)) for _ in range(40))
    paragraph = b"<p>The harbour bridge will close for six weeks of repairs, the council said.</p>"
    body = (
        b"<html><body><article>" + paragraph * 20 + b"<p>" + noise + b"</p></article></body></html>"
    )

    text = extract(body, charset="utf-8").text

    assert text.startswith("The harbour bridge will close")
    assert not any(ord(character) < 0x20 and character not in "\t\n" for character in text)
