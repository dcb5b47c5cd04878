"""Each article's latest text kept for search: exact matches without reading chains."""

from datetime import timedelta

import pytest
from django.db import connection

from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import LatestText, Version
from articles.reader import search
from articles.storage import deltas, searchindex
from tests.reader_data import NOW, add_version, make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kept on PostgreSQL only"),
]


def found(query, limit=10, page=1):
    return [
        (r.version.article_id, r.version.number) for r in search.find(query, limit, page).results
    ]


def test_a_checks_commit_keeps_its_articles_latest_text_with_word_positions(
    track, django_capture_on_commit_callbacks
):
    article = track("harbour-bridge-closure")
    with django_capture_on_commit_callbacks(execute=True):
        check_article(article.pk, Fetcher())
    kept = LatestText.objects.get(article=article)
    version = Version.objects.get(article=article)
    assert kept.number == 1
    assert deltas.decompress_copy(1, bytes(kept.stored_text)).decode() == version.text
    # Positions: a phrase is matched in the vector itself.
    assert ":" in str(kept.vector)


def test_only_the_latest_version_is_kept_and_a_late_older_one_never_replaces_it(source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens on Monday."], NOW)
    add_version(article, "Tram", ["The tramway opens on Friday."], NOW + timedelta(hours=1))
    assert searchindex.index_pending(100) == 2
    assert list(LatestText.objects.values_list("article_id", "number")) == [(article.pk, 2)]
    # Version 1 indexed again (as a slow commit would): the row stays version 2's.
    first = Version.objects.get(article=article, number=1)
    # A row waits with its words (indexing leaves them in the vector alone).
    waiting = {"search_vector": None, "search_words": f"{first.title}\n{first.text}"}
    Version.objects.filter(pk=first.pk).update(**waiting)
    texts = {(article.pk, 1): first.text}
    assert searchindex.index_versions([first.pk], texts) == 1
    assert LatestText.objects.get(article=article).number == 2
    assert found('"opens on friday"') == [(article.pk, 2)]


def test_phrases_and_exclusions_are_exact_on_the_latest_texts(source):
    ring = make_article(source, "/news/ring")
    add_version(ring, "Roads", ["The ring road closes at noon."], NOW)
    road = make_article(source, "/news/road")
    add_version(road, "Roads", ["The road to the ring closes."], NOW + timedelta(minutes=5))
    searchindex.index_pending(100)
    assert found('"ring road"') == [(ring.pk, 1)]
    assert found("ring road") == [(road.pk, 1), (ring.pk, 1)]
    assert found("ring -noon") == [(road.pk, 1)]


def test_an_older_match_still_ranks_among_latest_ones_by_when_it_was_archived(source):
    """The first step fills the page from latest texts; an article whose match is
    an older version archived after some of them still takes its place."""
    stories = []
    for n in range(4):
        article = make_article(source, f"/news/ferry-{n}")
        add_version(article, f"Ferry {n}", ["The ferry sails at dawn."], NOW + timedelta(hours=n))
        stories.append(article)
    changed = make_article(source, "/news/changed")
    add_version(
        changed, "Harbour", ["The ferry sails at dawn."], NOW + timedelta(hours=2, minutes=30)
    )
    # Its latest version (the newest change of all) no longer mentions it.
    add_version(changed, "Harbour", ["The bridge opens at dawn."], NOW + timedelta(hours=5))
    # Changed last of all too, but its match is older than every other.
    old = make_article(source, "/news/old")
    add_version(old, "Quay", ["The ferry sails at dusk."], NOW - timedelta(hours=1))
    add_version(old, "Quay", ["The quay is closed."], NOW + timedelta(hours=6))
    searchindex.index_pending(100)
    assert found("ferry", limit=2) == [(stories[3].pk, 1), (changed.pk, 1)]
    assert found("ferry", limit=2, page=2) == [(stories[2].pk, 1), (stories[1].pk, 1)]
    assert found("ferry", limit=2, page=3) == [(stories[0].pk, 1), (old.pk, 1)]
    assert found("ferry", limit=10) == [
        (stories[3].pk, 1),
        (changed.pk, 1),
        (stories[2].pk, 1),
        (stories[1].pk, 1),
        (stories[0].pk, 1),
        (old.pk, 1),
    ]


def test_a_latest_text_not_current_is_not_trusted(source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens on Monday."], NOW)
    searchindex.index_pending(100)
    # A new version, not indexed yet: the kept text is version 1's.
    add_version(article, "Tram", ["The tramway is delayed."], NOW + timedelta(hours=1))
    assert found("delayed") == [(article.pk, 2)]
    assert found("monday") == [(article.pk, 1)]


def test_a_damaged_kept_text_is_never_shown_the_chain_is_read_instead(client, source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens on Monday."], NOW)
    searchindex.index_pending(100)
    LatestText.objects.update(stored_text=deltas.compress_copy(b"The tramway is a lie."))
    page = client.get("/search/", {"q": "tramway"}).content.decode()
    assert "opens on Monday" in page
    assert "a lie" not in page
    LatestText.objects.update(stored_text=b"\x28\xb5\x2f\xfd garbage")
    page = client.get("/search/", {"q": "tramway"}).content.decode()
    assert "opens on Monday" in page


def test_hidden_articles_are_not_found_through_their_latest_text(source):
    article = make_article(source, "/news/tram")
    add_version(article, "Tram", ["The tramway opens."], NOW)
    searchindex.index_pending(100)
    assert found("tramway") == [(article.pk, 1)]
    article.is_hidden = True
    article.save()
    assert found("tramway") == []
