"""Edit labels: each rule on its own, and the labeller measured on the labelled edits."""

from datetime import UTC, datetime, timedelta

import pytest

from articles.comparison import diffing, labels, notes
from articles.content import Content
from tests.labels import measure

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
STORY = (
    "Police said 12 people were hurt.\n\n"
    '"We were lucky," said the mayor.\n\n'
    "The road will reopen on Friday."
)


def edit(old_text=STORY, new_text=STORY, headlines=(), **changes):
    old = Content(title="Crash on the A1", byline="Ann Lee", text=old_text)
    fields = {"title": old.title, "byline": old.byline, "text": new_text}
    new = Content(**(fields | changes))
    rows = diffing.compare(old.paragraphs(), new.paragraphs())
    return labels.Edit(old, new, rows, list(headlines), NOW)


def found(an_edit):
    return labels.label_edit(an_edit)


def test_it_labels_a_changed_figure_with_its_before_and_after():
    result = found(edit(new_text=STORY.replace("12 people", "15 people")))
    assert result["numbers-changed"] == {"pairs": [["12", "15"]]}
    assert "silent-change" in result


def test_a_figure_spelled_out_is_the_same_figure():
    assert "numbers-changed" not in found(
        edit(new_text=STORY.replace("12 people", "twelve people"))
    )


def test_a_figure_only_in_an_added_paragraph_changes_no_number():
    result = found(edit(new_text=STORY + "\n\n3 of them are in hospital."))
    assert "numbers-changed" not in result
    assert "story-developing" in result


def test_it_labels_a_reworded_quote():
    result = found(edit(new_text=STORY.replace("We were lucky", "It could have been worse")))
    assert result["quote-changed"] == {"pairs": [["We were lucky,", "It could have been worse,"]]}


@pytest.mark.parametrize(
    ("old", "new"),
    [("«Nous»", "«Vous»"), ("„Wir“", "„Ihr“"), ("“We”", "“You”"), ('"We"', '"You"')],
)
def test_quotes_in_every_kind_of_quotation_mark_count(old, new):
    text = f"Er sagte: {old} und ging."
    assert "quote-changed" in found(edit(text, text.replace(old, new)))


def test_a_note_added_is_a_declared_correction_and_not_a_silent_change():
    note = "Correction: An earlier version of this article said 12 people were hurt."
    result = found(edit(new_text=STORY.replace("12", "15") + "\n\n" + note))
    assert result["correction-declared"] == {"notes": [note]}
    assert "silent-change" not in result
    assert "story-developing" not in result  # a note is not news


@pytest.mark.parametrize(
    "note",
    [
        "Korrektur: In einer früheren Version stand eine falsche Zahl.",
        "Rectificatif : une version précédente de cet article était erronée.",
        "Fe de errores: el texto citaba mal al alcalde.",
        "Una versión anterior de este artículo atribuía mal la cita.",
        "This story was amended on 3 May.",
        "Updated: the road has reopened.",
    ],
)
def test_notes_are_read_in_four_languages(note):
    assert notes.is_note(note)
    assert notes.notes_in(f"Text.\n\n{note}", "Text.") == [note]


def test_a_note_already_there_is_not_declared_again():
    text = STORY + "\n\nCorrection: the mayor was misquoted."
    assert "correction-declared" not in found(edit(text, text.replace("Friday", "Monday")))


def test_a_new_modified_time_means_the_change_was_not_silent():
    stamped = datetime(2026, 6, 1, 11, tzinfo=UTC)
    an_edit = edit(new_text=STORY.replace("Friday", "Saturday morning"), modified_at=stamped)
    assert "silent-change" not in found(an_edit)
    assert "silent-change" in found(edit(new_text=STORY.replace("Friday", "Saturday morning")))


def test_a_typo_fix_or_one_dropped_word_is_not_a_substantive_change():
    assert found(edit(new_text=STORY.replace("reopen", "reopne"))) == {}
    assert found(edit(new_text=STORY.replace("on Friday", "Friday"))) == {}


def test_paragraphs_added_at_the_end_develop_the_story_and_removed_ones_trim_it():
    developing = found(edit(new_text=STORY + "\n\nThe driver was arrested."))
    assert developing["story-developing"] == {"paragraphs_added": 1}
    inserted_first = found(edit(new_text="The driver was arrested.\n\n" + STORY))
    assert "story-developing" not in inserted_first
    trimmed = found(edit(new_text=STORY.rsplit("\n\n", 1)[0]))
    assert trimmed["story-trimmed"] == {"paragraphs_removed": 1}


def test_most_paragraphs_changed_is_a_rewrite():
    new = "Twelve hurt as lorry hits bus.\n\nA mayor spoke of luck.\n\nThe A1 reopens Friday."
    assert "rewrite" in found(edit(new_text=new))
    assert "rewrite" not in found(edit(new_text=STORY.replace("Friday", "Monday")))


def test_headline_byline_and_picture_changes_are_labelled_but_case_alone_is_not():
    result = found(edit(title="Lorry crash on the A1", byline="Ann Lee and Bo Kim"))
    assert result["headline-changed"] == {
        "before": "Crash on the A1",
        "after": "Lorry crash on the A1",
    }
    assert "byline-changed" in result
    assert found(edit(title="Crash On The A1")) == {}
    assert "lead-image-changed" in found(edit(lead_image_url="https://img.example/b.jpg"))


def _shown(*titles_and_minutes):
    return [labels.Headline(t, NOW - timedelta(minutes=m)) for t, m in titles_and_minutes]


def test_a_headline_that_comes_back_within_hours_is_a_test_with_its_variants():
    headlines = _shown(
        ("Crash on the A1", 90), ("Twelve hurt in A1 crash", 60), ("Crash on the A1", 30)
    )
    result = found(edit(title="Twelve hurt in A1 crash", headlines=headlines))
    # The last headline before the edit is the old content's.
    assert result["headline-test"] == {
        "variants": [
            {"title": "Crash on the A1", "served_seconds": 3600},
            {"title": "Twelve hurt in A1 crash", "served_seconds": 1800},
        ]
    }


def test_a_headline_restored_days_later_is_no_test():
    headlines = _shown(("Twelve hurt in A1 crash", 60 * 72), ("Crash on the A1", 60))
    result = found(edit(title="Twelve hurt in A1 crash", headlines=headlines))
    assert "headline-test" not in result
    assert "headline-changed" in result


def test_a_rule_that_fails_is_left_out_and_reported(monkeypatch):
    def broken(edit):
        raise ZeroDivisionError("bug")

    monkeypatch.setitem(labels.RULES, "quote-changed", broken)
    errors = []
    result = labels.label_edit(
        edit(new_text=STORY.replace("12", "15")), on_error=lambda *e: errors.append(e)
    )
    assert "quote-changed" not in result
    assert "numbers-changed" in result
    assert [slug for slug, _ in errors] == ["quote-changed"]


def test_the_labelled_edits_are_many_and_varied():
    records = measure.records()
    assert len(records) >= 200
    assert {r["lang"] for r in records} == {"en", "de", "fr", "es"}
    assert all(r["labels"] or r["before"] != r["after"] for r in records)


@pytest.mark.parametrize("slug", list(labels.LABELS))
def test_each_label_reaches_precision_and_recall_of_090(slug):
    precision, recall, positives = SCORES[slug]
    assert positives >= 10
    assert precision >= 0.9, (slug, precision)
    assert recall >= 0.9, (slug, recall)


SCORES = measure.scores()
