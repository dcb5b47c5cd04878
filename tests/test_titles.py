"""The headline: the stated title, cut at the page's own h1 or the site's name."""

import pytest

from articles.extraction import extract
from articles.extraction.titles import headline, host_names

STORY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The harbour board agreed on Monday to dredge the old channel before the winter storms, "
        "after three boats ran aground there in a single week.",
        "Fishermen have asked for the work for years, saying the silt has built up since the "
        "breakwater was extended and now blocks the channel at low tide.",
    )
)


def title_of(title, h1="", head="", url="https://www.baycourier.example/news/1"):
    heading = f"<h1>{h1}</h1>" if h1 else ""
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}
</head><body><article>{heading}{STORY}</article></body></html>"""
    return extract(html, url=url).title


def test_the_part_of_the_title_that_is_the_h1_is_the_headline():
    assert title_of("News | Dredging starts | Bay Courier", h1="Dredging starts") == (
        "Dredging starts"
    )


def test_a_section_before_the_headline_goes_when_the_h1_is_the_rest():
    title = "Opinion | The harbour needs more than dredging"
    assert title_of(title, h1="The harbour needs more than dredging") == (
        "The harbour needs more than dredging"
    )


def test_an_og_title_that_is_the_h1_with_a_dash_is_kept_whole():
    head = '<meta property="og:title" content="Channel review - a costly fix">'
    assert title_of("x", h1="Channel review - a costly fix", head=head) == (
        "Channel review - a costly fix"
    )


def test_an_og_title_ending_in_a_short_part_is_not_cut_by_guess():
    head = '<meta property="og:title" content="Harbour board approves dredging - report">'
    assert title_of("x", head=head) == "Harbour board approves dredging - report"


def test_the_site_name_goes_from_either_end_of_an_og_title():
    head = """<meta property="og:title" content="The Bay Courier: Daily - Dredging starts">
    <meta property="og:site_name" content="The Bay Courier: Daily">"""
    assert title_of("x", head=head) == "Dredging starts"


def test_the_host_names_the_site_when_the_page_does_not():
    head = '<meta property="og:title" content="Harbour board approves dredging | Bay Courier">'
    assert title_of("x", head=head) == "Harbour board approves dredging"


def test_a_title_element_with_a_short_end_part_loses_it():
    assert title_of("Harbour board approves dredging - The Gazette", url="") == (
        "Harbour board approves dredging"
    )


def test_without_any_title_the_h1_is_the_headline():
    assert title_of("", h1="Dredging starts") == "Dredging starts"


@pytest.mark.parametrize(
    ("url", "hosts"),
    [
        ("https://www.theverge.com/2019/a", ["theverge"]),
        ("https://news.bbc.co.uk/a", ["news", "bbc"]),
        ("", []),
    ],
)
def test_host_names(url, hosts):
    assert host_names(url) == hosts


def test_headline_keeps_a_title_without_separators():
    assert headline("Dredging starts", ["Something else"]) == "Dredging starts"
