"""The diff module on its own: words, paragraphs, Unicode, empty texts."""

import json
import random
import time

from articles import content
from articles.comparison import diffing
from articles.comparison.diffing import DELETE, EQUAL, INSERT


def rebuild(segments, side):
    keep = diffing.old_side if side == "old" else diffing.new_side
    return "".join(text for _, text in keep(segments))


def changed_texts(segments, op):
    return [text for kind, text in segments if kind == op]


def size(old, new):
    """What a new version's change size is: the comparison's highlights, counted."""
    return diffing.sizes(diffing.compare(content.paragraphs(old), content.paragraphs(new)))


def test_change_size_counts_the_characters_highlighted():
    assert size("The cat sat.", "The cat sat down.") == (5, 0)
    assert size("abc", "") == (0, 3)
    assert size("same", "same") == (0, 0)


def test_changed_word_is_replaced_whole_not_letter_by_letter():
    segments = diffing.word_diff("The cat sat on the mat.", "The cart sat on the mat.")
    assert changed_texts(segments, DELETE) == ["cat"]
    assert changed_texts(segments, INSERT) == ["cart"]


def test_word_diff_sides_rebuild_both_texts():
    old = "Obama discussed the crisis with US personnel and the American Embassy."
    new = "Barack Obama discussed the crisis with personnel and the US Embassy."
    segments = diffing.word_diff(old, new)
    assert rebuild(segments, "old") == old
    assert rebuild(segments, "new") == new
    assert segments[-1] == ["equal", " Embassy."]


def test_short_common_words_between_changes_are_folded_into_one_change():
    segments = diffing.word_diff("red apples and green pears", "blue plums and yellow figs")
    assert segments == [
        [DELETE, "red apples and green pears"],
        [INSERT, "blue plums and yellow figs"],
    ]


def test_deletion_comes_before_insertion_in_each_change():
    segments = diffing.word_diff("one two three", "one four three")
    assert segments == [[EQUAL, "one "], [DELETE, "two"], [INSERT, "four"], [EQUAL, " three"]]


def test_punctuation_change_is_its_own_segment():
    segments = diffing.word_diff("It rained.", "It rained!")
    assert changed_texts(segments, DELETE) == ["."]
    assert changed_texts(segments, INSERT) == ["!"]


def test_unicode_words_are_compared_whole():
    segments = diffing.word_diff(
        "Der Bürgermeister sagte «nein» — 東京", "Die Bürgermeisterin sagte «ja» — 東京"
    )
    assert changed_texts(segments, DELETE) == ["Der Bürgermeister", "nein"]
    assert changed_texts(segments, INSERT) == ["Die Bürgermeisterin", "ja"]
    assert rebuild(segments, "new") == "Die Bürgermeisterin sagte «ja» — 東京"


def test_empty_texts():
    assert diffing.word_diff("", "") == []
    assert diffing.word_diff("", "New words") == [[INSERT, "New words"]]
    assert diffing.word_diff("Old words", "") == [[DELETE, "Old words"]]
    assert diffing.compare([], []) == []


def kinds(rows):
    return [row.kind for row in rows]


def test_unchanged_paragraphs_are_equal_rows():
    rows = diffing.compare(["A one.", "B two."], ["A one.", "B two."])
    assert kinds(rows) == ["equal", "equal"]
    assert [(row.old, row.new) for row in rows] == [([0], [0]), ([1], [1])]


def test_inserted_and_deleted_paragraphs_leave_the_other_side_empty():
    rows = diffing.compare(["Kept.", "Dropped entirely here."], ["Kept.", "Brand new words added."])
    assert kinds(rows) == ["equal", "delete", "insert"]
    assert rows[1].new == []
    assert rows[2].old == []
    assert rows[1].segments == [[DELETE, "Dropped entirely here."]]


def test_edited_paragraph_is_one_changed_row_with_word_segments():
    old = ["The bridge will close on Monday for repairs.", "Other news."]
    new = ["The bridge will close on Tuesday for repairs.", "Other news."]
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["changed", "equal"]
    assert changed_texts(rows[0].segments, DELETE) == ["Monday"]
    assert changed_texts(rows[0].segments, INSERT) == ["Tuesday"]


