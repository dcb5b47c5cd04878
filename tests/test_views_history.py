"""The article history page: introduction, versions, compare radios, timeline."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.reader import intro
from articles.reader.article_pages import HISTORY_PAGE_SIZE as SIZE
from tests.reader_data import NOW, add_version, make_article


def text_of(response):
    return response.content.decode()


def words_of(response):
    """The page's text as a reader sees it: tags dropped, entities decoded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text_of(response))).split())


# Pages use the real clock, so a next check that reads as future is far ahead.
LATER = datetime(2100, 1, 1, 9, 30, tzinfo=UTC)


def test_intro_reads_as_news_sniffers_did(client, harbour):
    Article.objects.filter(pk=harbour.pk).update(next_check_at=LATER)
    assert (
        "This article is from the source 'The Local Courier' and was first published or seen "
        "on 9 March 2026 12:00 (UTC). The next check for changes will be 1 January 2100 09:30 "
        "(UTC). You can find the current article at its original source at "
        "https://courier.example/news/harbour-bridge-closure The article has changed 2 times. "
        "There is an RSS feed of changes available (also as Atom)."
    ) in words_of(client.get(f"/articles/{harbour.pk}/"))


def test_intro_links_source_original_and_feed(client, harbour):
    Article.objects.filter(pk=harbour.pk).update(next_check_at=LATER)
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    assert (
        "This article is from the source '<a href=\"/sources/courier/\">The Local Courier</a>'"
        in page
    )
    assert "was first published or seen on" in page
    assert ">9 March 2026 12:00 (UTC)</time>." in page
    assert "The next check for changes will be 1 January 2100 09:30 (UTC)." in page
    assert "You can find the current article at its original source at" in page
    assert 'href="https://courier.example/news/harbour-bridge-closure"' in page
    assert "The article has changed 2 times. There is an" in page
    assert "RSS feed of changes</a> available" in page


def test_intro_for_a_stopped_article_says_when_it_last_changed(client, source):
    now = timezone.now()
    article = make_article(source, first_seen_at=now - timedelta(days=50), state="stopped")
    add_version(article, "Old story", ["Once."], now - timedelta(days=45, hours=1))
    page = words_of(client.get(f"/articles/{article.pk}/"))
    assert "It last changed over 45 days ago and won't be checked again for changes." in page
    assert "The article has not changed since it was first archived." in page


def test_intro_for_a_gone_article_says_it_will_not_be_checked(client, source):
    article = make_article(source, state="gone")
    add_version(article, "Removed story", ["Text."], NOW)
    page = text_of(client.get(f"/articles/{article.pk}/"))
    assert "It will not be checked again for changes." in page
    assert "next check" not in page


def test_a_removed_article_says_so_with_the_date_of_the_first_404(client, source):
    article = make_article(source, state="gone", missing_since=NOW - timedelta(hours=3))
    add_version(article, "Story", ["Text."], NOW - timedelta(days=1))
    add_version(article, "Story, updated", ["Text, longer now."], NOW - timedelta(hours=20))
    response = client.get(f"/articles/{article.pk}/")
    words = words_of(response)
    assert (
        "It was removed from the source on 10 March 2026 09:00 (UTC) and will not be checked "
        "again for changes."
    ) in words
    assert (
        "Removed from the source: since 10 March 2026 09:00 (UTC) "
        "https://courier.example/news/story answers “not found”. "
        "The last archived version, version 2, is kept here."
    ) in words
    assert "You can find the current article" not in words
    assert '<a href="#v2">version 2</a>' in text_of(response)
    assert 'id="v2"' in text_of(response)


def test_a_removed_article_links_its_last_version_past_the_first_page(client, source):
    article = make_article(source, state="gone", missing_since=NOW)
    for number in range(SIZE + 2):
        add_version(
            article, f"Story {number}", [f"Text {number}."], NOW - timedelta(hours=99 - number)
        )
    page = text_of(client.get(f"/articles/{article.pk}/?upto=3"))
    assert f'<a href="?#v{SIZE + 2}">version {SIZE + 2}</a>' in page


def test_an_article_gone_before_removals_were_dated_says_removed_without_a_date(client, source):
    article = make_article(source, state="gone")
    add_version(article, "Story", ["Text."], NOW - timedelta(days=1))
    words = words_of(client.get(f"/articles/{article.pk}/"))
    assert (
        "Removed from the source: https://courier.example/news/story answers “not found”. "
        "The last archived version, version 1, is kept here."
    ) in words
    assert "It will not be checked again for changes." in words


def test_a_stopped_article_is_not_called_removed(client, source):
    article = make_article(source, state="stopped", missing_since=NOW)
    add_version(article, "Story", ["Text."], NOW - timedelta(days=1))
    words = words_of(client.get(f"/articles/{article.pk}/"))
    assert "removed" not in words.lower()
    assert "You can find the current article at its original source" in words


def test_intro_for_a_failing_article_still_gives_the_next_check(client, source):
    article = make_article(source, state="failing", next_check_at=LATER)
    add_version(article, "Story", ["Text."], NOW - timedelta(hours=1))
    page = text_of(client.get(f"/articles/{article.pk}/"))
    assert "The next check for changes will be 1 January 2100 09:30 (UTC)." in page


