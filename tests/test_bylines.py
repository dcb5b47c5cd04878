"""Bylines the page shows in its markup, when its metadata names nobody."""

import pytest

from articles.extraction import extract
from articles.extraction.bylines import byline_names, is_plausible_name, stated_byline

STORY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The harbour board agreed on Monday to dredge the old channel before the winter storms, "
        "after three boats ran aground there in a single week.",
        "Fishermen have asked for the work for years, saying the silt has built up since the "
        "breakwater was extended and now blocks the channel at low tide.",
        "The board expects the dredging to take six weeks and to cost less than the repairs "
        "it has paid for after each grounding.",
    )
)


def story_page(byline_html, head="", around_article=""):
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Harbour channel to be dredged | The Bay Courier</title>{head}</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour channel to be dredged</h1>{byline_html}
<div class="story">{STORY}</div></article>{around_article}
<footer><p>The Bay Courier</p></footer></body></html>"""


def byline_of(byline_html, **kwargs):
    return extract(story_page(byline_html, **kwargs)).byline


def test_a_link_with_rel_author_is_the_byline():
    assert byline_of('<p>By <a rel="author" href="/staff/ana">Ana Ruiz</a></p>') == "Ana Ruiz"


def test_microdata_author_gives_its_nested_name():
    html = """<div itemprop="author" itemscope itemtype="https://schema.org/Person">
    <img src="/ana.jpg" alt=""><span itemprop="name">Ana Ruiz</span>
    <span itemprop="jobTitle">Harbour correspondent</span></div>"""
    assert byline_of(html) == "Ana Ruiz"


def test_microdata_author_with_its_name_in_a_meta_tag():
    html = """<span itemprop="author" itemscope><meta itemprop="name" content="Ana Ruiz">
    <a href="/staff/ana">Our correspondent</a></span>"""
    assert byline_of(html) == "Ana Ruiz"


def test_microdata_author_without_a_nested_name_is_its_text():
    assert byline_of('<p>By <span itemprop="author">Ana Ruiz</span></p>') == "Ana Ruiz"


@pytest.mark.parametrize(
    "attribute",
    [
        'class="byline"',
        'class="c-article__author-name"',
        'id="contributors"',
        'class="article__auteur"',
        'class="writer"',
    ],
)
def test_an_element_named_byline_author_or_contributor_is_the_byline(attribute):
    assert byline_of(f"<div {attribute}>By Ana Ruiz</div>") == "Ana Ruiz"


def test_a_by_line_above_the_story_is_the_byline():
    assert byline_of("<p>By Ana Ruiz and Tom Cole</p>") == "Ana Ruiz, Tom Cole"


def test_several_authors_are_joined_and_repeated_names_dropped():
    html = """<div class="byline">By <a rel="author" href="/a">Ana Ruiz</a>,
    <a rel="author" href="/t">Tom Cole</a> and <a rel="author" href="/a">Ana Ruiz</a></div>"""
    assert byline_of(html) == "Ana Ruiz, Tom Cole"


def test_authors_in_separate_elements_are_separate_names():
    html = """<div class="authors"><span class="author">Ana Ruiz</span><span
    class="author">Tom Cole</span></div>"""
    assert byline_of(html) == "Ana Ruiz, Tom Cole"


def test_dates_and_updated_stamps_are_stripped_from_the_byline():
    html = """<div class="byline">By Ana Ruiz | Updated Nov. 5, 2024 at 5:05 p.m.
    <time datetime="2024-11-05">Tuesday</time></div>"""
    assert byline_of(html) == "Ana Ruiz"


def test_buttons_and_handles_beside_the_name_are_not_part_of_it():
    html = """<div class="author-line"><a href="/ana">Ana Ruiz</a> <a href="/follow">Follow</a>
    <span>@anaruiz</span> <a href="mailto:ana@example.com">Email</a>
    <button>Share</button></div>"""
    assert byline_of(html) == "Ana Ruiz"


def test_metadata_wins_over_markup():
    head = '<meta name="author" content="Desk Reporter Kim Lee">'
    assert byline_of('<div class="byline">By Ana Ruiz</div>', head=head) == (
        "Desk Reporter Kim Lee"
    )


def test_a_stated_byline_that_is_an_id_gives_way_to_the_markup():
    head = '<meta name="author" content="1234567">'
    assert byline_of('<div class="byline">By Ana Ruiz</div>', head=head) == "Ana Ruiz"


def test_the_story_own_byline_wins_over_a_teaser_in_a_side_column():
    teaser = '<div class="more"><p class="byline">By Lee Park</p><a href="/x">Other story</a></div>'
    html = '<div class="byline">By Ana Ruiz</div>'
    page = story_page(html, around_article=teaser).replace("<nav>", teaser + "<nav>")
    assert extract(page).byline == "Ana Ruiz"


def test_a_byline_in_the_story_margin_is_the_byline():
    assert byline_of('<aside class="meta"><p class="byline">By Ana Ruiz</p></aside>') == "Ana Ruiz"


def test_a_name_keeps_its_full_stop():
    assert byline_of('<p class="byline">By Martin Truex Jr.</p>') == "Martin Truex Jr."


def test_an_authors_biography_is_not_a_byline():
    bio = (
        "Ana Ruiz has covered the harbour, the fishing fleet and the coastguard for the "
        "paper since 2009, and before that wrote about farming in the valley."
    )
    assert byline_of(f'<div class="author-bio">{bio}</div>') == ""


def test_bylines_in_comments_and_footers_are_not_the_story_byline():
    comments = '<section class="comments"><p class="author">By Reader Joe</p></section>'
    assert byline_of("", around_article=comments) == ""
    assert byline_of("", around_article='<footer><p class="byline">By Web Team</p></footer>') == ""


@pytest.mark.parametrize(
    "html",
    [
        '<div class="byline"><a href="/follow">Follow</a> <a href="/share">Share</a></div>',
        '<div class="byline">Updated 5 minutes ago</div>',
        '<div class="byline"><time datetime="2024-11-05">Nov. 5, 2024</time></div>',
        '<span class="author">12345</span>',
        '<span class="author">user_98765</span>',
        '<span class="author"><a href="https://example.com/u/ana">https://example.com/u/ana</a></span>',
        '<p class="author">Staff Writer</p>',
        '<p class="author">By Admin</p>',
        "<p>By the time the tide turned, the boats were gone.</p>",
    ],
)
def test_never_a_date_a_number_a_url_a_role_or_a_button_label(html):
    assert byline_of(html) == ""


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Ana Ruiz", ["Ana Ruiz"]),
        ("by Ana Ruiz, Tom Cole & Lee Park", ["Ana Ruiz", "Tom Cole", "Lee Park"]),
        ("Written by Sarah E. Needleman", ["Sarah E. Needleman"]),
        ("Por María López y Juan Pérez", ["María López", "Juan Pérez"]),
        ("Par Jean Dupont et Claire Martin, le 5 novembre 2024", ["Jean Dupont", "Claire Martin"]),
        ("Von Hans Müller | Aktualisiert 05.11.2024", ["Hans Müller"]),
        ("Ana Ruiz, Staff Writer", ["Ana Ruiz"]),
        ("ANA RUIZ Published 2 hours ago", ["ANA RUIZ"]),
        ("Follow", []),
        ("Nov. 5, 2024", []),
    ],
)
def test_byline_names_in_a_line(line, names):
    assert byline_names(line) == names


def test_a_login_a_number_and_a_url_are_not_names():
    assert not is_plausible_name("jdadmin")
    assert not is_plausible_name("carlos.nadalim")
    assert not is_plausible_name("4815162342")
    assert not is_plausible_name("www.example.com")
    assert is_plausible_name("Ana Ruiz")
    assert is_plausible_name("Reuters")


def test_a_stated_byline_keeps_its_own_spelling_but_not_its_by():
    assert stated_byline("By Ana Ruiz and Tom Cole") == "Ana Ruiz and Tom Cole"
    assert stated_byline("https://www.facebook.com/anaruiz") == ""
    assert stated_byline("987654") == ""