def test_paragraph_split_in_two_is_one_row():
    old = ["Beta six seven eight nine ten. Gamma eleven twelve thirteen fourteen."]
    new = ["Beta six seven eight nine ten.", "Gamma eleven twelve thirteen fourteen."]
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["split"]
    assert rows[0].old == [0]
    assert rows[0].new == [0, 1]
    assert changed_texts(rows[0].segments, INSERT) == ["\n\n"]


def test_paragraphs_merged_into_one_is_one_row():
    old = ["First half of a longer thought here.", "Second half of it follows now."]
    new = ["First half of a longer thought here. Second half of it follows now."]
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["merged"]
    assert rows[0].old == [0, 1]
    assert rows[0].new == [0]


def test_moved_paragraph_links_its_deletion_and_insertion():
    old = ["Opening line.", "Middle part stays.", "The paragraph that moves."]
    new = ["The paragraph that moves.", "Opening line.", "Middle part stays."]
    rows = diffing.compare(old, new)
    moved_from = [i for i, row in enumerate(rows) if row.moved_from is not None]
    moved_to = [i for i, row in enumerate(rows) if row.moved_to is not None]
    assert len(moved_from) == len(moved_to) == 1
    assert rows[moved_to[0]].moved_to == moved_from[0]
    assert rows[moved_from[0]].moved_from == moved_to[0]
    assert kinds(rows).count("equal") == 2


def test_unrelated_paragraphs_are_not_paired():
    rows = diffing.compare(["Weather is sunny today."], ["Stocks fell sharply overnight."])
    assert kinds(rows) == ["delete", "insert"]


def test_rows_keep_reading_order_of_both_versions():
    old = ["A a a a.", "B b b b.", "C c c c.", "D d d d."]
    new = ["A a a a.", "B b b x.", "New one here.", "D d d d."]
    rows = diffing.compare(old, new)
    olds = [i for row in rows for i in row.old]
    news = [i for row in rows for i in row.new]
    assert olds == sorted(olds) == [0, 1, 2, 3]
    assert news == sorted(news) == [0, 1, 2, 3]


def test_rows_go_to_json_and_back():
    old = ["Same here.", "Old words here now.", "Same again."]
    new = ["Same here.", "New words here now.", "Same again."]
    rows = diffing.compare(old, new)
    stored = [row.as_json() for row in rows]
    assert stored[0]["segments"] is None
    assert json.loads(json.dumps(stored)) == stored
    assert [diffing.DiffRow.from_json(row, old) for row in stored] == rows


def test_large_rewrite_falls_back_to_delete_then_insert():
    old = [f"Old paragraph number {i} with words." for i in range(60)]
    new = [f"Completely different text {i} in here." for i in range(60)]
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["delete"] * 60 + ["insert"] * 60
    assert [(row.old, row.new) for row in rows] == [([i], []) for i in range(60)] + [
        ([], [j]) for j in range(60)
    ]
    assert [row.segments for row in rows[:60]] == [[[DELETE, p]] for p in old]
    assert [row.segments for row in rows[60:]] == [[[INSERT, p]] for p in new]


def test_similarity_ignores_case_and_punctuation():
    assert diffing.similarity("Hello, World!", "hello world") == 1.0
    assert diffing.similarity("", "") == 1.0
    assert diffing.similarity("a b", "c d") == 0.0


def test_rows_rebuild_both_texts_paragraph_by_paragraph():
    old = ["Intro stays.", "Split me here now. Into two parts here.", "Moves away.", "Gone."]
    new = ["Moves away.", "Intro stays!", "Split me here now.", "Into two parts here.", "New."]
    rows = diffing.compare(old, new)

    def side(name):
        texts = [rebuild(row.segments, name) for row in rows if getattr(row, name)]
        return "\n\n".join(texts)

    assert side("old") == "\n\n".join(old)
    assert side("new") == "\n\n".join(new)


