import json

from articles.extraction import extract
from articles.extraction.choosing import Candidate, best_candidate, coverage, implausibility

DECLARED = (
    "The regional court ruled on Thursday that the quarry may not expand into the forest. "
    "Residents had fought the plan for six years, arguing that blasting would damage the "
    "springs that feed the village wells. The operator said it would study the judgment "
    "before deciding whether to appeal. Environmental groups called the ruling a turning "
    "point for the valley and asked the regional government to protect the forest for good. "
    "The quarry employs forty people and supplies stone to builders across the region."
)
SENTENCES = [s.strip() + "." for s in DECLARED.split(". ") if s.strip(". ")]


def test_a_long_plausible_body_is_trusted():
    candidate = Candidate("readability", ["A sentence of prose. " * 30])
    assert implausibility(candidate, "") == ""


def test_a_short_body_is_implausible():
    assert "characters" in implausibility(Candidate("readability", ["Too short."]), "")


def test_a_body_of_links_is_implausible():
    candidate = Candidate("readability", ["Headline " * 50], link_density=0.9)
    assert "links" in implausibility(candidate, "")


def test_a_body_missing_the_declared_body_is_implausible():
    candidate = Candidate("readability", ["Sign up for our newsletter today and save. " * 10])
    assert "declares" in implausibility(candidate, DECLARED)


def test_coverage_is_the_share_of_the_declared_body_held():
    assert coverage(DECLARED, DECLARED) == 1.0
    assert coverage(DECLARED, "nothing in common here at all") == 0.0


def test_the_candidate_holding_the_declared_body_wins():
    wrong = Candidate("readability", ["Most read: one, two, three, four, five."])
    right = Candidate("trafilatura", SENTENCES)
    assert best_candidate([wrong, right], DECLARED) is right


def test_without_a_declared_body_the_most_prose_wins_and_readability_wins_ties():
    links = Candidate("readability", ["Home News Sport Weather"] * 20, link_density=0.9)
    prose = Candidate("trafilatura", SENTENCES)
    assert best_candidate([links, prose], "") is prose
    same = Candidate("trafilatura", SENTENCES)
    first = Candidate("readability", SENTENCES)
    assert best_candidate([first, same], "") is first


def test_without_a_declared_body_another_candidate_must_add_an_articles_worth_of_prose():
    # A standfirst and headings around readability's text are not what it
    # missed; the rest of the article is.
    teaser = Candidate("readability", SENTENCES[:1])
    standfirst = (
        "The ruling ends six years of dispute over the valley, and the operator may appeal."
    )
    framed = Candidate("article markup", [standfirst, *SENTENCES[:1], "Most Popular Videos"])
    whole = Candidate("trafilatura", SENTENCES)
    assert best_candidate([teaser, framed], "") is teaser
    assert best_candidate([teaser, framed, whole], "") is whole


def test_a_page_that_fools_readability_is_rescued_by_its_declared_body():
    # The article sits in an element named like a comment thread, which
    # readability throws away before scoring; the sidebar is what is left.
    data = {"@type": "NewsArticle", "headline": "Quarry expansion blocked", "articleBody": DECLARED}
    sidebar = "".join(
        f"<p>Reader letter {i}: the bus timetable in the valley has changed again, "
        f"and nobody at the depot answers the phone any more.</p>"
        for i in range(3)
    )
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<script type="application/ld+json">{json.dumps(data)}</script></head><body>
<div class="comment-thread">{"".join(f"<p>{s}</p>" for s in SENTENCES)}</div>
<div class="letters">{sidebar}</div></body></html>"""
    text = extract(html).text
    assert coverage(DECLARED, text) > 0.9
    assert "bus timetable" not in text
