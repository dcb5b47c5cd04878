import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
import requests

from articles.content import VERSIONED_FIELDS
from articles.extraction import ExtractionError, extract
from articles.textnorm import normalise_paragraphs

PARAGRAPHS = [
    "The council voted on Tuesday to rebuild the old swimming baths on the seafront, "
    "ending a dispute that has lasted more than a decade.",
    "The baths closed in 2011 after storm damage, and campaigners have argued since then "
    "that the town needs a public pool within walking distance of the centre.",
    "Building work is expected to start next spring and take about eighteen months, "
    "according to the council's own timetable.",
    "Opponents said the money would be better spent on roads, but the motion passed by "
    "twenty-one votes to nine.",
]


def page(
    body_html=None,
    head="",
    title="Seafront baths to be rebuilt | The Coast Gazette",
    aside="<aside class='sidebar'><h2>Most read</h2><ul><li><a href='/a'>One</a></li>"
    "<li><a href='/b'>Two</a></li></ul></aside>",
):
    if body_html is None:
        body_html = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}
</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Seafront baths to be rebuilt</h1>
<div class="story-body">{body_html}</div></article></main>{aside}
<footer><p>Copyright The Coast Gazette. All rights reserved.</p></footer></body></html>"""


def test_body_keeps_every_paragraph_and_leaves_the_page_furniture_out():
    extracted = extract(page())
    assert extracted.text == normalise_paragraphs(PARAGRAPHS)


def test_title_drops_the_site_name_from_the_title_element():
    assert extract(page()).title == "Seafront baths to be rebuilt"


def test_meta_tags_give_title_byline_and_publication_time():
    head = """<meta property="og:title" content="Baths rebuilt at last">
    <meta name="author" content="Jo Marsh">
    <meta property="article:published_time" content="2024-03-05T09:30:00+01:00">"""
    extracted = extract(page(head=head))
    assert extracted.title == "Baths rebuilt at last"
    assert extracted.byline == "Jo Marsh"
    assert extracted.published_at == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)


def test_json_ld_gives_byline_of_several_authors_and_publication_time():
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "The Coast Gazette"},
            {
                "@type": "NewsArticle",
                "headline": "Baths: the vote",
                "author": [{"@type": "Person", "name": "Jo Marsh"}, {"name": "Ade Bello"}],
                "datePublished": "2024-03-05T09:30:00Z",
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    extracted = extract(page(head=head))
    assert extracted.byline == "Jo Marsh, Ade Bello"
    assert extracted.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert extracted.title == "Baths: the vote"


def test_broken_json_ld_is_ignored():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", </script>'
    assert extract(page(head=head)).byline == ""


def test_time_element_is_the_last_resort_for_the_publication_time():
    body = "<time datetime='2024-03-05T10:00:00+02:00'>5 March</time>" + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS
    )
    published_at = extract(page(body_html=body)).published_at
    assert published_at == datetime(2024, 3, 5, 10, tzinfo=timezone(timedelta(hours=2)))


def test_a_naive_publication_time_is_taken_as_utc():
    head = '<meta property="article:published_time" content="2024-03-05 09:30">'
    assert extract(page(head=head)).published_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


def test_title_and_byline_selectors_win_over_metadata():
    head = '<meta property="og:title" content="Meta title"><meta name="author" content="Meta">'
    body = "<span class='who'>Sam Reed</span>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    extracted = extract(
        page(body_html=body, head=head), title_selector="article h1", byline_selector=".who"
    )
    assert extracted.title == "Seafront baths to be rebuilt"
    assert extracted.byline == "Sam Reed"


def test_a_selector_that_matches_nothing_falls_back_to_metadata():
    head = '<meta name="author" content="Jo Marsh">'
    assert extract(page(head=head), byline_selector=".no-such-thing").byline == "Jo Marsh"


def test_body_selector_is_the_body_when_it_matches():
    body = "<p>A short standfirst that readability alone would not choose.</p>"
    html = page().replace("</main>", f"</main><section id='real'>{body}</section>")
    assert extract(html, body_selector="#real").text == (
        "A short standfirst that readability alone would not choose."
    )


def test_body_selector_that_matches_nothing_leaves_readability_to_choose():
    assert extract(page(), body_selector="#absent").text == normalise_paragraphs(PARAGRAPHS)


def test_drop_selectors_remove_elements_before_anything_else():
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body += "<div class='promo'><p>Sign up to our daily newsletter for the best stories.</p></div>"
    extracted = extract(page(body_html=body), drop_selectors=(".promo",))
    assert "newsletter" not in extracted.text
    assert extracted.text == normalise_paragraphs(PARAGRAPHS)


def test_an_invalid_selector_is_a_clear_error():
    with pytest.raises(ExtractionError, match="invalid CSS selector"):
        extract(page(), drop_selectors=("p[[",))


def test_block_elements_become_paragraphs():
    body = (
        f"<p>{PARAGRAPHS[0]}</p><h2>What happens next</h2>"
        f"<ul><li>Consultation in May.</li><li>Tender in June.</li></ul>"
        f"<blockquote>We have waited long enough, said a campaigner.</blockquote>"
        f"<div>{PARAGRAPHS[1]}</div><p>{PARAGRAPHS[2]}</p>"
    )
    assert extract(page(body_html=body)).text.split("\n\n") == [
        PARAGRAPHS[0],
        "What happens next",
        "Consultation in May.",
        "Tender in June.",
        "We have waited long enough, said a campaigner.",
        PARAGRAPHS[1],
        PARAGRAPHS[2],
    ]


def test_two_line_breaks_split_a_paragraph_and_one_does_not():
    body = f"<p>{PARAGRAPHS[0]}<br><br>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}<br>{PARAGRAPHS[3]}</p>"
    assert extract(page(body_html=body)).text.split("\n\n") == [
        PARAGRAPHS[0],
        PARAGRAPHS[1],
        f"{PARAGRAPHS[2]} {PARAGRAPHS[3]}",
    ]


def test_inline_markup_runs_on_inside_a_paragraph():
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    body = "<p>The <a href='/council'>council</a> <em>voted</em> on Tuesday.</p>" + body
    assert extract(page(body_html=body)).text.startswith("The council voted on Tuesday.\n\n")


def test_text_is_unicode_nfc_with_white_space_collapsed():
    decomposed = "Cafe\u0301 owners\u00a0 welcomed   the\n decision."
    body = f"<p>{decomposed}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    text = extract(page(body_html=body)).text
    assert text.startswith("Caf\u00e9 owners welcomed the decision.\n\n")


def test_the_headline_and_byline_at_the_top_of_the_body_are_dropped():
    head = '<meta name="author" content="Jo Marsh">'
    body = "<h2>Seafront baths to be rebuilt</h2><p>By Jo Marsh</p>" + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS
    )
    assert extract(page(body_html=body, head=head)).text == normalise_paragraphs(PARAGRAPHS)


def test_bytes_are_decoded_with_the_declared_charset():
    html = page().replace('charset="utf-8"', 'charset="iso-8859-1"')
    html = html.replace(PARAGRAPHS[0], "Un café à la plage. " + PARAGRAPHS[0])
    extracted = extract(html.encode("cp1252"))
    assert extracted.text.startswith("Un café à la plage.")


def test_bytes_with_a_bom_are_decoded_as_it_says():
    html = page().replace('<meta charset="utf-8">', "")
    html = html.replace(PARAGRAPHS[0], "Ünïcödé text. " + PARAGRAPHS[0])
    assert extract(b"\xef\xbb\xbf" + html.encode("utf-8")).text.startswith("Ünïcödé text.")
    assert extract(html.encode("utf-16")).text.startswith("Ünïcödé text.")


def test_undeclared_utf8_with_a_bad_byte_is_utf8_with_the_byte_replaced():
    words = "The café council\u2019s “twelve” — naïve, déjà vu in Zürich —"
    html = page().replace('<meta charset="utf-8">', "").encode("utf-8")
    html = html.replace(b"The council voted", words.encode() + b" \xff voted")
    assert extract(html).text.startswith(words + " \ufffd voted")


def test_the_same_page_with_different_boilerplate_gives_the_same_text():
    first = page(aside="<aside><p>Updated 5 minutes ago</p><p>12 comments</p></aside>")
    second = page(
        aside="<aside><ul><li><a href='/c'>Three</a></li></ul><p>Updated 1 hour ago</p>"
        "<p>87 comments</p></aside><div class='ad'><img src='/ad.gif?t=123'></div>"
        "<script>var nonce='af0123';</script>"
    )
    second = second.replace("<p>", "\n  <p >").replace('class="story-body"', 'class="story-body" ')
    assert extract(first) == extract(second)


def test_an_empty_page_is_an_extraction_error():
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"")
    with pytest.raises(ExtractionError, match="empty"):
        extract("   \n ")


def test_a_page_without_article_text_is_an_extraction_error():
    with pytest.raises(ExtractionError, match="no article text"):
        extract("<html><body><nav><a href='/'>Home</a></nav><img src='x.png'></body></html>")


def test_hostile_markup_leaves_no_script_style_or_tags_in_the_text():
    body = (
        "<script>document.write('<p>injected by script</p>')</script>"
        "<style>p { color: red } /* style text */</style>"
        f"<p onclick='steal()'>{PARAGRAPHS[0]}<!-- a comment <b>x</b> --></p>"
        "<noscript><p>Please enable javascript to read this.</p></noscript>"
        "<p>Written &lt;b&gt;in angle brackets&lt;/b&gt; on purpose."
        "<img src=x onerror=alert(1)></p>"
        "<template><p>template text</p></template><svg><text>svg text</text></svg>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    )
    text = extract(page(body_html=body)).text
    for leaked in ("injected", "color", "style text", "comment", "javascript", "template", "svg"):
        assert leaked not in text
    assert "onerror" not in text
    assert "Written <b>in angle brackets</b> on purpose." in text  # text, shown escaped later
    assert PARAGRAPHS[0] in text


def test_the_newsrooms_article_page_over_http(newsroom):
    story = newsroom.story("harbour-bridge-closure")
    response = requests.get(newsroom.article_url(story.slug), timeout=5)
    extracted = extract(response.content, url=response.url)
    assert extracted.title == story.title
    assert extracted.byline == story.byline.removeprefix("By ")
    assert extracted.published_at == story.published_at
    assert extracted.text == normalise_paragraphs(story.paragraphs)


def test_an_edit_in_the_newsroom_changes_exactly_the_edited_text(newsroom):
    slug = "library-opening-hours"
    before = extract(requests.get(newsroom.article_url(slug), timeout=5).content)
    story = newsroom.story(slug)
    newsroom.edit(slug, paragraphs=[*story.paragraphs, "The change takes effect in May."])
    after = extract(requests.get(newsroom.article_url(slug), timeout=5).content)
    assert after.text == before.text + "\n\nThe change takes effect in May."
    assert after.title == before.title


def test_a_published_time_beyond_what_utc_can_hold_is_ignored():
    page = (
        '<html><head><meta property="article:published_time" content="9999-12-31T23:59:59-14:00">'
        "</head><body><article>"
        + "<p>A paragraph of the story that is long enough.</p>" * 6
        + "</article></body></html>"
    )
    assert extract(page, url="https://example.com/a").published_at is None


def test_json_ld_nested_to_crash_a_parser_is_ignored():
    deep = "[" * 100_000 + "]" * 100_000
    page = (
        f'<html><head><script type="application/ld+json">{deep}</script></head><body><article>'
        + "<p>A paragraph of the story that is long enough.</p>" * 6
        + "</article></body></html>"
    )
    assert "long enough" in extract(page, url="https://example.com/a").text


def test_the_modified_time_comes_from_meta_tags_or_json_ld_and_none_without_either():
    meta = '<meta property="article:modified_time" content="2024-03-06T08:00:00Z">'
    assert extract(page(head=meta)).modified_at == datetime(2024, 3, 6, 8, tzinfo=UTC)
    ld = json.dumps({"@type": "NewsArticle", "dateModified": "2024-03-07T09:15:00+01:00"})
    head = f'<script type="application/ld+json">{ld}</script>'
    modified = extract(page(head=head)).modified_at
    assert modified == datetime(2024, 3, 7, 8, 15, tzinfo=UTC)
    assert extract(page()).modified_at is None
    # Never a reason for a new version: it is kept, not compared.
    assert "modified_at" not in VERSIONED_FIELDS
