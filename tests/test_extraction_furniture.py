"""Page furniture goes, and the story's own lines stay, however they start.

Each page here is written for the test: a short story in an <article> with
one line of interest placed among its paragraphs.
"""

import pytest

from articles.extraction import extract

STORY = [
    "The ferry company said on Tuesday that it would add a late sailing to the island on "
    "Fridays and Saturdays from next month, after a petition signed by 3,000 residents.",
    "Islanders had complained for years that the last boat, at half past seven, left them "
    "no way to get home after an evening in town without paying for a hotel room.",
    "A spokeswoman for the company said the extra sailings would run for a trial period of "
    "six months, and that fares would stay the same as on the daytime crossings.",
    "The island's community council welcomed the decision but said a trial was not enough "
    "for people who needed to plan shift work around the timetable.",
]


def story_page(extra_html, at=2):
    paragraphs = [f"<p>{p}</p>" for p in STORY]
    paragraphs.insert(at, extra_html)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Late ferry to the island | The Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Late ferry to the island</h1><div class="body">{"".join(paragraphs)}</div></article>
<footer>The Courier</footer></body></html>"""


def text_with(extra_html, at=2):
    return extract(story_page(extra_html, at)).text.split("\n\n")


@pytest.mark.parametrize(
    "line",
    [
        "Updated 17:05: Police have confirmed that two people were arrested at the scene.",
        "Updated 17:05: Two arrested",
        "Posted to Kabul in 2001, she reported on the war for a decade.",
        "Published in 1998, the report was ignored by ministers.",
        "Modified cars are banned from the crossing.",
        "12 people were injured.",
        "300 readers wrote to the council.",
    ],
)
def test_a_sentence_that_starts_like_a_dateline_or_counter_is_kept(line):
    assert line in text_with(f"<p>{line}</p>")


@pytest.mark.parametrize(
    "heading",
    [
        "1. Background",
        "2. Reaction",
        "2024 Outlook",
        "Comments",
        "Trending",
        "Updated guidance for parents",
    ],
)
def test_a_subheading_is_kept_whatever_its_words(heading):
    assert heading in text_with(f"<h2>{heading}</h2>")


@pytest.mark.parametrize(
    "line",
    [
        "Updated 17:05 BST",
        "Last updated: 5 March 2024, 14:32 GMT",
        "Published: Nov 5, 2024 at 5:05 pm ET",
        "Posted: 3/11/2024",
        "Veröffentlicht am 5. März 2024, 14:30 Uhr",
        "LIVE Updated 4 minutes ago",
    ],
)
def test_a_dateline_is_furniture(line):
    assert text_with(f"<p>{line}</p>") == STORY
