"""Reading Content-Type headers and decoding fetched pages: one decoder, browser order."""

import codecs

import pytest

from articles.extraction.decoding import declared_encoding, decode_html
from articles.fetching.fetcher import parse_content_type


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


def test_undecodable_bytes_become_replacement_characters():
    assert decode_html(b"caf\xe9 \xff", None) == "caf\ufffd \ufffd"


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
