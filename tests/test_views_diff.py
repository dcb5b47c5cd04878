"""The comparison page: both layouts, stored diffs, navigation, escaping."""

import html
import re
from datetime import timedelta

import pytest
from django.core.cache import cache

from articles.comparison import diffing, stored
from articles.comparison.diffing import DELETE, INSERT
from articles.models import VersionDiff
from tests.reader_data import NOW, add_version, harbour_story, make_article, make_source


@pytest.fixture
def harbour(db):
    return harbour_story(make_source())


def sentence_link(paragraph, sentence, with_id):
    name = f"p{paragraph}s{sentence}"
    target = f' id="{name}"' if with_id else ""
    return (
        f'<a class="anchor sentence-anchor" href="#{name}" data-anchor="{name}"{target}'
        f' aria-label="Link to sentence {sentence} of paragraph {paragraph}"></a>'
    )


def page_of(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_side_by_side_has_version_headers_title_and_time_rows(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    assert 'class="diff layout-side"' in page
    assert f'<a href="/articles/{harbour.pk}/#v1">Version 1</a></th>' in page
    assert f'<a href="/articles/{harbour.pk}/#v2">Version 2</a></th>' in page
    assert '<td class="side old" dir="auto">Harbour bridge to close</td>' in page
    assert "Harbour bridge to close<ins> for six weeks</ins>" in page
    assert "(35 minutes later)" in page


def test_changed_words_are_marked_inside_a_changed_paragraph(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    assert "will close for <ins>urgent </ins>repairs" in page
    assert "last <del>three</del> <ins>six</ins> weeks" in page
    assert (
        '<td class="side old" dir="auto">The work is expected to last <del>three</del> weeks.</td>'
        in page
    )


def test_inserted_paragraph_leaves_the_old_cell_empty(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    assert '<tr id="p4" class="para insert">' in page
    row = page[page.index('<tr id="p4"') :]
    assert '<td class="side old empty"></td>' in row
    assert '¶4</a> <span class="row-label">added</span>' in row  # not colour alone
    assert "<ins>A ferry service will run every twenty minutes.</ins>" in row


def test_every_paragraph_row_has_an_anchor_and_changes_are_listed(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    for number in (1, 2, 3, 4):
        assert f'<a href="#p{number}" title="Link to this paragraph">¶{number}</a>' in page
    nav = page[page.index('aria-label="Changed paragraphs"') :]
    nav = nav[: nav.index("</nav>")]
    assert "#p1" in nav
    assert "#p2" not in nav
    assert "#p3" in nav


def test_byline_change_is_shown(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/3/4/")
    assert 'class="meta byline-row changed"' in page
    assert "By A. Reporter<ins> and B. Writer</ins>" in page
    no_byline_change = page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    assert "byline-row" not in no_byline_change


def test_published_time_change_is_shown(client, db):
    article = make_article(make_source())
    add_version(article, "T", ["x"], NOW, published_at=NOW - timedelta(hours=2))
    add_version(article, "T", ["x y"], NOW + timedelta(hours=1), published_at=NOW)
    page = page_of(client, f"/articles/{article.pk}/diff/1/2/")
    assert 'class="meta published-row changed"' in page
    assert "<del><time" in page
    assert "10 March 2026 10:00 (UTC)" in page


def test_inline_layout_is_chosen_by_link_and_remembered(client, harbour):
    url = f"/articles/{harbour.pk}/diff/1/2/"
    response = client.get(url + "?layout=inline")
    assert 'class="diff layout-inline"' in response.content.decode()
    assert response.cookies["layout"].value == "inline"
    later = page_of(client, f"/articles/{harbour.pk}/diff/3/4/")
    assert 'class="diff layout-inline"' in later
    assert 'href="?layout=inline" data-layout="inline" aria-current="true"' in later


def test_unknown_layout_falls_back_to_side_by_side(client, harbour):
    client.cookies["layout"] = "sideways"
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/2/?layout=nonsense")
    assert 'class="diff layout-side"' in page


def test_inline_cell_holds_deletions_and_insertions_together(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/2/?layout=inline")
    assert (
        '<td class="inline" dir="auto">' + sentence_link(3, 1, with_id=True) + ""
        "The work is expected to last <del>three</del> <ins>six</ins> weeks.</td>" in page
    )


def test_a_replaced_word_stays_apart_from_its_replacement_only_where_they_would_touch():
    from articles.reader.templatetags.diff_markup import segments

    touching = [("equal", "more "), ("delete", "than"), ("insert", "over"), ("equal", " ten")]
    assert segments(touching) == "more <del>than</del> <ins>over</ins> ten"
    spaced = [("delete", "than "), ("insert", "over"), ("equal", " ten")]
    assert segments(spaced) == "<del>than </del><ins>over</ins> ten"
    added_only = [("equal", "more"), ("insert", "over")]
    assert segments(added_only) == "more<ins>over</ins>"
    assert segments(touching, "old") == "more <del>than</del> ten"
    assert segments(touching, "new") == "more <ins>over</ins> ten"


def test_a_long_unbroken_run_gets_break_opportunities_and_stays_escaped(client, harbour):
    article = make_article(harbour.source, "/news/long")
    run = "<&>" * 100
    add_version(article, "Long", ["Short."], NOW)
    add_version(article, "Long", [f"Short {run}."], NOW + timedelta(hours=1))
    page = page_of(client, f"/articles/{article.pk}/diff/1/2/?layout=inline")
    cell = page.split('<td class="inline" dir="auto">')[-1].split("</td>")[0]
    assert cell.count("<wbr>") == 4
    text = re.sub(r'<a class="anchor[^>]*></a>', "", cell)  # the sentence's permalink
    assert html.unescape(text.replace("<wbr>", "")) == f"Short<ins> {run}</ins>."
    assert "<&>" not in cell


def test_previous_and_next_change_skip_boring_versions(client, harbour):
    first = page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    assert "No earlier change" in first
    assert f'rel="next" href="/articles/{harbour.pk}/diff/3/4/"' in first
    last = page_of(client, f"/articles/{harbour.pk}/diff/3/4/")
    assert f'rel="prev" href="/articles/{harbour.pk}/diff/1/2/"' in last
    assert "No later change" in last


def test_neighbour_changes_of_a_wide_comparison(harbour):
    versions = list(harbour.versions.order_by("number"))
    # Versions 2 and 4 are changes, 3 is boring.
    assert stored.neighbour_changes(versions, 1, 4) == ((1, 2), (3, 4))
    assert stored.neighbour_changes(versions, 2, 3) == ((1, 2), (3, 4))
    assert stored.neighbour_changes(versions, 2, 4) == ((1, 2), None)
    assert stored.neighbour_changes(versions, 1, 3) == (None, (3, 4))
    assert stored.neighbour_changes(versions, 1, 2) == (None, (3, 4))
    assert stored.neighbour_changes(versions, 3, 4) == ((1, 2), None)


def test_a_comparison_of_versions_1_and_4_offers_the_changes_between(client, harbour):
    page = page_of(client, f"/articles/{harbour.pk}/diff/1/4/")
    assert f'rel="prev" href="/articles/{harbour.pk}/diff/1/2/"' in page
    assert f'rel="next" href="/articles/{harbour.pk}/diff/3/4/"' in page
    assert "No earlier change" not in page
    assert "No later change" not in page


def test_reversed_or_equal_numbers_redirect(client, harbour):
    assert client.get(f"/articles/{harbour.pk}/diff/2/1/")["Location"] == (
        f"/articles/{harbour.pk}/diff/1/2/"
    )
    assert client.get(f"/articles/{harbour.pk}/diff/2/2/")["Location"] == (
        f"/articles/{harbour.pk}/#v2"
    )


def test_missing_version_is_404(client, harbour):
    assert client.get(f"/articles/{harbour.pk}/diff/1/9/").status_code == 404


def test_an_adjacent_diff_missing_from_an_older_archive_is_stored_once_and_reused(client, harbour):
    v1, v2 = harbour.versions.order_by("number")[:2]
    VersionDiff.objects.all().delete()
    page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    kept = VersionDiff.objects.get(old_version=v1, new_version=v2)
    assert kept.format == stored.DIFF_FORMAT
    assert kept.rows[1]["segments"] is None  # an unchanged paragraph's text is not copied
    page_of(client, f"/articles/{harbour.pk}/diff/1/2/")
    assert VersionDiff.objects.count() == 1


def test_the_diff_kept_with_a_version_is_what_its_comparison_shows(harbour):
    v1, v2 = harbour.versions.order_by("number")[:2]
    kept = VersionDiff.objects.get(old_version=v1, new_version=v2)
    rows = stored.paragraph_rows(v1, v2)
    assert [row.as_json() for row in rows] == kept.rows
    assert rows == diffing.compare(v1.paragraphs(), v2.paragraphs())
    # The history's numbers for the version are the comparison's highlights.
    assert diffing.sizes(rows) == (v2.chars_added, v2.chars_removed)


def test_other_pairs_are_cached_not_stored(client, harbour):
    kept = VersionDiff.objects.count()
    page_of(client, f"/articles/{harbour.pk}/diff/1/4/")
    assert VersionDiff.objects.count() == kept
    v1, v4 = harbour.versions.get(number=1), harbour.versions.get(number=4)
    assert cache.get(f"newsdiffs:diff:{stored.DIFF_FORMAT}:{v1.pk}:{v4.pk}") is not None


def test_hostile_text_is_shown_as_text(client, db):
    article = make_article(make_source())
    hostile_title = '<script>alert("t")</script>'
    add_version(article, "Calm", ["Plain words."], NOW)
    add_version(
        article,
        hostile_title,
        ['Plain words. <img src=x onerror="alert(1)"> <a href="javascript:alert(2)">x</a>'],
        NOW + timedelta(hours=1),
    )
    page = page_of(client, f"/articles/{article.pk}/diff/1/2/")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_comparison_query_count_does_not_grow_with_paragraphs(
    client, db, django_assert_max_num_queries
):
    article = make_article(make_source())
    add_version(article, "T", [f"Paragraph {n} text." for n in range(40)], NOW)
    add_version(
        article, "T", [f"Paragraph {n} text changed." for n in range(40)], NOW + timedelta(hours=1)
    )
    with django_assert_max_num_queries(4):
        page_of(client, f"/articles/{article.pk}/diff/1/2/")


@pytest.mark.parametrize(
    "query", ["old=-1&new=2", "old=99999999999999999999&new=2", "old=1&new=0", "old=2&new=2"]
)
def test_the_compare_form_sends_numbers_out_of_range_back_to_the_history(client, harbour, query):
    response = client.get(f"/articles/{harbour.pk}/compare/?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{harbour.pk}/"


def test_the_compare_form_puts_the_older_version_first(client, harbour):
    response = client.get(f"/articles/{harbour.pk}/compare/?old=3&new=1")
    assert response["Location"] == f"/articles/{harbour.pk}/diff/1/3/"


@pytest.mark.parametrize("path", ["diff/1/99999999999999999999/", "diff/9223372036854775808/2/"])
def test_a_version_number_past_64_bits_is_not_found(client, harbour, path):
    assert client.get(f"/articles/{harbour.pk}/{path}").status_code == 404
    assert client.get(f"/api/articles/{harbour.pk}/{path}").status_code == 404


MOVED_V1 = [
    "The council met on Tuesday.",
    "The harbour bridge will close for repairs on Monday, the mayor said.",
    "Drivers are advised to use the ring road.",
    "Ferries will run every twenty minutes.",
]
MOVED_V2 = [
    "The council met on Tuesday.",
    "Drivers are advised to use the ring road.",
    "Ferries will run every twenty minutes.",
    "The harbour bridge will close for urgent repairs on Monday, the mayor said.",
]


@pytest.fixture
def moved_story(db):
    article = make_article(make_source(), "/news/moved")
    add_version(article, "Bridge", MOVED_V1, NOW - timedelta(hours=2))
    add_version(article, "Bridge", MOVED_V2, NOW - timedelta(hours=1))
    return article


def test_a_moved_and_edited_paragraph_shows_its_word_changes_in_both_layouts(client, moved_story):
    page = page_of(client, f"/articles/{moved_story.pk}/diff/1/2/")
    away = page[page.index('<tr id="p2"') : page.index('<tr id="p3"')]
    assert 'class="para delete edited-move"' in away
    assert "moved away, edited" in away
    assert '(moved to <a href="#p5">¶5</a>)' in away
    here = page[page.index('<tr id="p5"') :]
    here = here[: here.index("</tr>")]
    assert 'class="para insert edited-move"' in here
    assert "moved here, edited" in here
    assert '(moved from <a href="#p2">¶2</a>)' in here
    marked = "The harbour bridge will close for <ins>urgent </ins>repairs on Monday"
    new_cell = here[here.index('<td class="side new"') :]
    inline_cell = here[here.index('<td class="inline"') :]
    assert marked in new_cell
    assert marked in inline_cell


def test_the_api_links_a_moved_and_edited_paragraph_with_its_word_changes(client, moved_story):
    rows = client.get(f"/api/articles/{moved_story.pk}/diff/1/2/").json()["rows"]
    away, here = rows[1], rows[4]
    assert (away["kind"], away["moved_to"], away["edited_move"]) == ("delete", 4, True)
    assert (here["kind"], here["moved_from"], here["edited_move"]) == ("insert", 1, True)
    assert here["segments"] == [
        {"op": "equal", "text": "The harbour bridge will close for "},
        {"op": "insert", "text": "urgent "},
        {"op": "equal", "text": "repairs on Monday, the mayor said."},
    ]
    assert [row["edited_move"] for row in rows] == [False, True, False, False, True]


def test_a_moved_and_edited_paragraph_counts_only_its_changed_words(moved_story):
    assert (
        moved_story.latest_version().chars_added,
        moved_story.latest_version().chars_removed,
    ) == (
        len("urgent "),
        0,
    )


def test_rows_kept_in_the_first_format_are_still_shown_as_they_were_counted(client, moved_story):
    v1, v2 = moved_story.versions.order_by("number")
    kept = VersionDiff.objects.get(old_version=v1, new_version=v2)
    # What format 1 made of a moved and edited paragraph: removed, then added whole.
    rows = diffing.compare(v1.paragraphs(), v2.paragraphs())
    for row in rows:
        if row.is_edited_move:
            side = DELETE if row.kind == DELETE else INSERT
            row.segments = [[side, "".join(text for _, text in row.segments)]]
            row.moved_to = row.moved_from = None
    kept.format, kept.rows = 1, [row.as_json() for row in rows]
    kept.save()
    added, removed = diffing.sizes(rows)
    v2.chars_added, v2.chars_removed = added, removed
    v2.save(update_fields=["chars_added", "chars_removed"])
    page = page_of(client, f"/articles/{moved_story.pk}/diff/1/2/")
    assert "edited-move" not in page
    assert '<span class="row-label">removed</span>' in page
    assert stored.paragraph_rows(v1, v2) == rows
    v2.refresh_from_db()
    assert (v2.chars_added, v2.chars_removed) == (added, removed)


def test_rows_recomputed_for_a_version_make_its_change_size_what_they_show(client, moved_story):
    v1, v2 = moved_story.versions.order_by("number")
    VersionDiff.objects.all().delete()
    whole = len(MOVED_V2[3]), len(MOVED_V1[1])  # as if counted before edited moves
    type(v2).objects.filter(pk=v2.pk).update(chars_added=whole[0], chars_removed=whole[1])
    page_of(client, f"/articles/{moved_story.pk}/diff/1/2/")
    v2.refresh_from_db()
    assert (v2.chars_added, v2.chars_removed) == (len("urgent "), 0)
    assert VersionDiff.objects.get(old_version=v1, new_version=v2).format == stored.DIFF_FORMAT


SENTENCES_V1 = ["Mr. Smith said the bridge will close. It reopens in May.", "Kept as it was."]
SENTENCES_V2 = [
    "Mr. Smith said the bridge will close on Monday. It reopens in June. Ferries run.",
    "Kept as it was.",
]


@pytest.fixture
def sentences_story(db):
    article = make_article(make_source(), "/news/sentences")
    add_version(article, "Bridge", SENTENCES_V1, NOW - timedelta(hours=2))
    add_version(article, "Bridge", SENTENCES_V2, NOW - timedelta(hours=1))
    return article


def test_every_sentence_of_a_comparison_has_an_anchor_in_both_layouts(client, sentences_story):
    page = page_of(client, f"/articles/{sentences_story.pk}/diff/1/2/")
    new_cell = page[page.index('<tr id="p1"') :]
    new_cell = new_cell[new_cell.index('<td class="side new"') : new_cell.index("</tr>")]
    for sentence in (1, 2, 3):
        assert sentence_link(1, sentence, with_id=True) in new_cell
        assert sentence_link(1, sentence, with_id=False) in new_cell[new_cell.index("inline") :]
    assert sentence_link(1, 4, with_id=False) not in page
    assert sentence_link(2, 1, with_id=True) in page  # an unchanged paragraph too
    # A sentence starting inside an insertion is linked there, the insertion cut around it.
    assert (
        sentence_link(1, 2, with_id=True)
        + "It reopens in <ins>June. </ins>"
        + sentence_link(1, 3, with_id=True)
        + "<ins>Ferries run</ins>.</td>"
    ) in new_cell
    inline = sentence_link(1, 2, with_id=False) + "It reopens in <del>May</del> <ins>June. </ins>"
    assert inline in page


def test_the_inline_layout_holds_the_sentence_ids_instead(client, sentences_story):
    page = page_of(client, f"/articles/{sentences_story.pk}/diff/1/2/?layout=inline")
    inline = page[page.index('<tr id="p1"') :]
    inline = inline[inline.index('<td class="inline"') : inline.index("</tr>")]
    assert sentence_link(1, 1, with_id=True) in inline
    assert page.count('id="p1s1"') == 1


def test_sentence_anchors_are_the_same_on_every_render(client, sentences_story):
    first = page_of(client, f"/articles/{sentences_story.pk}/diff/1/2/")
    cache.clear()
    VersionDiff.objects.all().delete()
    again = page_of(client, f"/articles/{sentences_story.pk}/diff/1/2/")
    pattern = re.compile(r'id="(p\d+(?:s\d+)?)"')
    assert pattern.findall(first) == pattern.findall(again)
    assert {"p1", "p1s1", "p1s2", "p1s3", "p2", "p2s1"} <= set(pattern.findall(first))