def test_intro_says_an_overdue_check_is_due_now(client, source):
    article = make_article(source, next_check_at=timezone.now() - timedelta(hours=3))
    add_version(article, "Story", ["Text."], NOW - timedelta(hours=1))
    page = text_of(client.get(f"/articles/{article.pk}/"))
    assert "The next check for changes is due now." in page
    assert "will be" not in words_of(client.get(f"/articles/{article.pk}/"))


def test_article_not_yet_archived_says_so(client, source):
    article = make_article(source)
    page = words_of(client.get(f"/articles/{article.pk}/"))
    assert "The article has been found but not archived yet." in page
    assert "has not changed since it was first archived" not in page


def test_schedule_sentence_for_each_state():
    article = Article(state="active", next_check_at=NOW, first_seen_at=NOW, last_changed_at=NOW)
    assert intro.schedule_sentence(article, NOW - timedelta(minutes=1)) == (
        "The next check for changes will be 10 March 2026 12:00 (UTC)."
    )
    assert intro.schedule_sentence(article, NOW) == "The next check for changes is due now."
    article.state = "stopped"
    assert intro.schedule_sentence(article, NOW + timedelta(days=40, hours=3)) == (
        "It last changed over 40 days ago and won't be checked again for changes."
    )
    article.state = "gone"
    assert intro.schedule_sentence(article, NOW) == "It will not be checked again for changes."


def test_changes_sentence_counts():
    assert intro.changes_sentence(0) == "The article has not changed since it was first archived."
    assert intro.changes_sentence(0, 0) == "The article has been found but not archived yet."
    assert intro.changes_sentence(1) == "The article has changed once."
    assert intro.changes_sentence(10) == "The article has changed 10 times."


def test_first_seen_is_the_publication_time_when_earlier(source):
    article = make_article(source, first_seen_at=NOW)
    version = add_version(article, "T", ["x"], NOW, published_at=NOW - timedelta(hours=5))
    assert intro.first_seen(article, version) == NOW - timedelta(hours=5)
    assert intro.first_seen(article, None) == NOW


def test_versions_are_listed_newest_first_with_gap_and_change_size(client, harbour):
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    positions = [page.index(f'id="v{n}"') for n in (4, 3, 2, 1)]
    assert positions == sorted(positions)
    assert "35 minutes later" in page
    assert f'href="/articles/{harbour.pk}/diff/1/2/">compare with previous' in page
    assert f'href="/articles/{harbour.pk}/diff/3/4/">compare with previous' in page
    assert '+56</span> / <span class="removed">-5' in page


def test_boring_versions_are_hidden_with_a_toggle(client, harbour):
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    assert 'id="v3" class="boring" hidden' in page
    assert "Show 1 boring version" in page
    shown = text_of(client.get(f"/articles/{harbour.pk}/?boring=1"))
    assert 'id="v3" class="boring">' in shown
    assert "Hide 1 boring version" in shown


def test_compare_radios_start_on_the_latest_real_change(client, harbour):
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    assert 'name="old" value="2" aria-label="Compare from version 2" checked' in page
    assert 'name="new" value="4" aria-label="Compare to version 4" checked' in page


def test_compare_form_redirects_to_the_comparison_in_order(client, harbour):
    response = client.get(f"/articles/{harbour.pk}/compare/?old=4&new=1")
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{harbour.pk}/diff/1/4/"
    same = client.get(f"/articles/{harbour.pk}/compare/?old=2&new=2")
    assert same["Location"] == f"/articles/{harbour.pk}/"
    junk = client.get(f"/articles/{harbour.pk}/compare/?old=x")
    assert junk["Location"] == f"/articles/{harbour.pk}/"


def test_timeline_has_a_mark_per_version(client, harbour):
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<rect") == 4
    assert svg.count('class="mark boring"') == 1
    assert "Version 2, 9 March 2026 12:35 (UTC), +56 / -5 characters" in svg


def test_history_has_feed_links(client, harbour):
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    atom = f'title="Changes to this article (Atom)" href="/articles/{harbour.pk}/changes.atom"'
    assert f'<link rel="alternate" type="application/atom+xml" {atom}>' in page


def test_unknown_article_is_404(client, db):
    assert client.get("/articles/999/").status_code == 404


def test_history_queries_do_not_grow_with_versions(client, source, django_assert_num_queries):
    article = make_article(source)
    for n in range(30):
        add_version(article, f"Title {n}", [f"Text {n}."], NOW + timedelta(hours=n))
    # The article, the outline of its versions, the versions of this page.
    with django_assert_num_queries(3):
        response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    # The outline is kept until the versions change.
    with django_assert_num_queries(2):
        client.get(f"/articles/{article.pk}/")
    for n in range(30, 130):
        add_version(article, f"Title {n}", [f"Text {n}."], NOW + timedelta(hours=n))
    with django_assert_num_queries(3):
        response = client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    assert f"Versions {131 - SIZE} to 130 of 130" in text_of(response)