def test_change_size_counts_exactly_on_a_long_article_with_scattered_changes():
    paragraphs = [
        f"Paragraph {i} says the river rose by {i} centimetres overnight." for i in range(3000)
    ]
    edited = [p.replace("river", "lake") if i % 7 == 0 else p for i, p in enumerate(paragraphs)]
    changed = len(range(0, 3000, 7))
    assert size("\n\n".join(paragraphs), "\n\n".join(edited)) == (4 * changed, 5 * changed)


def test_change_size_of_an_appended_paragraph_is_the_paragraph():
    # The blank line between paragraphs is no text a reader sees highlighted.
    assert size("One.\n\nTwo.", "One.\n\nTwo.\n\nThree.") == (len("Three."), 0)
    assert size("", "One.\n\nTwo.") == (len("One.") + len("Two."), 0)


def renamed_article(paragraphs=48, words=150):
    """A long article in which one surname changes in every paragraph."""
    rng = random.Random(5)
    vocabulary = [f"word{i}" for i in range(5000)]
    old = [
        " ".join(rng.choice(vocabulary) for _ in range(words)) + " Smith said."
        for _ in range(paragraphs)
    ]
    return old, [p.replace("Smith", "Smyth") for p in old]


def test_long_article_with_a_change_in_every_paragraph_pairs_quickly():
    # 48 x 150 words took about 4 s of CPU when every cell re-read its text;
    # it takes about 0.2 s now. CPU time, so a busy machine does not fail it.
    old, new = renamed_article()
    started = time.process_time()
    rows = diffing.compare(old, new)
    assert time.process_time() - started < 2.0
    assert kinds(rows) == ["changed"] * 48
    assert changed_texts(rows[0].segments, DELETE) == ["Smith"]


def test_each_paragraphs_words_are_counted_once_however_many_pairings(monkeypatch):
    counted = []
    count_words = diffing._word_counts
    monkeypatch.setattr(
        diffing, "_word_counts", lambda text: counted.append(text) or count_words(text)
    )
    old, new = renamed_article(paragraphs=20, words=30)
    diffing.compare(old, new)
    assert len(counted) == 40


def test_pairing_gives_up_on_too_many_words_not_only_too_many_paragraphs():
    rng = random.Random(3)
    long_paragraph = lambda: " ".join(f"w{rng.randrange(300)}" for _ in range(60_000))  # noqa: E731
    old = [long_paragraph() for _ in range(10)]
    new = [long_paragraph() for _ in range(10)]
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["delete"] * 10 + ["insert"] * 10


def test_all_word_diffs_of_one_comparison_share_a_time_limit(monkeypatch):
    monkeypatch.setattr(diffing, "_COMPARE_SECONDS", 0.0)
    rng = random.Random(2)
    vocabulary = [f"w{i}" for i in range(300)]
    old = [" ".join(rng.choice(vocabulary) for _ in range(400)) + "." for _ in range(20)]
    new = [" ".join(rng.choice(vocabulary) for _ in range(400)) + "." for _ in range(20)]
    started = time.process_time()
    rows = diffing.compare(old, new)
    assert time.process_time() - started < 3.0  # 0.3 s; about 10 s without the shared limit
    for row in rows:  # coarser, but still a faithful diff
        assert rebuild(row.segments, "old") == diffing.PARAGRAPH_BREAK.join(old[i] for i in row.old)
        assert rebuild(row.segments, "new") == diffing.PARAGRAPH_BREAK.join(new[j] for j in row.new)


def test_moved_and_edited_paragraph_is_linked_as_a_move_with_its_word_changes():
    old = ["Alpha one two three.", "Beta four five six.", "Gamma seven eight nine."]
    new = ["Beta four five six.", "Gamma seven eight nine.", "Alpha one two three, edited."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("delete", [0], []),
        ("equal", [1], [0]),
        ("equal", [2], [1]),
        ("insert", [], [2]),
    ]
    assert (rows[0].moved_to, rows[3].moved_from) == (3, 0)
    assert rows[0].segments == [[EQUAL, "Alpha one two three."]]
    assert rows[3].segments == [[EQUAL, "Alpha one two three"], [INSERT, ", edited"], [EQUAL, "."]]
    assert [row.is_edited_move for row in rows] == [True, False, False, True]
    # Only the words changed are highlighted, and counted, once.
    assert diffing.sizes(rows) == (len(", edited"), 0)


