"""Removing a paragraph changes the text by that paragraph and nothing else.

readability decides by scores, and a paragraph more or less moves them: the
pages here sit on the edge of those decisions, the way real pages do, and
each removal must still show exactly the removed paragraph.
"""

import pytest

from articles.extraction import extract
from quality.noise import EDITS, SuiteResult, run_page

RELEASE = [
    f"The harbour authority of {town} said on Monday that its new tide gauges, installed over "
    f"the summer, would give pilots live readings of the water depth at every berth and cut "
    f"the waiting time of ships at anchor by about a fifth in the busiest months of the year."
    for town in ("Arnholm", "Brede", "Calver", "Dunmore", "Eskby", "Fallow", "Grimsey", "Hale")
]
ABOUT = (
    "About Harbourline: Harbourline builds marine instruments for ports and shipping lines, "
    "employs 400 people in six countries and is listed on the Oslo stock exchange."
)


def press_release(paragraphs):
    """A release whose body and company boilerplate each sit in a wrapper named "text".

    readability scores the body's own element by its paragraphs and the
    wrapper by half of them plus a bonus for its name: with these eight
    paragraphs the element wins, with seven the wrapper does, and the
    wrapper's sibling is the "about the company" box.
    """
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>New tide gauges for eight ports | Harbourline</title></head>
<body><div class="page"><div class="release">
<h1>New tide gauges for eight ports</h1>
<div class="text parbase"><div>{body}</div></div>
<div class="text parbase"><div><hr><p>{ABOUT}</p></div></div>
</div></div></body></html>"""


LEAD = [
    "The league suspended the defender for the rest of the season on Thursday, after "
    "he struck an opponent with a helmet in the closing seconds of the game.",
    "His club said it would appeal, arguing that the punishment went far beyond any "
    "given for similar incidents in the past ten years.",
]


def teaser_page(paragraphs):
    """A paywalled teaser: two paragraphs, a standfirst above them, headings below.

    The two paragraphs are just over the length below which readability's
    pick is checked against the page's other candidates; one of them alone
    is under it.
    """
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Defender banned for the season | The Ledger</title></head>
<body><article><header><h1>Defender banned for the season</h1>
<p class="summary">The ban is the longest the league has handed out. His club says it will
appeal and that the decision ignores what happened before the blow.</p></header>
<div class="snippet-body">{body}</div>
<div class="snippet-login"><a href="/subscribe">Subscribe to read the full story</a></div>
<h3>Most Popular Videos</h3><h3>Most Popular Articles</h3>
</article></body></html>"""


def _text_without(page, paragraphs, index):
    return extract(page(paragraphs[:index] + paragraphs[index + 1 :])).text


@pytest.mark.parametrize("index", range(len(RELEASE)))
def test_removing_a_paragraph_does_not_pull_the_company_boilerplate_in(index):
    before = extract(press_release(RELEASE)).text
    assert before == "\n\n".join(RELEASE)
    after = _text_without(press_release, RELEASE, index)
    assert after == "\n\n".join(RELEASE[:index] + RELEASE[index + 1 :])


@pytest.mark.parametrize("index", range(len(LEAD)))
def test_removing_a_paragraph_of_a_teaser_does_not_pull_its_standfirst_in(index):
    assert extract(teaser_page(LEAD)).text == "\n\n".join(LEAD)
    assert _text_without(teaser_page, LEAD, index) == LEAD[1 - index]


def test_the_noise_suite_finds_every_edit_of_the_release_exact():
    result = SuiteResult()
    run_page("release", press_release(RELEASE), "\n\n".join(RELEASE), result)
    assert result.false_versions == []
    assert result.missed_edits == []
    assert result.edits == len(EDITS) - 1  # the page has no byline to change


def captioned_story(paragraphs):
    """Text blocks and photos side by side, each caption a <span> named for what it is."""
    blocks = []
    for number, paragraph in enumerate(paragraphs):
        blocks.append(f'<div class="text-description"><p>{paragraph}</p></div>')
        blocks.append(
            f'<div class="photo"><img src="/p{number}.jpg" alt="">'
            f'<span class="newsCaption">The quay at dawn, photo {number} (Image: Harbour)</span>'
            "</div>"
        )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Tide gauges | Harbour News</title></head>
<body><div class="story">{"".join(blocks)}</div></body></html>"""


def test_a_caption_set_in_a_span_beside_its_photo_is_not_text():
    assert extract(captioned_story(RELEASE[:4])).text == "\n\n".join(RELEASE[:4])


def test_a_span_named_credit_inside_a_sentence_stays():
    sentence = "The gauges were built in Brede, <span class='credit'>by Harbourline</span>, "
    html = captioned_story(RELEASE[:3]).replace("<p>The harbour", f"<p>{sentence}the harbour", 1)
    assert "by Harbourline" in extract(html).text
