"""A page of articles whose latest text matches, and the candidates left: split
from articles latest change first, in batches, or found wanting."""

from datetime import timedelta

import pytest
from django.db import connection

from articles.reader import pagesplit, search
from articles.storage import searchindex
from tests.reader_data import NOW, add_version, make_article


def rows(*changes):
    """(id, latest number, last change) rows, latest change first, ids 1, 2, ..."""
    return [(n, 1, NOW - timedelta(hours=hours)) for n, hours in enumerate(changes, 1)]


def matching(*ids):
    return lambda batch: set(ids)


def test_the_page_is_the_first_that_match_and_the_candidates_those_before_its_end():
    latest, changed_since, others = pagesplit.split(
        rows(1, 2, 3, 4, 5), matching(2, 4, 5), wanted=2, scan=10, complete=False
    )
    assert [row[0] for row in latest] == [2, 4]
    assert changed_since == NOW - timedelta(hours=4)
    assert [row[0] for row in others] == [1, 3]


def test_a_tie_with_the_page_end_is_a_candidate_too():
    found = rows(1, 2, 2, 3)
    latest, _, others = pagesplit.split(found, matching(2), wanted=1, scan=10, complete=False)
    assert [row[0] for row in latest] == [2]
    assert [row[0] for row in others] == [1, 3]


def test_rows_that_end_before_the_page_does_are_not_an_answer_unless_they_are_all():
    assert pagesplit.split(rows(1, 2), matching(1), 2, 10, complete=False) is None
    latest, changed_since, others = pagesplit.split(rows(1, 2), matching(1), 2, 10, complete=True)
    assert [row[0] for row in latest] == [1]
    assert changed_since is None
    assert [row[0] for row in others] == [2]


def test_rows_ending_on_the_page_end_may_hide_a_tie():
    assert pagesplit.split(rows(1, 2, 2), matching(3), 1, 10, complete=False) is None


def test_batches_grow_and_stop_at_the_page_end():
    asked = []

    def latest_matching(batch):
        asked.append(len(batch))
        return {row[0] for row in batch if row[0] % 2}

    pagesplit.split(rows(*range(100)), latest_matching, wanted=3, scan=10, complete=True)
    assert asked == [11]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_a_walk_of_recent_articles_that_finds_too_few_leaves_it_to_two_queries(source):
    # 25 recent articles no longer have the word; 5 older ones still do.
    for n in range(30):
        article = make_article(source, f"/news/{n}")
        changed = NOW + timedelta(hours=n)
        kept = n < 5
        add_version(article, f"Story {n}", ["The tramway opens."], changed - timedelta(minutes=5))
        if not kept:
            add_version(article, f"Story {n}", ["The buses run."], changed)
    searchindex.index_pending(1000)
    needs = search.needed("tramway")._replace(rare=False)
    assert search._latest_and_candidates("tramway", 3, 500, needs)[1] is not None
    walked = search._recent_with_words("tramway", needs, 23)
    assert len(walked) == 23
    assert not any(row[3] for row in walked)
    page = search.find("tramway", 2, 1)
    newest = NOW + timedelta(hours=29) - timedelta(minutes=5)
    assert [r.version.archived_at for r in page.results] == [newest, newest - timedelta(hours=1)]


@pytest.mark.django_db
def test_results_rank_by_their_versions_time_a_boring_latest_one_included(source):
    recent = make_article(source, "/news/recent")
    add_version(recent, "Tramway", ["The tramway opens."], NOW + timedelta(hours=2))
    touched = make_article(source, "/news/touched")
    add_version(touched, "Tramway", ["The tramway opens."], NOW + timedelta(hours=1))
    # Only its punctuation changed: its last change stays an hour in.
    add_version(touched, "Tramway", ["The tramway opens!"], NOW + timedelta(hours=3))
    touched.refresh_from_db()
    assert touched.last_changed_at == NOW + timedelta(hours=1)
    searchindex.index_pending(100)
    results = search.find("tramway", 10).results
    assert [(r.version.article_id, r.version.number) for r in results] == [
        (touched.pk, 2),
        (recent.pk, 1),
    ]