def test_a_move_with_words_removed_shows_them_at_its_old_place():
    old = ["Kept first.", "Kept second.", "The mayor said on Monday the bridge would close."]
    new = ["The mayor said the bridge would close.", "Kept first.", "Kept second."]
    rows = diffing.compare(old, new)
    moved_away = next(row for row in rows if row.moved_to is not None)
    assert moved_away.segments == [
        [EQUAL, "The mayor said "],
        [DELETE, "on Monday "],
        [EQUAL, "the bridge would close."],
    ]
    assert rows[moved_away.moved_to].segments == [[EQUAL, new[0]]]
    assert diffing.sizes(rows) == (0, len("on Monday "))


def test_a_paragraph_moved_unchanged_is_not_an_edited_move():
    old = ["Opening line.", "Middle part stays.", "The paragraph that moves."]
    new = ["The paragraph that moves.", "Opening line.", "Middle part stays."]
    rows = diffing.compare(old, new)
    assert [row.is_edited_move for row in rows] == [False] * len(rows)
    assert diffing.sizes(rows) == (len(old[2]), len(old[2]))


def test_paragraphs_in_different_places_sharing_under_the_move_threshold_are_not_linked():
    # 5 of 10 words each side in common: alike enough in place (0.5), not across places.
    old = ["a b c d e f g h i j", "Kept one.", "Kept two."]
    new = ["Kept one.", "Kept two.", "a b c d e v w x y z"]
    rows = diffing.compare(old, new)
    assert [(row.moved_to, row.moved_from) for row in rows] == [(None, None)] * 4


def test_paragraphs_in_different_places_sharing_exactly_the_move_threshold_are_linked():
    # 6 of 10 words each side in common: 0.6.
    old = ["a b c d e f g h i j", "Kept one.", "Kept two."]
    new = ["Kept one.", "Kept two.", "a b c d e f w x y z"]
    rows = diffing.compare(old, new)
    assert (rows[0].moved_to, rows[3].moved_from) == (3, 0)


def test_a_moved_paragraph_goes_to_the_most_alike_of_two_candidates():
    old = ["Kept one.", "a b c d e f g h i j", "Kept two.", "Kept three."]
    new = ["a b c d e f g h x y", "Kept one.", "Kept two.", "Kept three.", "a b c d e f g h i z"]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("insert", [], [0]),
        ("equal", [0], [1]),
        ("delete", [1], []),
        ("equal", [2], [2]),
        ("equal", [3], [3]),
        ("insert", [], [4]),
    ]
    assert (rows[2].moved_to, rows[5].moved_from) == (5, 2)
    assert rows[0].moved_from is None


def test_paragraphs_without_words_in_different_places_are_not_linked_as_a_move():
    old = ["* * *", "Kept one.", "Kept two."]
    new = ["Kept one.", "Kept two.", "— — —"]
    rows = diffing.compare(old, new)
    assert [(row.moved_to, row.moved_from) for row in rows] == [(None, None)] * 4


def test_of_two_equally_alike_candidates_a_moved_paragraph_goes_to_the_first():
    old = ["Kept one.", "a b c d e f g h i j", "Kept two.", "Kept three."]
    new = ["a b c d e f g h i x", "Kept one.", "Kept two.", "Kept three.", "a b c d e f g h i y"]
    rows = diffing.compare(old, new)
    assert (rows[2].moved_to, rows[0].moved_from, rows[5].moved_from) == (0, 2, None)


