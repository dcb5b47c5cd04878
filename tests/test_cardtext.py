"""The share card's words: which sentence, wrapped into lines, cut with an ellipsis."""

import time

from articles.comparison import diffing
from articles.comparison.diffing import DELETE, EQUAL, INSERT
from articles.reader import cardtext
from articles.reader.cardtext import ELLIPSIS, first_changed_sentence, spoken, wrap


def mono(text):
    """Ten pixels a character: a monospace font."""
    return 10 * len(text)


def texts(lines):
    return ["".join(text for _, text in line) for line in lines]


def test_short_text_is_one_line():
    assert wrap([[EQUAL, "Bridge to close"]], mono, 200, 3) == [[[EQUAL, "Bridge to close"]]]


def test_words_wrap_at_spaces_without_spaces_at_the_ends_of_lines():
    lines = wrap([[EQUAL, "aaaa bbbb cccc dddd"]], mono, 100, 3)
    assert texts(lines) == ["aaaa bbbb", "cccc dddd"]


def test_a_line_exactly_as_wide_as_the_card_fits():
    assert texts(wrap([[EQUAL, "aaaa bbbbb"]], mono, 100, 2)) == ["aaaa bbbbb"]
    assert texts(wrap([[EQUAL, "aaaa bbbbbb"]], mono, 100, 2)) == ["aaaa", "bbbbbb"]


def test_text_past_the_last_line_is_cut_with_an_ellipsis_that_fits():
    lines = wrap([[EQUAL, "aaaa bbbb cccc dddd eeee"]], mono, 100, 2)
    assert texts(lines) == ["aaaa bbbb", "cccc dddd" + ELLIPSIS]
    assert all(sum(mono(t) for _, t in line) <= 100 for line in lines)


def test_a_full_last_line_gives_up_characters_for_the_ellipsis():
    lines = wrap([[EQUAL, "aaaaaaaaaa bbbbbbbbbb"]], mono, 100, 1)
    assert texts(lines) == ["aaaaaaaaa" + ELLIPSIS]


def test_a_word_wider_than_a_line_is_broken_across_lines():
    lines = wrap([[EQUAL, "ab " + "x" * 25]], mono, 100, 4)
    assert texts(lines) == ["ab xxxxxxx", "xxxxxxxxxx", "xxxxxxxx"]


def test_changes_keep_their_op_across_a_line_break():
    runs = [[EQUAL, "last "], [DELETE, "three long"], [INSERT, " six"], [EQUAL, " weeks"]]
    lines = wrap(runs, mono, 100, 3)
    assert lines == [
        [[EQUAL, "last "], [DELETE, "three"]],
        [[DELETE, "long"], [INSERT, " six"]],
        [[EQUAL, "weeks"]],
    ]


def test_a_200000_character_word_is_wrapped_at_once():
    started = time.process_time()
    lines = wrap([[EQUAL, "x" * 200_000]], mono, 1000, 3)
    assert time.process_time() - started < 0.5
    assert len(lines) == 3
    assert texts(lines)[-1].endswith(ELLIPSIS)


def test_text_past_the_character_budget_ends_with_an_ellipsis_even_if_lines_remain():
    lines = wrap([[EQUAL, "word " * 1000]], mono, 100_000, 3)
    assert texts(lines)[-1].endswith(ELLIPSIS)
    assert sum(len(t) for t in texts(lines)) <= cardtext.MAX_CHARS + 1


def test_spoken_names_the_changes_in_the_same_words():
    lines = [[[EQUAL, "last "], [DELETE, "three"]], [[DELETE, "long"], [INSERT, " six"]]]
    assert spoken(lines) == "last [removed: three long] [added: six]"


def rows_of(old, new):
    return diffing.compare(old, new)


def test_the_first_changed_sentence_is_the_one_holding_the_first_change():
    rows = rows_of(
        ["Kept paragraph.", "It opened. It cost 5 pounds. It closed."],
        ["Kept paragraph.", "It opened. It cost 7 pounds. It closed."],
    )
    assert first_changed_sentence(rows) == [
        [EQUAL, "It cost "],
        [DELETE, "5"],
        [INSERT, "7"],
        [EQUAL, " pounds. "],
    ]


def test_a_removed_paragraph_gives_its_first_sentence():
    rows = rows_of(["Kept.", "Gone now. Also gone."], ["Kept."])
    assert first_changed_sentence(rows) == [[DELETE, "Gone now. "]]


def test_an_unchanged_text_gives_the_headline_change_or_nothing():
    rows = rows_of(["Same."], ["Same."])
    title = [[EQUAL, "Bridge"], [INSERT, " closes"]]
    assert first_changed_sentence(rows, title) == title
    assert first_changed_sentence(rows, [[EQUAL, "Bridge"]]) == []


def test_spoken_keeps_changes_inside_words_attached_and_separates_two_changes():
    lines = [[[EQUAL, "cost £"], [DELETE, "4.5"], [INSERT, "7.2"], [EQUAL, " million."]]]
    assert spoken(lines) == "cost £[removed: 4.5] [added: 7.2] million."


def test_runs_filling_the_character_budget_exactly_are_not_cut():
    budget = cardtext.MAX_CHARS
    exact = wrap([[EQUAL, "a" * (budget - 1) + " "]], mono, 100_000, 1)
    assert not texts(exact)[0].endswith(ELLIPSIS)
    more = wrap([[EQUAL, "a" * (budget - 1) + " "], [INSERT, "b"]], mono, 100_000, 1)
    assert texts(more)[0].endswith(ELLIPSIS)


def test_a_line_narrower_than_one_character_still_takes_one_character_a_line():
    assert texts(wrap([[EQUAL, "abc"]], mono, 5, 5)) == ["a", "b", "c"]


def test_leading_white_space_is_not_shown():
    assert wrap([[EQUAL, "  lead"]], mono, 100, 1) == [[[EQUAL, "lead"]]]


def test_a_word_exactly_as_wide_as_a_line_goes_whole_onto_the_next():
    assert texts(wrap([[EQUAL, "ab " + "c" * 10]], mono, 100, 3)) == ["ab", "c" * 10]


def test_the_ellipsis_follows_the_last_word_not_a_space():
    lines = wrap([[EQUAL, "aaaa bbbb cccc dddd " + "e" * 11]], mono, 120, 2)
    assert texts(lines) == ["aaaa bbbb", "cccc dddd" + ELLIPSIS]


def test_a_sentence_may_open_with_a_deletion_before_the_new_text_starts():
    rows = rows_of(["Kept.", "Old start here. Same rest of it."], ["Kept.", "Same rest of it."])
    assert first_changed_sentence(rows) == [
        [DELETE, "Old start here. "],
        [EQUAL, "Same rest of it."],
    ]
