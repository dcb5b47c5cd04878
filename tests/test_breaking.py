"""Break opportunities in long unbroken runs of text."""

from articles.reader.breaking import LONGEST_RUN, pieces


def test_ordinary_text_is_one_piece():
    text = "A sentence with ordinary words and https://example.com/a/short/url in it."
    assert pieces(text) == [text]


def test_a_long_run_is_cut_every_longest_characters_and_joins_back():
    word = "x" * (LONGEST_RUN * 3 + 5)
    cut = pieces(f"Before {word} after.")
    assert "".join(cut) == f"Before {word} after."
    assert [len(piece) for piece in cut] == [7 + LONGEST_RUN, LONGEST_RUN, LONGEST_RUN, 5 + 7]


def test_a_run_of_exactly_the_longest_length_is_not_cut():
    assert pieces("y" * LONGEST_RUN + " z") == ["y" * LONGEST_RUN + " z"]
    assert pieces("y" * (LONGEST_RUN + 1)) == ["y" * LONGEST_RUN, "y"]


def test_cuts_never_part_a_letter_from_its_accent():
    word = "e\u0301" * 100
    cut = pieces(word, longest=10)
    assert "".join(cut) == word
    assert all(piece.startswith("e") and len(piece) == 20 for piece in cut)


def test_white_space_a_browser_wraps_at_ends_a_run():
    text = ("a" * 50 + "\n") * 3 + ("b" * 50 + "\t") + ("c" * 50 + "\u3000") + "d" * 50
    assert pieces(text) == [text]


def test_a_no_break_space_does_not_end_a_run():
    text = "b" * 40 + "\u00a0" + "c" * 40
    assert pieces(text) == [text[:LONGEST_RUN], text[LONGEST_RUN:]]