def test_an_inserted_paragraph_is_linked_to_one_deleted_paragraph_only():
    old = ["a b c d e f g h i j", "Kept one.", "a b c d e f g h i k", "Kept two.", "Kept three."]
    new = ["Kept one.", "Kept two.", "Kept three.", "a b c d e f g h i x"]
    rows = diffing.compare(old, new)
    assert [row.moved_to for row in rows if row.kind == DELETE] == [5, None]
    assert rows[5].moved_from == 0


def test_two_edited_moves_are_each_paired_with_their_own_paragraph():
    old = ["a b c d e", "Kept one.", "Kept two.", "v w x y z"]
    new = ["v w x y q", "Kept one.", "Kept two.", "a b c d q"]
    rows = diffing.compare(old, new)
    links = {
        tuple(rows[i].old): tuple(rows[row.moved_to].new)
        for i, row in enumerate(rows)
        if row.moved_to is not None
    }
    assert links == {(0,): (3,), (3,): (0,)}


def test_an_exact_move_is_linked_before_edited_ones_could_take_its_paragraph():
    old = ["a b c d e f g h i j", "Kept one.", "Kept two."]
    new = ["Kept one.", "Kept two.", "a b c d e f g h i z", "a b c d e f g h i j"]
    rows = diffing.compare(old, new)
    moved_away = rows[0]
    assert rows[moved_away.moved_to].new == [3]
    assert not moved_away.is_edited_move
    assert rows[3].moved_from is None


def test_edited_moves_are_not_sought_past_the_pairing_limit(monkeypatch):
    monkeypatch.setattr(diffing, "_MAX_PAIRING_CELLS", 0)
    old = ["Alpha one two three.", "Beta four five six.", "Gamma seven eight nine."]
    new = ["Beta four five six.", "Gamma seven eight nine.", "Alpha one two three, edited."]
    rows = diffing.compare(old, new)
    assert [(row.moved_to, row.moved_from) for row in rows] == [(None, None)] * 4


def test_an_edited_move_goes_to_json_and_back():
    old = ["Alpha one two three.", "Beta four five six.", "Gamma seven eight nine."]
    new = ["Beta four five six.", "Gamma seven eight nine.", "Alpha one two three, edited."]
    rows = diffing.compare(old, new)
    stored = json.loads(json.dumps([row.as_json() for row in rows]))
    assert [diffing.DiffRow.from_json(row, old) for row in stored] == rows


def test_edited_moves_rebuild_both_texts():
    rng = random.Random(3)
    words = ["harbour", "bridge", "ferry", "council", "budget", "storm", "court", "minister"]
    old = [" ".join(rng.choice(words) for _ in range(12)) + f" {n}." for n in range(30)]
    new = list(old)
    for _ in range(6):
        moved = new.pop(rng.randrange(len(new)))
        new.insert(rng.randrange(len(new) + 1), moved.replace(" ", " new ", 1))
    rows = diffing.compare(old, new)
    assert any(row.is_edited_move for row in rows)
    old_rows = [row for row in rows if row.old]
    new_rows = [row for row in rows if row.new]
    assert "\n\n".join(rebuild(row.segments, "old") for row in old_rows) == "\n\n".join(old)
    assert "\n\n".join(rebuild(row.segments, "new") for row in new_rows) == "\n\n".join(new)


def sides(rows):
    return [(row.kind, row.old, row.new) for row in rows]


def test_equal_rows_name_their_paragraph_on_each_side_after_a_deletion_and_an_insertion():
    old = ["Intro.", "A paragraph that was removed.", "Kept one.", "Kept two.", "Kept three."]
    new = ["Intro.", "Kept one.", "Kept two.", "Kept three.", "A brand new closing line."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("delete", [1], []),
        ("equal", [2], [1]),
        ("equal", [3], [2]),
        ("equal", [4], [3]),
        ("insert", [], [4]),
    ]
    for row in rows:
        if row.kind == EQUAL:
            assert row.segments == [[EQUAL, old[row.old[0]]]] == [[EQUAL, new[row.new[0]]]]


