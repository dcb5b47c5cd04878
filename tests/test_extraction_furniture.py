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


@pytest.mark.parametrize(
    "furniture",
    [
        "<div>{n} min ago</div>",
        "<p>{n}h ago</p>",
        "<span>{n} hrs ago</span>",
        "<div>vor {n} Minuten</div>",
        "<p>hace {n} minutos</p>",
        "<div>il y a {n} minutes</div>",
        "<div>{n} minuti fa</div>",
        "<p>Atualizado há {n} minutos</p>",
        "<p>{n} people are reading this now</p>",
        "<p>Hits: {n}</p>",
        "<div>{n},204 views</div>",
        "<p><span>{n} Kommentare</span></p>",
        '<div><img src="/g.jpg" alt=""><p>Photo 1 of {n}</p></div>',
        "<p><time>{n} March 2024</time></p>",
    ],
)
def test_changing_furniture_without_a_name_makes_no_new_text(furniture):
    first = text_with(furniture.format(n=3))
    assert first == STORY
    assert text_with(furniture.format(n=17)) == first


def test_a_counter_inside_a_sentence_is_text():
    line = "The post drew <b>300 comments</b> in an hour, most of them angry."
    assert "The post drew 300 comments in an hour, most of them angry." in text_with(
        f"<p>{line}</p>"
    )


def legacy_page(hits):
    """A 2000s page: <font> and <br> instead of paragraphs, a hit counter under the title."""
    body = "<br><br>\n".join(STORY)
    return f"""<html><head><title>Late ferry to the island</title></head><body>
<table><tr><td><a href="/">Home</a> | <a href="/news">News</a></td></tr>
<tr><td><font size="4"><b>Late ferry to the island</b></font><br>
<font size="2">Posted: 3/11/2024 | Hits: {hits}</font><br><br>
<font size="3">{body}</font></td></tr></table></body></html>"""


def test_a_hit_counter_on_a_line_of_its_own_makes_no_new_text():
    first = extract(legacy_page(57)).text
    assert "Hits" not in first
    assert STORY[0] in first
    assert extract(legacy_page(58)).text == first


@pytest.mark.parametrize(
    "line",
    [
        "<p><strong>Lesen Sie auch:</strong> <a href='/r'>Neue Buslinie zum Hafen</a></p>",
        "<p>Mehr zum Thema: <a href='/r'>Fähre fährt länger</a></p>",
        "<p>Lee también: <a href='/r'>El puerto amplía su horario</a></p>",
        "<p>Lire aussi : <a href='/r'>Le port ouvre plus tard</a></p>",
        "<p>Leggi anche: <a href='/r'>Il porto apre più tardi</a></p>",
        "<p>Leia também: <a href='/r'>O porto abre mais tarde</a></p>",
        # a label the cleaner has never seen, shaped like one
        "<p>Background reading: <a href='/r'>Why the ferry lost money in 2019</a></p>",
    ],
)
def test_a_labelled_link_to_another_story_is_furniture(line):
    assert text_with(line) == STORY


def test_a_sentence_with_a_colon_and_a_short_link_is_text():
    line = "<p>The full timetable, the company said, is online: <a href='/t'>timetable</a>.</p>"
    assert "The full timetable, the company said, is online: timetable." in text_with(line)


def test_a_pull_quote_repeating_the_story_is_dropped():
    quote = (
        "<aside class='pull'><blockquote><p>“No way to get home after an evening in town”</p>"
        "<cite>Islander</cite></blockquote></aside>"
    )
    assert text_with(quote, at=3) == STORY


def test_a_quote_not_in_the_story_is_kept():
    quote = (
        "<blockquote><p>The timetable has not changed since 1987, residents say.</p></blockquote>"
    )
    assert "The timetable has not changed since 1987, residents say." in text_with(quote)


def test_a_newsletter_box_with_a_form_is_dropped():
    box = (
        "<div><p>Sign up for the Island Wire: the day's ferry news in your inbox.</p>"
        "<form><input type='email'><button>Go</button></form></div>"
    )
    assert text_with(box) == STORY


def test_share_buttons_do_not_take_a_short_post_with_them():
    post = (
        "<div class='post'><p>Polls close at 8pm; people in line may still vote.</p>"
        "<div><button>Share</button><button>Copy link</button></div></div>"
    )
    assert "Polls close at 8pm; people in line may still vote." in text_with(post)


@pytest.mark.parametrize(
    "hidden",
    [
        "<p hidden>Screen reader copy of the story's first line.</p>",
        "<p style='display: none'>Screen reader copy of the story's first line.</p>",
        "<p aria-hidden='true'>Screen reader copy of the story's first line.</p>",
    ],
)
def test_what_the_page_hides_from_readers_is_not_text(hidden):
    assert "Screen reader copy of the story's first line." not in text_with(hidden)
