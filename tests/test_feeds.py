"""Atom and RSS feeds of changes, read with a real feed parser."""

from datetime import timedelta

import feedparser

from tests.reader_data import NOW, add_version, make_article, make_source


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def test_article_feed_lists_real_changes_newest_first(client, harbour):
    response, feed = parse(client, f"/articles/{harbour.pk}/changes.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        f"http://testserver/articles/{harbour.pk}/diff/3/4/",
        f"http://testserver/articles/{harbour.pk}/diff/1/2/",
    ]
    newest = feed.entries[0]
    assert newest.title == "Harbour bridge to close for six weeks (version 4)"
    assert newest.summary == "The Local Courier: +25 / -7 characters, byline changed"
    assert feed.entries[1].summary == "The Local Courier: +56 / -5 characters, headline changed"


def test_article_feed_as_rss(client, harbour):
    _, feed = parse(client, f"/articles/{harbour.pk}/changes.rss")
    assert feed.version == "rss20"
    assert len(feed.entries) == 2
    assert feed.entries[0].link.endswith(f"/articles/{harbour.pk}/diff/3/4/")


def test_source_and_all_feeds(client, source, harbour):
    other = make_source("gazette", "The Gazette")
    theirs = make_article(other, "/a")
    add_version(theirs, "Theirs", ["One."], NOW)
    add_version(theirs, "Theirs", ["One and two."], NOW + timedelta(hours=1))
    _, everything = parse(client, "/feeds/changes.atom")
    assert len(everything.entries) == 3
    assert everything.entries[0].title == "Theirs (version 2)"
    _, courier = parse(client, "/sources/courier/changes.atom")
    assert len(courier.entries) == 2
    _, gazette = parse(client, "/sources/gazette/changes.rss")
    assert [e.title for e in gazette.entries] == ["Theirs (version 2)"]
    assert client.get("/sources/nope/changes.atom").status_code == 404


def test_feed_entry_text_is_escaped(client, source):
    article = make_article(source)
    add_version(article, "<b>Bold</b> & <script>x()</script>", ["One."], NOW)
    add_version(article, "<b>Bold</b> & <script>x()</script>", ["Two."], NOW + timedelta(hours=1))
    source.name = "<i>Courier</i>"
    source.save()
    response, feed = parse(client, f"/articles/{article.pk}/changes.atom")
    assert feed.entries[0].title == "<b>Bold</b> & <script>x()</script> (version 2)"
    assert b"<script>" not in response.content
    # Escaped once for HTML, once for XML: readers show the tags as text.
    assert b"&amp;lt;i&amp;gt;Courier&amp;lt;/i&amp;gt;" in response.content
    assert feed.entries[0].summary == "&lt;i&gt;Courier&lt;/i&gt;: +4 / -4 characters"


def removed(article, when):
    article.state = article.State.GONE
    article.missing_since = when
    article.save()
    return article


def test_a_removed_article_has_an_entry_saying_so_in_its_feed(client, harbour):
    removed(harbour, NOW + timedelta(days=2))
    _, feed = parse(client, f"/articles/{harbour.pk}/changes.atom")
    entry = feed.entries[0]
    assert entry.title == "Harbour bridge to close for six weeks (removed from the source)"
    assert entry.summary == (
        "The Local Courier: removed from the source: "
        "https://courier.example/news/harbour-bridge-closure answers “not found”"
    )
    assert entry.link == f"http://testserver/articles/{harbour.pk}/"
    assert entry.updated.startswith("2026-03-12T12:00:00")
    assert [e.title.endswith("(version 4)") for e in feed.entries[1:]] == [True, False]


def test_removals_go_to_the_site_and_source_feeds_in_time_order(client, source, harbour):
    other = make_source("gazette", "The Gazette")
    theirs = removed(make_article(other, "/a"), NOW - timedelta(days=3))
    add_version(theirs, "Theirs", ["One."], NOW - timedelta(days=5))
    removed(harbour, NOW - timedelta(hours=1))  # its last change was a day before
    _, everything = parse(client, "/feeds/changes.rss")
    assert [e.title for e in everything.entries] == [
        "Harbour bridge to close for six weeks (removed from the source)",
        "Harbour bridge to close for six weeks (version 4)",
        "Harbour bridge to close for six weeks (version 2)",
        "Theirs (removed from the source)",
    ]
    _, courier = parse(client, "/sources/courier/changes.atom")
    assert len(courier.entries) == 3
    _, gazette = parse(client, "/sources/gazette/changes.atom")
    assert [e.title for e in gazette.entries] == ["Theirs (removed from the source)"]