def test_an_unchanged_paragraph_between_two_edits_stays_equal():
    old = [
        "Intro stays.",
        "The mayor will speak on Monday at noon.",
        "This paragraph is not touched at all.",
        "The council meets on Friday evening.",
        "Outro stays.",
    ]
    new = [
        "Intro stays.",
        "The mayor will speak on Tuesday at noon.",
        "This paragraph is not touched at all.",
        "The council meets on Thursday evening.",
        "Outro stays.",
    ]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("changed", [1], [1]),
        ("equal", [2], [2]),
        ("changed", [3], [3]),
        ("equal", [4], [4]),
    ]
    assert rows[2].segments == [[EQUAL, "This paragraph is not touched at all."]]
    assert changed_texts(rows[1].segments, DELETE) == ["Monday"]
    assert changed_texts(rows[3].segments, INSERT) == ["Thursday"]


def test_each_paragraph_of_a_long_edited_block_is_paired_with_its_own_old_text():
    old = [
        "Alpha one two three four five.",
        "Beta six seven eight nine ten.",
        "Gamma eleven twelve thirteen fourteen.",
        "Delta fifteen sixteen seventeen eighteen.",
    ]
    new = [p.replace(".", " again.") for p in old]
    rows = diffing.compare(old, new)
    assert sides(rows) == [("changed", [i], [i]) for i in range(4)]
    for i, row in enumerate(rows):
        assert rebuild(row.segments, "old") == old[i]
        assert rebuild(row.segments, "new") == new[i]
        assert changed_texts(row.segments, INSERT) == [" again"]


def test_a_paragraph_replaced_by_two_unrelated_ones_is_deleted_then_inserted_not_split():
    old = ["Intro stays.", "Weather is sunny today across the whole region.", "Outro stays."]
    new = [
        "Intro stays.",
        "Stocks fell sharply overnight in Tokyo.",
        "Rugby team wins the league title again.",
        "Outro stays.",
    ]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("delete", [1], []),
        ("insert", [], [1]),
        ("insert", [], [2]),
        ("equal", [2], [3]),
    ]
    assert rows[1].segments == [[DELETE, old[1]]]
    assert rows[2].segments == [[INSERT, new[1]]]
    assert rows[3].segments == [[INSERT, new[2]]]


def test_paragraphs_sharing_under_half_their_words_are_not_paired():
    # "sunny" is one shared word of five: 40%.
    rows = diffing.compare(
        ["Intro.", "Sunny weather.", "Outro."], ["Intro.", "Sunny days ahead.", "Outro."]
    )
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("delete", [1], []),
        ("insert", [], [1]),
        ("equal", [2], [2]),
    ]


