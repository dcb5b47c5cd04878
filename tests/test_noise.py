"""The noise suite's fast subset, on pages the project writes itself."""

import io
import json

from articles.extraction import extract
from newsroom.site import _article_page
from quality.noise import EDITS, NOISES, SuiteResult, run_page


def busy_page(paragraphs, comments=12, minutes=5, related=("One", "Two", "Three")):
    """A news page with the furniture real sites have around and inside the article."""
    links = "".join(
        f'<li><a href="/r/{i}">{title} story</a></li>' for i, title in enumerate(related)
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += '<div class="ad-slot"><div class="advertisement">Advertisement</div></div>'
    body += "".join(f"<p>{p}</p>" for p in paragraphs[2:])
    data = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Ferry timetable cut for the winter",
            "author": {"name": "Lea Moreau"},
            "datePublished": "2024-11-02T08:00:00Z",
        }
    )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ferry timetable cut for the winter | Island Herald</title>
<meta property="og:title" content="Ferry timetable cut for the winter">
<script type="application/ld+json">{data}</script>
<script>var session = "a81fe29c0d11b3aa"; var t = 1700000000;</script></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Ferry timetable cut for the winter</h1>
<div class="meta"><span class="byline">By Lea Moreau</span>
<time datetime="2024-11-02T08:00:00Z">Updated {minutes} minutes ago</time>
<a class="comments-link" href="#c">{comments} comments</a></div>
<div class="story-body">{body}</div>
<div class="share-bar"><a href="/share/fb">Share on Facebook</a></div>
<section class="related"><h2>Related</h2><ul>{links}</ul></section>
</article></main>
<aside class="most-read"><h2>Most read</h2><ol>{links}</ol></aside>
<footer><p>&copy; Island Herald 2024</p></footer></body></html>"""


PARAGRAPHS = [
    "The island's ferry will run four times a day instead of seven from December, the "
    "operator said on Monday, citing falling winter passenger numbers.",
    "Islanders said the cut would make it harder to reach the mainland hospital and that "
    "they had not been consulted before the decision was announced.",
    "The operator said it would review the timetable in March and add sailings during "
    "school holidays if demand justified them.",
    "A petition against the change had gathered more than 1,200 signatures by Tuesday "
    "evening, according to its organisers.",
]


def _suite(page_id, html, article_text):
    result = SuiteResult()
    run_page(page_id, html, article_text, result)
    return result


def test_boilerplate_changes_on_a_busy_page_make_no_false_versions():
    result = _suite("busy", busy_page(PARAGRAPHS), "\n\n".join(PARAGRAPHS))
    assert result.refetches == len(NOISES)
    assert result.false_versions == []


def test_real_edits_on_a_busy_page_are_each_detected_exactly():
    result = _suite("busy", busy_page(PARAGRAPHS), "\n\n".join(PARAGRAPHS))
    assert result.edits == len(EDITS)
    assert result.missed_edits == []


def test_the_newsrooms_own_pages_survive_noise_and_show_every_edit(newsroom):
    for story in newsroom.stories.values():
        html = _article_page(newsroom, story)
        result = _suite(story.slug, html, "\n\n".join(story.paragraphs))
        assert result.false_versions == [], story.slug
        assert result.missed_edits == [], story.slug
        assert result.edits == len(EDITS)


def test_counts_and_timestamps_in_the_article_header_are_not_text():
    first = extract(busy_page(PARAGRAPHS, comments=12, minutes=5))
    second = extract(busy_page(PARAGRAPHS, comments=87, minutes=48, related=("Four", "Five")))
    assert first == second
    assert first.text == "\n\n".join(PARAGRAPHS)


def test_the_suite_reports_a_false_version_when_noise_reaches_the_text():
    counted = [
        *PARAGRAPHS[:3],
        "So far this story has 12 comments from readers all over the island and the mainland.",
    ]
    result = _suite("counted", busy_page(counted), "\n\n".join(PARAGRAPHS))
    assert ("counted", "comment counts") in result.false_versions


def test_the_noise_command_runs_on_a_data_set(tmp_path):
    import gzip

    from django.core.management import call_command

    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "busy.html.gz").write_bytes(gzip.compress(busy_page(PARAGRAPHS).encode()))
    truth = {"busy": {"articleBody": "\n".join(PARAGRAPHS), "url": "https://example.org/a"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    out = io.StringIO()
    call_command("extraction_noise", str(tmp_path), "--json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["pages"] == 1
    assert figures["false_versions"] == 0
    assert figures["edits_detected"] == figures["edits"] == len(EDITS)
