"""Search in older versions: ranges narrowed by keyframes and by the versions that
added a word, never at the cost of a match (PostgreSQL)."""

from datetime import timedelta

import pytest
from django.db import connection

from articles.models import Version
from articles.reader import oldermatches, search
from articles.storage import deltas, searchindex
from tests.reader_data import NOW, add_version, make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="narrowed on PostgreSQL only"),
]


def history(source, path, has_words):
    """An article of 70 versions (keyframes at 1, 33 and 65); version n has the
    words has_words(n) returns, beside a sentence of its own."""
    article = make_article(source, path)
    for n in range(1, 71):
        extra = " ".join(has_words(n))
        paragraphs = [f"Council notice number {n}.", f"The meeting discussed {extra} works."]
        add_version(article, "Notice", paragraphs, NOW + timedelta(hours=n))
    searchindex.index_pending(1000)
    return article


def newest_with(query):
    return [(r.version.article_id, r.version.number) for r in search.find(query, 10).results]


def test_the_history_has_keyframes_where_the_ranges_are_cut(source):
    article = history(source, "/news/plain", lambda n: [])
    keyframes = Version.objects.filter(article=article).exclude(
        text_codec=Version.TextCodec.ZSTD_DELTA
    )
    assert sorted(keyframes.values_list("number", flat=True)) == [
        1,
        1 + deltas.KEYFRAME_INTERVAL,
        1 + 2 * deltas.KEYFRAME_INTERVAL,
    ]


def test_a_word_removed_past_a_keyframe_is_found_in_its_last_version(source):
    article = history(source, "/news/tram", lambda n: ["tramway"] if n <= 40 else [])
    assert newest_with("tramway") == [(article.pk, 40)]


def test_a_word_added_again_later_is_found_in_its_newest_stretch(source):
    def words(n):
        return ["tramway"] if n <= 10 or 51 <= n <= 60 else []

    article = history(source, "/news/tram-again", words)
    assert newest_with("tramway") == [(article.pk, 60)]


def test_a_keyframe_without_the_word_does_not_hide_an_older_stretch(source):
    # Absent from the keyframes at 33 and 65, present between them.
    article = history(source, "/news/gap", lambda n: ["tramway"] if 40 <= n <= 50 else [])
    assert newest_with("tramway") == [(article.pk, 50)]


def test_two_words_present_together_only_before_a_keyframe_that_has_both_apart(source):
    def words(n):
        if n <= 20:
            return ["tramway", "harbour"]
        return ["tramway"] if n % 2 else ["harbour"]

    article = history(source, "/news/both", words)
    assert newest_with("tramway harbour") == [(article.pk, 20)]
    assert newest_with('"harbour works"') == [(article.pk, 70)]


def test_a_version_that_does_not_decode_on_the_way_up_is_passed_over(source):
    article = history(source, "/news/damaged", lambda n: ["tramway"] if n <= 40 else [])
    Version.objects.filter(article=article, number=38).update(stored_text=b"not a zstd frame")
    # 38 to 40 no longer read back (each is a delta on the one before): the
    # newest version that reads and has the word is 37.
    assert newest_with("tramway") == [(article.pk, 37)]


def test_a_word_alone_is_searched_for_in_its_range_not_read_through(source, monkeypatch):
    article = history(source, "/news/upward", lambda n: ["tramway"] if n <= 36 else [])
    seen = []
    matching = oldermatches.matching

    def counting(query, documents):
        seen.append(len(documents))
        return matching(query, documents)

    monkeypatch.setattr(oldermatches, "matching", counting)
    assert newest_with("tramway") == [(article.pk, 36)]
    # The keyframes at 1, 33 and 65 are probed: 33 to 64 is left. Then 33, 41,
    # 49, 57 and 64 are matched (only 33 has the word), 35, 37, 39 and 40 (35),
    # and 36: ten of the thirty-two.
    assert seen == [3, 5, 4, 1]


@pytest.mark.parametrize(
    ("low", "high", "with_low", "points"),
    [
        (33, 64, True, [33, 41, 49, 57, 64]),
        (33, 40, False, [35, 37, 39, 40]),
        (35, 36, False, [36]),
        (5, 5, True, [5]),
        (1, 3, False, [2, 3]),
    ],
)
def test_each_round_matches_a_few_versions_spread_over_the_range(low, high, with_low, points):
    assert oldermatches._points(low, high, with_low) == points