def test_paragraphs_sharing_exactly_half_their_words_are_one_changed_row():
    old = ["Intro.", "Red apples, green pears.", "Outro."]
    new = ["Intro.", "Red apples, blue plums.", "Outro."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [("equal", [0], [0]), ("changed", [1], [1]), ("equal", [2], [2])]
    assert rows[1].segments == [
        [EQUAL, "Red apples, "],
        [DELETE, "green pears"],
        [INSERT, "blue plums"],
        [EQUAL, "."],
    ]


def test_paragraphs_joined_with_exactly_half_their_words_in_common_are_merged():
    # bridge and ferry: two shared words of eight.
    old = ["Intro.", "Bridge closed.", "Ferry running.", "Outro."]
    rows = diffing.compare(old, ["Intro.", "Bridge and ferry open.", "Outro."])
    assert sides(rows) == [("equal", [0], [0]), ("merged", [1, 2], [1]), ("equal", [3], [2])]
    # One word fewer in common (two of ten) and the old paragraphs are deleted.
    rows = diffing.compare(old, ["Intro.", "Bridge and ferry reopen soon.", "Outro."])
    assert [row.kind for row in rows] == ["equal", "delete", "delete", "insert", "equal"]


def test_a_last_word_split_off_into_its_own_paragraph_is_a_split():
    old = ["Intro.", "The council approved the plan. Unanimously.", "Outro."]
    new = ["Intro.", "The council approved the plan.", "Unanimously.", "Outro."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [("equal", [0], [0]), ("split", [1], [1, 2]), ("equal", [2], [3])]
    assert changed_texts(rows[1].segments, INSERT) == ["\n\n"]


def test_every_short_edited_paragraph_of_a_block_is_paired_wherever_it_stands():
    rows = diffing.compare(["Yes.", "No.", "Maybe."], ["Yes!", "No!", "Maybe!"])
    assert sides(rows) == [("changed", [i], [i]) for i in range(3)]
    assert [changed_texts(row.segments, INSERT) for row in rows] == [["!"]] * 3


def test_a_separator_replaced_by_a_different_one_is_deleted_and_inserted():
    rows = diffing.compare(["Intro.", "* * *", "Outro."], ["Intro.", "— — —", "Outro."])
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("delete", [1], []),
        ("insert", [], [1]),
        ("equal", [2], [2]),
    ]


def test_two_separators_joined_into_one_paragraph_are_merged():
    rows = diffing.compare(
        ["Intro.", "* * *", "* * *", "Outro."], ["Intro.", "* * * * * *", "Outro."]
    )
    assert sides(rows) == [("equal", [0], [0]), ("merged", [1, 2], [1]), ("equal", [3], [2])]


def test_similarity_of_texts_without_words_is_whether_they_are_the_same():
    assert diffing.similarity("—", "—") == 1.0
    assert diffing.similarity("* * *", "— — —") == 0.0
    assert diffing.similarity(None, "") == 1.0


def test_a_text_made_of_an_operations_name_is_diffed_like_any_other():
    assert diffing.word_diff("delete.", "delete!") == [
        [EQUAL, "delete"],
        [DELETE, "."],
        [INSERT, "!"],
    ]


def test_an_edited_paragraph_then_a_cut_one_are_a_changed_row_and_a_deletion():
    old = ["Intro.", "The mayor will speak on Monday.", "A paragraph cut here.", "Outro."]
    new = ["Intro.", "The mayor will speak on Tuesday.", "Outro."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("changed", [1], [1]),
        ("delete", [2], []),
        ("equal", [3], [2]),
    ]


def test_a_join_that_adds_no_words_is_a_plain_pairing():
    # The lone dash joined on adds a "word" to the pairing, exactly the cost of
    # the extra paragraph: on that tie the plain pairing wins.
    old = ["Intro.", "The bridge is closed", "—", "Outro."]
    rows = diffing.compare(old, ["Intro.", "The bridge is closed —", "Outro."])
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("changed", [1], [1]),
        ("delete", [2], []),
        ("equal", [3], [2]),
    ]


class _Clock:
    """time.monotonic() answering the given readings in turn."""

    def __init__(self, *readings):
        self.readings = list(readings)

    def monotonic(self):
        return self.readings.pop(0)


def test_each_word_diff_of_a_comparison_gets_what_is_left_of_the_shared_time(monkeypatch):
    # Three edited paragraphs; the clock reads 0 at the start, then 1.5, 2.5 and
    # 10 seconds as each word diff starts (of the 3 seconds a comparison has).
    monkeypatch.setattr(diffing, "time", _Clock(0.0, 1.5, 2.5, 10.0))
    timeouts = []
    word_diff = diffing.word_diff
    monkeypatch.setattr(
        diffing,
        "word_diff",
        lambda old, new, timeout: timeouts.append(timeout) or word_diff(old, new, timeout),
    )
    old = ["The mayor spoke on Monday.", "The council met on Friday.", "The bridge shut in May."]
    new = ["The mayor spoke on Tuesday.", "The council met on Sunday.", "The bridge shut in June."]
    rows = diffing.compare(old, new)
    assert [row.kind for row in rows] == ["changed"] * 3
    assert timeouts == [1.5, 0.5, 0.01]


def test_a_word_diff_with_time_to_spare_gets_the_full_per_diff_limit(monkeypatch):
    monkeypatch.setattr(diffing, "time", _Clock(0.0, 0.0))
    timeouts = []
    word_diff = diffing.word_diff
    monkeypatch.setattr(
        diffing,
        "word_diff",
        lambda old, new, timeout: timeouts.append(timeout) or word_diff(old, new, timeout),
    )
    diffing.compare(["The mayor spoke on Monday."], ["The mayor spoke on Tuesday."])
    assert timeouts == [2.0]


