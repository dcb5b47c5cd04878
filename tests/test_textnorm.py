from articles.textnorm import (
    comparison_key,
    is_boring_change,
    normalise_line,
    normalise_paragraphs,
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
