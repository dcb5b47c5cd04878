import hashlib
from collections import Counter

from articles.textnorm import (
    bytes_hash,
    comparison_key,
    is_boring_change,
    normalise_line,
    normalise_paragraphs,
    normalise_text,
    shingles,
    text_hash,
)


def test_whitespace_runs_and_no_break_spaces_collapse():
    assert normalise_line("  a\u00a0\u00a0b \t\n c ") == "a b c"


def test_text_is_composed_to_nfc():
    assert normalise_line("Cafe\u0301") == "Caf\u00e9"


def test_soft_hyphens_and_zero_width_spaces_vanish():
    assert normalise_line("news\u00adpaper\u200b") == "newspaper"


def test_paragraphs_are_joined_by_one_blank_line_and_empty_ones_dropped():
    assert normalise_paragraphs(["One.", "  ", "Two  words."]) == "One.\n\nTwo words."


def test_normalising_paragraphs_is_idempotent():
    text = normalise_paragraphs(["A  b.", "", "C\u00a0d.", " ", "E."])
    assert text == "A b.\n\nC d.\n\nE."
    assert normalise_paragraphs(text.split("\n\n")) == text


def test_hash_separates_parts():
    assert text_hash("ab", "c") != text_hash("a", "bc")


def test_case_punctuation_and_whitespace_changes_are_boring():
    assert is_boring_change("The mayor said: yes.", "The Mayor said yes")
    assert is_boring_change("one two", "one  two")


def test_a_changed_word_is_not_boring():
    assert not is_boring_change("The mayor said yes.", "The mayor said no.")


def test_a_changed_number_or_symbol_is_not_boring():
    assert not is_boring_change("It cost £5.", "It cost $5.")
    assert comparison_key("20,000") == comparison_key("20000")
    assert not is_boring_change("20,000 cars", "21,000 cars")


def test_identical_texts_are_not_a_change_at_all():
    assert not is_boring_change("same", "same")


def test_a_text_is_split_into_paragraphs_at_blank_lines_even_with_spaces_in_them():
    text = "One  para.\n \t\nTwo\u00a0para.\n\n\n\nThree."
    assert normalise_text(text) == "One para.\n\nTwo para.\n\nThree."


def test_a_single_line_break_stays_inside_its_paragraph():
    assert normalise_text("Line one\nline two.\n\nNext.") == "Line one line two.\n\nNext."


def test_no_text_normalises_to_an_empty_text():
    assert normalise_text(None) == ""
    assert normalise_text(" \n\n ") == ""
    assert normalise_line(None) == ""


def test_a_text_hash_is_sha256_of_each_part_in_utf8_ended_by_a_nul():
    # Stored hashes are compared with new ones (unchanged texts, reverts): the
    # format must not drift.
    assert text_hash("Café", "x") == hashlib.sha256("Café\x00x\x00".encode()).hexdigest()
    assert text_hash(None, "x") == text_hash("", "x")
    assert text_hash("", "x") == hashlib.sha256(b"\x00x\x00").hexdigest()
    assert text_hash("a") != text_hash("a", "")


def test_a_body_hash_is_sha256_of_the_bytes_and_a_missing_body_hashes_as_empty():
    assert bytes_hash(b"<p>x</p>") == hashlib.sha256(b"<p>x</p>").hexdigest()
    assert bytes_hash(None) == bytes_hash(b"") == hashlib.sha256(b"").hexdigest()


def test_shingles_are_the_runs_of_four_words_counted():
    assert shingles("The cat sat on the mat, the cat sat on") == Counter(
        {
            ("The", "cat", "sat", "on"): 1,
            ("cat", "sat", "on", "the"): 1,
            ("sat", "on", "the", "mat"): 1,
            ("on", "the", "mat", "the"): 1,
            ("the", "mat", "the", "cat"): 1,
            ("mat", "the", "cat", "sat"): 1,
            ("the", "cat", "sat", "on"): 1,
        }
    )
    assert shingles("a b a b a b", size=2) == Counter({("a", "b"): 3, ("b", "a"): 2})


def test_a_text_shorter_than_a_shingle_is_one_short_shingle_and_no_words_none():
    assert shingles("Two words.") == Counter({("Two", "words"): 1})
    assert shingles("Four words are here") == Counter({("Four", "words", "are", "here"): 1})
    assert shingles("— !") == Counter()
    assert shingles(None) == Counter()


def test_the_comparison_key_is_the_text_without_case_white_space_or_punctuation():
    assert comparison_key("The Mayor, said:\u00a0«yes»!") == "themayorsaidyes"
    assert comparison_key("\uff26\uff55\uff4c\uff4c-width") == "fullwidth"  # full-width letters
    assert comparison_key(None) == comparison_key("") == ""