def test_a_split_paragraph_stays_a_split_beside_a_new_one_that_shares_a_word():
    old = ["Intro.", "Storm warning.", "Outro."]
    new = ["Intro.", "Storm", "warning.", "Warning — cancelled.", "Outro."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [
        ("equal", [0], [0]),
        ("split", [1], [1, 2]),
        ("insert", [], [3]),
        ("equal", [2], [4]),
    ]


def test_a_separator_line_split_in_two_is_a_split():
    rows = diffing.compare(["Intro.", "* * * *", "Outro."], ["Intro.", "* *", "* *", "Outro."])
    assert sides(rows) == [("equal", [0], [0]), ("split", [1], [1, 2]), ("equal", [2], [3])]


def long_story(count, words):
    """`count` paragraphs of `words` words each, and the same with each one's last word edited."""
    old = [f"Story{i} " + "and " * (words - 2) + "begin" for i in range(count)]
    return old, [p.replace("begin", "end") for p in old]


def test_a_block_right_at_both_pairing_limits_is_still_paired():
    # 50 x 50 paragraphs is 2,500 cells; 50 x 2,000 words a side is 5,000,000 words.
    old, new = long_story(50, 2000)
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["changed"] * 50
    assert changed_texts(rows[49].segments, INSERT) == ["end"]


def test_a_block_one_word_past_the_pairing_limit_is_deleted_then_inserted():
    old, new = long_story(50, 2000)
    new[0] += " more"
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["delete"] * 50 + ["insert"] * 50


def test_a_block_one_paragraph_past_the_pairing_limit_is_deleted_then_inserted():
    old = [f"Paragraph {i} says the river rose." for i in range(51)]
    new = [p.replace("rose", "fell") for p in old[:50]]
    rows = diffing.compare(old, new)
    assert kinds(rows) == ["delete"] * 51 + ["insert"] * 50
    assert kinds(diffing.compare(old[:50], new)) == ["changed"] * 50


def test_a_deleted_copy_of_a_paragraph_that_stays_is_not_called_a_move():
    old = ["Read more at our site.", "The bridge reopens.", "Read more at our site."]
    new = ["Read more at our site.", "The bridge reopens."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [("equal", [0], [0]), ("equal", [1], [1]), ("delete", [2], [])]
    assert [(row.moved_to, row.moved_from) for row in rows] == [(None, None)] * 3


def test_change_size_counts_two_paragraphs_removed_in_a_row_exactly():
    old = "One.\n\nTwo words.\n\nThree more words.\n\nFour."
    assert size(old, "One.\n\nFour.") == (0, len("Two words.") + len("Three more words."))


def test_change_size_is_exact_in_a_long_article_with_a_repeated_line():
    # Over 200 paragraphs, a line repeated often (an advertisement slot) must
    # still be matched like any other, or the paragraphs around it misalign.
    paragraphs = []
    for i in range(200):
        paragraphs.append(f"Paragraph {i} on the river.")
        if i % 3 == 0:
            paragraphs.append("Advertisement")
    removed = {
        "Paragraph 74 on the river.",
        "Paragraph 108 on the river.",
        "Paragraph 109 on the river.",
    }
    kept = [p for p in paragraphs if p not in removed]
    assert size("\n\n".join(paragraphs), "\n\n".join(kept)) == (0, sum(map(len, removed)))


def test_an_added_copy_of_a_paragraph_that_stays_is_not_called_a_move():
    old = ["Read more at our site.", "The bridge reopens."]
    new = ["Read more at our site.", "The bridge reopens.", "Read more at our site."]
    rows = diffing.compare(old, new)
    assert sides(rows) == [("equal", [0], [0]), ("equal", [1], [1]), ("insert", [], [2])]
    assert [(row.moved_to, row.moved_from) for row in rows] == [(None, None)] * 3
