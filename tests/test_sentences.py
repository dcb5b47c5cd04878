"""Sentence starts for the #pNsM anchors: abbreviations, initials, numbers."""

import time

import pytest

from articles.comparison.sentences import cut_at_sentences, sentence_starts, sentences


def test_plain_sentences_are_split_after_their_end_and_the_space():
    assert sentences("The bridge closes. Ferries run! Who pays? Nobody knows.") == [
        "The bridge closes. ",
        "Ferries run! ",
        "Who pays? ",
        "Nobody knows.",
    ]


def test_a_text_of_one_sentence_starts_once():
    assert sentence_starts("One sentence without an end") == [0]
    assert sentence_starts("") == [0]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith said the bridge would close.",
        "Dr. Jones and Prof. Lee agreed.",
        "U.S. officials said so.",
        "The U.S. Senate voted.",
        "J. K. Rowling wrote it.",
        "Costs rose by 3.5 percent to $1.2 million.",
        "Bring tools, e.g. Hammers and saws.",
        "He lives at No. 10 Downing Street.",
        "Smith Inc. Reported a loss.",
        "It ended on Jan. 5 after talks.",
        "Apples, pears, etc. and more.",
    ],
)
def test_abbreviations_initials_and_decimals_end_no_sentence(text):
    assert sentences(text) == [text]


def test_a_plain_word_before_a_full_stop_ends_a_sentence():
    assert sentences("He said no. Then he left.") == ["He said no. ", "Then he left."]
    assert sentences("Prices fell in 2024. Then they rose.") == [
        "Prices fell in 2024. ",
        "Then they rose.",
    ]


def test_a_full_stop_after_no_word_ends_a_sentence():
    assert sentences("It rose 5 %. Then it fell.") == ["It rose 5 %. ", "Then it fell."]
    assert sentences("He said “no”. Then he left.") == ["He said “no”. ", "Then he left."]


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    text = "“We will rebuild.” The mayor left (for now.) Talks go on."
    assert sentences(text) == ["“We will rebuild.” ", "The mayor left (for now.) ", "Talks go on."]


def test_a_lower_case_word_after_a_full_stop_continues_the_sentence():
    assert sentences("The vote was 5 to 4. and then adjourned.") == [
        "The vote was 5 to 4. and then adjourned."
    ]


def test_an_exclamation_or_ellipsis_ends_a_sentence_even_after_a_short_word():
    assert sentences("Stop! Go… Now? Yes.") == ["Stop! ", "Go… ", "Now? ", "Yes."]
    assert sentences("It was the U.S.! Really.") == ["It was the U.S.! ", "Really."]


def test_a_sentence_may_start_with_a_number_or_a_quote():
    assert sentences("It fell. 12 people left. “Why?” she asked.") == [
        "It fell. ",
        "12 people left. ",
        "“Why?” she asked.",
    ]


def test_the_same_text_gives_the_same_starts():
    text = "One. Two. Mr. Three four. Five."
    assert sentence_starts(text) == sentence_starts(text) == [0, 5, 10, 26]


def test_sentences_rebuild_the_text():
    text = "A b. C d! E f? G. h i. J K. L. Mm nn. Oo."
    assert "".join(sentences(text)) == text


def test_a_huge_text_is_split_in_linear_time():
    # Runs of dots, quotes and spaces that end no sentence once took time
    # growing with their square (minutes for these).
    text = ("Word " * 50 + "end. ") * 4000 + "x" * 200_000 + ". " + "." * 100_000 + "x"
    text += "!" * 50_000 + "”" * 50_000 + "x" + "?" * 50_000 + " " * 50_000
    started = time.process_time()
    starts = sentence_starts(text)
    assert time.process_time() - started < 2.0
    assert len(starts) >= 4000


def test_cut_at_sentences_numbers_each_sentence_of_the_new_side_where_it_starts():
    segments = [["equal", "One two. Three "], ["delete", "four. Old"], ["insert", "five. New"]]
    assert cut_at_sentences(segments, {"equal", "insert"}) == [
        ("equal", "One two. ", 1),
        ("equal", "Three ", 2),
        ("delete", "four. Old", None),
        ("insert", "five. ", None),
        ("insert", "New", 3),
    ]


def test_cut_at_sentences_numbers_the_old_side_without_the_insertions():
    segments = [["equal", "One two. Three "], ["delete", "four. Old"], ["insert", "five. New"]]
    assert cut_at_sentences(segments, {"equal", "delete"}) == [
        ("equal", "One two. ", 1),
        ("equal", "Three ", 2),
        ("delete", "four. ", None),
        ("delete", "Old", 3),
        ("insert", "five. New", None),
    ]


def test_a_sentence_starting_at_a_segment_boundary_is_numbered_there():
    segments = [["equal", "First. "], ["insert", "Second."]]
    assert cut_at_sentences(segments, {"equal", "insert"}) == [
        ("equal", "First. ", 1),
        ("insert", "Second.", 2),
    ]


def test_cut_pieces_rebuild_the_segments():
    segments = [["equal", "Aa bb. Cc dd. "], ["insert", "Ee ff. Gg"], ["equal", " hh. Ii jj."]]
    pieces = cut_at_sentences(segments, {"equal", "insert"})
    assert "".join(text for _, text, _ in pieces) == "Aa bb. Cc dd. Ee ff. Gg hh. Ii jj."
    assert [number for *_, number in pieces if number] == [1, 2, 3, 4, 5]