def test_a_removed_article_that_is_hidden_or_back_has_no_removal_entry(client, source, harbour):
    other = make_article(source, "/b")
    add_version(other, "Other", ["One."], NOW)
    removed(other, NOW).resume(NOW)
    other.save()
    removed(harbour, NOW)
    harbour.is_hidden = True
    harbour.save()
    _, everything = parse(client, "/feeds/changes.atom")
    assert everything.entries == []


def test_feed_queries_do_not_grow_with_entries(client, source, django_assert_num_queries):
    for n in range(5):
        article = make_article(source, f"/f{n}")
        for v in range(3):
            add_version(article, f"T{n} {v}", [f"x {v}"], NOW + timedelta(hours=v))
    with django_assert_num_queries(2):  # the changes, the removals
        client.get("/feeds/changes.atom")


def test_pages_with_feeds_link_to_them(client, harbour):
    home = client.get("/").content.decode()
    assert 'rel="alternate" type="application/atom+xml" title="All changes (Atom)"' in home
    source_page = client.get("/sources/courier/").content.decode()
    assert 'href="/sources/courier/changes.rss"' in source_page
    diff = client.get(f"/articles/{harbour.pk}/diff/1/2/").content.decode()
    assert f'href="/articles/{harbour.pk}/changes.atom"' in diff


def test_source_and_article_feed_queries_do_not_grow_with_entries(
    client, source, django_assert_num_queries
):
    for n in range(5):
        article = make_article(source, f"/f{n}")
        for v in range(3):
            add_version(article, f"T{n} {v}", [f"x {v}"], NOW + timedelta(hours=v))
    with django_assert_num_queries(3) as queries:  # the source, its changes, its removals
        client.get("/sources/courier/changes.atom")
    # Versions of the source's latest changed articles, found on the source's
    # index: not a walk through every source's versions until enough match.
    changes_sql = queries.captured_queries[1]["sql"]
    assert '"article_id" IN (SELECT' in changes_sql
    assert "LIMIT 30)" in changes_sql
    with django_assert_num_queries(3):  # the article (visible?), its changes, its removal
        client.get(f"/articles/{article.pk}/changes.atom")


def test_source_feed_has_its_latest_changes_past_newer_unchanged_articles(client, source, settings):
    settings.NEWSDIFFS_FEED_ITEMS = 3
    for n in range(4):  # changed long ago, several times each
        article = make_article(source, f"/old{n}")
        for v in range(3):
            add_version(article, f"Old {n}", [f"x {v}"], NOW - timedelta(days=10 - n, hours=-v))
    for n in range(5):  # found since, and never changed
        article = make_article(source, f"/new{n}")
        add_version(article, f"New {n}", ["Just one version."], NOW - timedelta(hours=n))
    other = make_source("gazette", "The Gazette")
    theirs = make_article(other, "/a")
    add_version(theirs, "Theirs", ["One."], NOW)
    add_version(theirs, "Theirs", ["Two."], NOW + timedelta(hours=1))
    _, feed = parse(client, "/sources/courier/changes.atom")
    assert [e.title for e in feed.entries] == [
        "Old 3 (version 3)",
        "Old 3 (version 2)",
        "Old 2 (version 3)",
    ]


def test_bidi_controls_do_not_leak_out_of_feed_titles(client, source):
    article = make_article(source)
    add_version(article, "\u202eخبر Breaking", ["One."], NOW)
    add_version(article, "\u202eخبر Breaking", ["Two."], NOW + timedelta(hours=1))
    _, feed = parse(client, f"/articles/{article.pk}/changes.atom")
    assert feed.entries[0].title == "خبر Breaking (version 2)"
    assert "\u202e" not in feed.feed.title