def test_a_version_marked_boring_shows_so_on_the_next_visit(client, harbour):
    assert "Show 1 boring version" in text_of(client.get(f"/articles/{harbour.pk}/"))
    harbour.versions.filter(number=2).update(is_boring=True)
    harbour.recount()
    harbour.save()
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    assert "Show 2 boring versions" in page
    assert '<a href="?boring=1#v2"><rect class="mark boring"' in page


@pytest.fixture
def long_story(source):
    """120 versions an hour apart, every fifth one boring."""
    article = make_article(source)
    for n in range(120):
        words = f"Text of version {n // 5 * 5}."
        text = words.upper() if n % 5 else words
        add_version(article, "A long story", [text], NOW + timedelta(hours=n))
    return article


def row_numbers(page):
    return [int(n) for n in re.findall(r'<tr id="v(\d+)"', page)]


def test_a_long_history_lists_one_page_of_versions_newest_first(client, long_story):
    page = text_of(client.get(f"/articles/{long_story.pk}/"))
    assert row_numbers(page) == list(range(120, 120 - SIZE, -1))
    assert f"Versions {121 - SIZE} to 120 of 120" in page
    assert f'href="?upto={120 - SIZE}#versions" rel="next">Older versions' in page
    assert "Newer versions" not in page


def test_older_pages_reach_the_first_version_and_link_back(client, long_story):
    middle = text_of(client.get(f"/articles/{long_story.pk}/?upto=70"))
    assert row_numbers(middle) == list(range(70, 70 - SIZE, -1))
    newer = f"?upto={70 + SIZE}" if 70 + SIZE < 120 else "?"
    assert f'href="{newer}#versions" rel="prev">← Newer versions' in middle
    # The oldest row on a page still says how long after the one before it came.
    oldest = 71 - SIZE
    assert f'href="/articles/{long_story.pk}/diff/{oldest - 1}/{oldest}/">compare with' in middle
    last = text_of(client.get(f"/articles/{long_story.pk}/?upto=20&boring=1"))
    assert row_numbers(last) == list(range(20, 0, -1))
    assert f'href="?upto={20 + SIZE}&amp;boring=1#versions" rel="prev">' in last
    assert "Older versions" not in last
    assert "first version" in last


@pytest.mark.parametrize(
    ("upto", "top"), [("0", 1), ("-3", 1), ("9999", 120), ("x", 120), ("9" * 20, 120)]
)
def test_an_out_of_range_page_shows_the_nearest_one(client, long_story, upto, top):
    response = client.get(f"/articles/{long_story.pk}/?upto={upto}")
    assert response.status_code == 200
    assert row_numbers(text_of(response))[0] == top


def test_the_timeline_of_a_long_history_is_condensed_and_links_to_each_page(client, source):
    article = make_article(source)
    for n in range(400):
        add_version(article, "Busy story", [f"Text {n}."], NOW + timedelta(minutes=n))
    page = text_of(client.get(f"/articles/{article.pk}/"))
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<rect") == 200
    assert "Versions 1 to 2," in svg
    assert '<a href="?upto=2#v2">' in svg  # off this page: its own page
    assert '<a href="#v400">' in svg
    assert len(page) < 150_000


def test_versions_on_other_pages_can_still_be_compared(client, long_story):
    page = text_of(client.get(f"/articles/{long_story.pk}/"))
    assert 'name="old" min="1" max="120"' in page
    response = client.get(f"/articles/{long_story.pk}/compare/?old=3&new=117")
    assert response["Location"] == f"/articles/{long_story.pk}/diff/3/117/"
    assert client.get(response["Location"]).status_code == 200


def test_a_versions_own_link_opens_the_page_that_lists_it(client, long_story):
    version = long_story.versions.get(number=7)
    url = version.get_absolute_url()
    assert url == f"/articles/{long_story.pk}/?upto=7#v7"
    assert 'id="v7"' in text_of(client.get(url.split("#")[0]))


def test_timeline_mark_of_a_hidden_boring_version_opens_it_shown(client, harbour):
    page = text_of(client.get(f"/articles/{harbour.pk}/"))
    assert '<a href="?boring=1#v3"><rect class="mark boring"' in page
    assert '<a href="#v2"><rect class="mark"' in page
    shown = text_of(client.get(f"/articles/{harbour.pk}/?boring=1"))
    assert '<a href="#v3"><rect class="mark boring"' in shown


def test_right_to_left_title_is_isolated_and_its_controls_kept_out_of_the_tab_title(client, source):
    article = make_article(source, "/news/rtl")
    title = "\u202eخبر عاجل Breaking"
    add_version(article, title, ["هذا نص عربي.", "English paragraph."], NOW)
    page = text_of(client.get(f"/articles/{article.pk}/"))
    head_title = page.split("<title>")[1].split("</title>")[0]
    assert "\u202e" not in head_title
    assert "خبر عاجل Breaking" in head_title
    assert f'<h1 dir="auto">{title}</h1>' in page
    assert f"<td><bdi>{title}</bdi>" in page
