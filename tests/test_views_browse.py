"""Browse: recently changed articles, source filter, keyset pages, find by URL."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.reader import paging
from tests.reader_data import NOW, add_version, harbour_story, make_article, make_source


def story(source, slug, changed_at, changes=1):
    article = make_article(source, f"/news/{slug}")
    add_version(article, f"Story {slug}", ["First words here."], changed_at - timedelta(hours=1))
    for n in range(changes):
        add_version(
            article,
            f"Story {slug}",
            [f"First words here, and {n} more."],
            changed_at - timedelta(minutes=n),
        )
    return article


def titles(page):
    return [line.split(">")[1].split("<")[0] for line in page.split('class="article-title"')[1:]]


def test_latest_real_change_comes_first(client, source):
    story(source, "older", NOW - timedelta(days=2))
    story(source, "newer", NOW - timedelta(hours=1))
    harbour = harbour_story(source, start=NOW - timedelta(hours=30))
    # Harbour's last version (6 h after its start) is real; a later boring one must not count.
    add_version(
        harbour,
        harbour.title,
        [p.upper() if i == 0 else p for i, p in enumerate(harbour.latest_version().paragraphs())],
        NOW,
        byline=harbour.latest_version().byline,
    )
    page = client.get("/").content.decode()
    assert titles(page) == ["Story newer", "Harbour bridge to close for six weeks", "Story older"]


def test_row_shows_source_versions_time_and_last_change_size(client, source):
    harbour_story(source)
    page = client.get("/").content.decode()
    assert '<a href="/sources/courier/">The Local Courier</a>' in page
    assert "4 versions" in page
    assert 'title="9 March 2026 18:00 (UTC)"' in page
    assert "ago</time>" in page
    assert '<span class="added">+25</span> / <span class="removed">-7</span>' in page


def test_article_without_changes_says_first_archived_not_changed(client, source):
    article = make_article(source)
    add_version(article, "Only once", ["Text."], NOW)
    page = client.get("/").content.decode()
    # New articles are listed too: the page does not call itself a list of changes alone.
    assert "<h1>Recently changed or new articles</h1>" in page
    assert "latest changes" not in page
    assert "· first archived <time" in page
    assert "· changed <time" not in page


def test_a_headline_only_change_is_not_shown_as_nothing(client, source):
    article = make_article(source)
    add_version(article, "First headline", ["Text."], NOW - timedelta(hours=2))
    add_version(article, "Second headline", ["Text."], NOW - timedelta(hours=1))
    page = client.get("/").content.decode()
    assert '<span class="size">headline changed, text unchanged</span>' in page
    listed = page[page.index('<ol class="article-list">') :]
    assert "byline" not in listed[: listed.index("</ol>")]
    history = client.get(f"/articles/{article.pk}/").content.decode()
    assert 'text unchanged</span> <span class="tag">headline changed</span>' in history
    assert '<span class="bar" title="headline changed">' in history
    assert "+0 / -0" not in history


def test_the_list_says_what_changed_beside_the_text_from_the_changed_fields(
    client, source, django_assert_num_queries
):
    pictured = make_article(source, "/news/pictured")
    add_version(
        pictured,
        "Same",
        ["Text."],
        NOW - timedelta(hours=3),
        lead_image_url="https://i.example/a.jpg",
    )
    add_version(
        pictured,
        "Same",
        ["Text."],
        NOW - timedelta(hours=2),
        lead_image_url="https://i.example/b.jpg",
    )
    bylined = make_article(source, "/news/bylined")
    add_version(bylined, "Other", ["Text."], NOW - timedelta(hours=4), byline="By A")
    add_version(bylined, "Another", ["Text."], NOW - timedelta(hours=1), byline="By B")
    # The sources, the week's most edited (then cached), the articles, their unsized changes.
    with django_assert_num_queries(4):
        page = client.get("/").content.decode()
    assert '<span class="size">headline changed, byline changed, text unchanged</span>' in page
    assert '<span class="size">lead image changed, text unchanged</span>' in page
    assert "headline or byline" not in page


def test_hidden_and_unarchived_articles_are_not_listed(client, source):
    story(source, "hidden", NOW)
    Article.objects.filter(url__endswith="hidden").update(is_hidden=True)
    make_article(source, "/news/never-fetched")
    page = client.get("/").content.decode()
    assert "Story hidden" not in page
    assert "never-fetched" not in page


def test_filter_by_source(client, source):
    other = make_source("gazette", "The Gazette")
    story(source, "courier-story", NOW)
    story(other, "gazette-story", NOW)
    page = client.get("/?source=gazette").content.decode()
    assert titles(page) == ["Story gazette-story"]
    assert '<option value="gazette" selected>' in page
    assert client.get("/?source=nope").status_code == 404


def test_pages_follow_a_cursor_without_gaps_or_repeats(client, source, settings):
    settings.NEWSDIFFS_PAGE_SIZE = 2
    for n in range(5):
        story(source, f"s{n}", NOW - timedelta(hours=n))
    seen, url = [], "/"
    while url:
        page = client.get(url).content.decode()
        seen += titles(page)
        marker = 'rel="next" href="'
        url = page.split(marker)[1].split('"')[0].replace("&amp;", "&") if marker in page else None
    assert seen == [f"Story s{n}" for n in range(5)]


def test_articles_changed_at_the_same_moment_are_all_paged(source):
    for n in range(3):
        story(source, f"same{n}", NOW)
    queryset = Article.objects.all()
    first, cursor = paging.recent_page(queryset, None, 2)
    second, end = paging.recent_page(queryset, cursor, 2)
    assert len({a.pk for a in first + second}) == 3
    assert end is None


def test_bad_cursor_is_a_clear_400(client, source):
    response = client.get("/?before=yesterday")
    assert response.status_code == 400
    assert "That page of the list does not exist" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/sources/courier/"])
def test_hostile_cursor_is_not_repeated_into_the_page(client, source, path):
    response = client.get(path, {"before": "<img src=x onerror=alert(document.domain)>"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<img" not in page
    assert "onerror" not in page


@pytest.mark.parametrize("cursor", ["1-99999999999999999999", "1-0", "99999999999999999999999-1"])
def test_out_of_range_cursor_is_a_400_not_a_crash(client, source, cursor):
    assert client.get("/", {"before": cursor}).status_code == 400


def test_deep_page_query_bounds_the_index_scan(source):
    """Without a plain last_changed_at <= bound the database reads every newer row."""
    story(source, "only", NOW)
    cursor = paging.encode(Article.objects.get())
    queryset = Article.objects.all()
    with CaptureQueriesContext(connection) as queries:
        paging.recent_page(queryset, cursor, 10)
    where = queries.captured_queries[0]["sql"].split("WHERE", 1)[1]
    assert '"last_changed_at" <= ' in where


def test_source_filter_advertises_that_sources_feed(client, source):
    story(source, "s", NOW)
    page = client.get("/?source=courier").content.decode()
    assert 'href="/sources/courier/changes.atom"' in page
    assert 'href="/feeds/changes.atom"' not in page.split("</head>")[0]
    assert 'href="/feeds/changes.atom"' in client.get("/").content.decode().split("</head>")[0]


def test_browse_query_count_is_fixed(client, source, settings, django_assert_num_queries):
    for n in range(12):
        story(source, f"q{n}", NOW - timedelta(hours=n), changes=2)
    # The sources for the filter, the week's most edited (then cached), the page of articles.
    with django_assert_num_queries(3):
        client.get("/")
    with django_assert_num_queries(3):  # the source, its change calendar, the page of articles
        client.get("/sources/courier/")


def test_find_by_url_opens_the_history_in_any_spelling(client, source):
    harbour = harbour_story(source)
    for spelling in (
        "https://courier.example/news/harbour-bridge-closure",
        "http://COURIER.example:80/news/harbour-bridge-closure?utm_source=twitter",
        "  https://courier.example/news/harbour-bridge-closure#comments ",
    ):
        response = client.get("/find/", {"url": spelling})
        assert response.status_code == 302, spelling
        assert response["Location"] == f"/articles/{harbour.pk}/"


def test_find_unknown_url_says_not_tracked(client, source):
    response = client.get("/find/", {"url": "https://elsewhere.example/story"})
    assert response.status_code == 404
    assert b"Not tracked" in response.content
    assert b"https://elsewhere.example/story" in response.content


def test_find_nonsense_says_it_is_not_an_address(client, db):
    response = client.get("/find/", {"url": "ftp://<script>x</script>"})
    assert response.status_code == 400
    assert b"That is not a web address" in response.content
    assert b"<script>x" not in response.content
    assert b"&lt;script&gt;x" in response.content


def test_find_accepts_an_address_without_its_scheme(client, source):
    harbour = harbour_story(source)
    response = client.get("/find/", {"url": "courier.example/news/harbour-bridge-closure"})
    assert response["Location"] == f"/articles/{harbour.pk}/"


def test_find_accepts_an_address_without_its_scheme_that_names_another_link(client, source):
    harbour = harbour_story(source)
    typed = "courier.example/news/harbour-bridge-closure?utm_referrer=https://t.example/x"
    response = client.get("/find/", {"url": typed})
    assert response["Location"] == f"/articles/{harbour.pk}/"


def test_source_page_lists_its_articles_and_has_feeds(client, source):
    other = make_source("gazette", "The Gazette")
    story(source, "mine", NOW)
    story(other, "theirs", NOW)
    page = client.get("/sources/courier/").content.decode()
    assert titles(page) == ["Story mine"]
    assert 'href="/sources/courier/changes.atom"' in page
    assert client.get("/sources/nope/").status_code == 404


def test_sources_page_counts_articles_and_changes(client, source, django_assert_num_queries):
    harbour = harbour_story(source)
    Article.objects.filter(pk=harbour.pk).update(last_checked_at=NOW)
    story(source, "two", NOW, changes=3)
    make_source("gazette", "The Gazette")
    with django_assert_num_queries(1):
        page = client.get("/sources/").content.decode()
    row = page[page.index("The Local Courier</a>") :]
    assert '<td class="number">2</td>' in row  # articles
    assert '<td class="number">5</td>' in row  # changes: 2 + 3
    assert 'title="10 March 2026 12:00 (UTC)"' in row
    assert "never" in page[page.index("The Gazette</a>") :]


def test_about_explains_schedule_boring_and_stopping(client, db, settings):
    settings.NEWSDIFFS_STOP_AFTER_DAYS = 40
    settings.NEWSDIFFS_SCHEDULE = [(3 * 3600, 900), (86400, 3600), (7 * 86400, 10800)]
    page = client.get("/about/").content.decode()
    assert "less than 3 hours old: every 15 minutes;" in page
    assert "less than 1 day old: every hour;" in page
    assert "after that, every 3 hours until it stops." in page
    assert "What “boring” means" in page
    assert "README" not in page
    assert 'read-only JSON API: <a href="/api/articles/">' in page
    assert "not changed for 40 days" in page


def test_find_box_repeats_what_was_typed_when_it_is_not_an_address(client, db):
    page = client.get("/find/", {"url": "javascript:alert(1)"}).content.decode()
    assert "“javascript:alert(1)” is not an http or https address" in page
    assert "https://javascript" not in page


def test_an_unknown_page_gets_the_site_s_own_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Not found</h1>" in page
    assert 'href="/sources/"' in page


def test_a_cursor_is_the_last_change_in_microseconds_and_the_article_id():
    article = SimpleNamespace(last_changed_at=datetime(2026, 3, 9, 18, 0, 0, 123, tzinfo=UTC), pk=7)

    assert paging.encode(article) == "1773079200000123-7"
    assert paging.decode("1773079200000123-7") == (article.last_changed_at, 7)


@pytest.mark.parametrize("pk", [1, 2**63 - 1])
def test_a_cursor_takes_any_64_bit_article_id(pk):
    assert paging.decode(f"0-{pk}") == (datetime(1970, 1, 1, tzinfo=UTC), pk)


@pytest.mark.parametrize("cursor", ["5-0", f"5-{2**63}", "5--1", "5", "5-6-7", "5-x", ""])
def test_a_cursor_this_module_did_not_write_is_refused(cursor):
    with pytest.raises(paging.BadCursor) as caught:
        paging.decode(cursor)

    assert str(caught.value) == "not a page cursor"


def test_a_last_page_exactly_full_has_no_next_page(source):
    for n in range(2):
        story(source, f"s{n}", NOW - timedelta(hours=n))

    rows, cursor = paging.recent_page(Article.objects.all(), None, 2)

    assert len(rows) == 2
    assert cursor is None


def test_the_next_cursor_points_after_the_last_article_shown(source):
    for n in range(3):
        story(source, f"s{n}", NOW - timedelta(hours=n))
    queryset = Article.objects.all()

    rows, cursor = paging.recent_page(queryset, "", 2)
    rest, end = paging.recent_page(queryset, cursor, 2)

    assert cursor == paging.encode(rows[-1])
    assert [a.url for a in rows + rest] == [f"https://courier.example/news/s{n}" for n in range(3)]
    assert end is None


def test_a_page_reads_one_article_more_than_it_shows(source):
    """The extra row says whether a next page exists; nothing counts the rest."""
    for n in range(5):
        story(source, f"s{n}", NOW - timedelta(hours=n))

    with CaptureQueriesContext(connection) as queries:
        paging.recent_page(Article.objects.all(), None, 2)

    assert queries.captured_queries[0]["sql"].endswith("LIMIT 3")


def test_robots_txt_keeps_crawlers_off_the_admin_and_search(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines == ["User-agent: *", "Disallow: /admin/", "Disallow: /search/"]
