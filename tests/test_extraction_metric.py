import pytest

from articles.textnorm import shingles
from quality.metric import score_page, summarise


def test_shingles_are_four_word_runs_counted():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}


def test_a_text_shorter_than_a_shingle_is_one_short_shingle():
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("") == {}


def test_a_perfect_prediction_scores_one():
    score = score_page("one two three four five", "one two three four five")
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_extra_text_costs_precision_and_missing_text_costs_recall():
    truth = "the council voted on tuesday to rebuild the baths"
    extra = score_page(truth, truth + " most read stories today")
    assert extra.recall == 1.0
    assert extra.precision < 1.0
    missing = score_page(truth, "the council voted on tuesday")
    assert missing.precision == 1.0
    assert missing.recall == pytest.approx(2 / 6)


def test_counts_are_normalised_so_long_pages_weigh_no_more():
    score = score_page("a b c d e f", "a b c d x y")
    assert score.tp + score.fp + score.fn == pytest.approx(1.0)


def test_summary_averages_over_pages_and_skips_undefined_ones():
    perfect = score_page("a b c d", "a b c d")
    empty = score_page("", "")
    wrong = score_page("a b c d", "w x y z")
    summary = summarise([perfect, empty, wrong])
    assert summary.precision == pytest.approx(0.5)
    assert summary.recall == pytest.approx(0.5)
    assert summary.f1 == pytest.approx(0.5)
