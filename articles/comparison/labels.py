"""Edit labels: what kind of change one version made to the one before. Pure.

`label_edit` reads an `Edit` (the two contents, the diff rows between their
paragraphs, and the article's earlier headlines) and returns the labels
that apply, with the details a reader wants beside some of them (the
figures before and after, the headline variants and how long each ran).
Each rule runs on its own: one that fails is reported to `on_error` and
left out, so a labelling bug never costs the version.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from difflib import SequenceMatcher
from functools import cached_property

from articles import content, textnorm
from articles.comparison import diffing
from articles.comparison.notes import is_note, notes_in

# slug: what the tag says.
LABELS = {
    "headline-changed": "headline changed",
    "byline-changed": "byline changed",
    "lead-image-changed": "lead image changed",
    "headline-test": "headline test",
    "correction-declared": "correction declared",
    "silent-change": "silent change",
    "numbers-changed": "numbers changed",
    "quote-changed": "quote changed",
    "story-developing": "story developing",
    "story-trimmed": "story trimmed",
    "rewrite": "rewrite",
}

# A headline that comes back within this long of its first showing is an
# A/B test: newsrooms test headlines in a story's first hours; one restored
# days later is an editor changing their mind.
HEADLINE_TEST_WINDOW = timedelta(hours=12)
# An old paragraph that keeps less than this share of its words was rewritten.
REWRITTEN_BELOW = 0.8
# Words replaced (deleted plus inserted, typo fixes aside) that make a
# change substantive on their own; a dropped "on" is not.
SUBSTANTIVE_WORDS = 2
# Two words this alike, accents aside, are one word with a typo fixed.
TYPO_SIMILARITY = 0.8
# Words a replacement of a figure may take ("two points" -> "one point").
_SHORT_REPLACEMENT_WORDS = 3

_PAIRED_KINDS = {"changed", "split", "merged"}
# Replaced paragraphs compared word by word, and the time each may take: a
# page rewritten from top to bottom must not hold up its save.
_MAX_REPLACEMENTS = 20
_REPLACEMENT_DIFF_SECONDS = 0.05


@dataclass(frozen=True)
class Headline:
    """A headline as an earlier version showed it, from the time it was archived."""

    title: str
    shown_at: datetime


@dataclass
class Edit:
    """One change to label: the previous content, the new one and the rows between them.

    `headlines` are the article's versions up to and including `old`, oldest
    first; `now` is when `new` was archived.
    """

    old: content.Content
    new: content.Content
    rows: list
    headlines: list = field(default_factory=list)
    now: datetime | None = None

    @cached_property
    def old_paragraphs(self):
        return self.old.paragraphs()

    @cached_property
    def new_paragraphs(self):
        return self.new.paragraphs()

    def _texts(self, row):
        old = diffing.PARAGRAPH_BREAK.join(self.old_paragraphs[i] for i in row.old)
        return old, diffing.PARAGRAPH_BREAK.join(self.new_paragraphs[j] for j in row.new)

    @cached_property
    def paired_rows(self):
        """(old text, new text, word diff) of each paragraph kept in an edited form,
        and of each paragraph replaced in place (deleted where another was inserted):
        a reworded quote is often too unlike the old one to be paired by the diff."""
        pairs = [
            (*self._texts(row), row.segments) for row in self.rows if row.kind in _PAIRED_KINDS
        ]
        for deleted, inserted in _replacements(self.rows)[:_MAX_REPLACEMENTS]:
            old_text, new_text = self._texts(deleted)[0], self._texts(inserted)[1]
            segments = diffing.word_diff(old_text, new_text, timeout=_REPLACEMENT_DIFF_SECONDS)
            pairs.append((old_text, new_text, segments))
        return pairs

    @cached_property
    def added_paragraphs(self):
        """Indexes of new paragraphs inserted (not moved), editors' notes aside."""
        return [
            j
            for row in self.rows
            if row.kind == diffing.INSERT and row.moved_from is None
            for j in row.new
            if not is_note(self.new_paragraphs[j])
        ]

    @cached_property
    def removed_paragraphs(self):
        return [
            i
            for row in self.rows
            if row.kind == diffing.DELETE and row.moved_to is None
            for i in row.old
        ]

    @cached_property
    def figure_pairs(self):
        pairs = []
        for old_text, new_text, segments in self.paired_rows:
            pairs += _figure_pairs(old_text, new_text, segments)
        return pairs

    @cached_property
    def quote_pairs(self):
        return [pair for pair in map(_quote_change, self.paired_rows) if pair]

    @cached_property
    def added_notes(self):
        return notes_in(self.new.text, self.old.text)


def _is_plain(row, kind):
    return row.kind == kind and row.moved_to is None and row.moved_from is None


def _replacements(rows):
    """(deleted row, inserted row) of paragraphs deleted and inserted at one place."""
    pairs, deleted = [], []
    for row in rows:
        if _is_plain(row, diffing.DELETE):
            deleted.append(row)
        elif _is_plain(row, diffing.INSERT) and deleted:
            pairs.append((deleted.pop(0), row))
        else:
            deleted = []
    return pairs


def _field_change(old, new):
    if old == new or textnorm.is_boring_change(old, new):
        return None
    return {"before": old, "after": new}


def headline_changed(edit):
    return _field_change(edit.old.title, edit.new.title)


def byline_changed(edit):
    return _field_change(edit.old.byline, edit.new.byline)


def lead_image_changed(edit):
    if content.changed_fields(edit.old, edit.new, ("lead_image_url",)):
        return {"before": edit.old.lead_image_url, "after": edit.new.lead_image_url}
    return None


def headline_variants(headlines, now):
    """[{title, served_seconds}] of each distinct headline, in order of first showing."""
    served = {}
    ends = [h.shown_at for h in headlines[1:]] + [now]
    for headline, end in zip(headlines, ends, strict=True):
        key = textnorm.comparison_key(headline.title)
        entry = served.setdefault(key, {"title": headline.title, "served_seconds": 0})
        entry["served_seconds"] += max(0, int((end - headline.shown_at).total_seconds()))
    return list(served.values())


def headline_test(edit):
    """The headline went back to one shown earlier (not the last), within hours."""
    if edit.now is None or len(edit.headlines) < 2 or headline_changed(edit) is None:
        return None
    new_key = textnorm.comparison_key(edit.new.title)
    first_shown = next(
        (h.shown_at for h in edit.headlines[:-1] if textnorm.comparison_key(h.title) == new_key),
        None,
    )
    if first_shown is None or edit.now - first_shown > HEADLINE_TEST_WINDOW:
        return None
    recent = [h for h in edit.headlines if edit.now - h.shown_at <= HEADLINE_TEST_WINDOW]
    shown = [Headline(edit.new.title, edit.now)]
    return {"variants": headline_variants(recent + shown, edit.now)}


def correction_declared(edit):
    notes = edit.added_notes
    return {"notes": [note[:300] for note in notes[:3]]} if notes else None


# --- figures ---

_NUMBER_WORDS = {
    # English, German, French, Spanish: counts newsrooms spell out. Words
    # that are also articles ("one", "ein", "un", "una") are left out.
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "hundred": "100", "thousand": "1000", "million": "1000000", "dozen": "12",
    "zwei": "2", "drei": "3", "vier": "4", "fünf": "5", "sechs": "6", "sieben": "7",
    "acht": "8", "neun": "9", "zehn": "10", "zwölf": "12", "zwanzig": "20", "hundert": "100",
    "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "sept": "7", "huit": "8",
    "neuf": "9", "dix": "10", "douze": "12", "vingt": "20", "cent": "100", "mille": "1000",
    "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5", "seis": "6", "siete": "7",
    "ocho": "8", "nueve": "9", "diez": "10", "doce": "12", "veinte": "20", "cien": "100",
    "half": "1/2", "halb": "1/2", "hälfte": "1/2", "moitié": "1/2", "mitad": "1/2",
    "third": "1/3", "thirds": "1/3", "drittel": "1/3", "tiers": "1/3", "tercio": "1/3",
    "quarter": "1/4", "viertel": "1/4", "quart": "1/4", "cuarto": "1/4",
    "first": "1.", "second": "2.", "third-place": "3.", "fourth": "4.", "fifth": "5.",
    "seventh": "7.", "eighth": "8.", "erste": "1.", "zweite": "2.", "dritte": "3.",
    "vierte": "4.", "fünfte": "5.", "première": "1.", "deuxième": "2.", "troisième": "3.",
    "quatrième": "4.", "cinquième": "5.", "primera": "1.", "segunda": "2.", "tercera": "3.",
    "cuarta": "4.", "quinta": "5.", "einen": "1", "einem": "1", "einer": "1",
}  # fmt: skip
# Digits with thousands separators (4,800 / 81.365 / 2 000) and decimals (31,2).
_DIGITS = r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?"
_FIGURE = re.compile(rf"(?<![\w.,]){_DIGITS}|\b\w+\b", re.UNICODE)


def _written_figures(text):
    """(comparable value, as written) of each figure a text states, in order."""
    found = []
    for match in _FIGURE.finditer(text or ""):
        token = match.group()
        if token[0].isdigit():
            found.append((re.sub(r"[\u00a0\u202f ]", "", token), token))
        elif token.casefold() in _NUMBER_WORDS:
            found.append((_NUMBER_WORDS[token.casefold()], token))
    return found


def figures(text):
    """The figures a text states, as comparable values ("six" and "6" alike), in order."""
    return [value for value, _ in _written_figures(text)]


def _only_in(items, others):
    """The (value, written) items whose value `others` lacks, repeats counted."""
    remaining = [value for value, _ in others]
    left = []
    for value, written in items:
        if value in remaining:
            remaining.remove(value)
        else:
            left.append(written)
    return left


def _changes(segments):
    """(deleted text, inserted text) of each run of changes in a word diff."""
    runs, deleted, inserted = [], "", ""
    for op, text in [*segments, [diffing.EQUAL, ""]]:
        if op == diffing.DELETE:
            deleted += text
        elif op == diffing.INSERT:
            inserted += text
        elif deleted or inserted:
            runs.append((deleted, inserted))
            deleted = inserted = ""
    return runs


def _figure_pairs(old_text, new_text, segments):
    old_figures, new_figures = _written_figures(old_text), _written_figures(new_text)
    gone, came = _only_in(old_figures, new_figures), _only_in(new_figures, old_figures)
    if gone and came:
        return [[a, b] for a, b in zip(gone, came, strict=False)]
    pairs = []
    # A figure replaced by words that name no figure ("two points" -> "a point").
    for deleted, inserted in _changes(segments):
        inserted_words = inserted.split()
        if figures(deleted) and inserted_words and len(inserted_words) <= _SHORT_REPLACEMENT_WORDS:
            pairs.append([deleted.strip(), inserted.strip()])
    return pairs if gone else []


def numbers_changed(edit):
    pairs = edit.figure_pairs
    return {"pairs": pairs[:20]} if pairs else None


# --- quotations ---

# Quotation marks by code point: straight, curly (English), low-high (German), guillemets.
_QUOTE = re.compile(
    r'"([^"\n]{2,}?)"'
    r"|\u201c([^\u201d\n]{2,}?)\u201d"
    r"|\u201e([^\u201c\u201d\n]{2,}?)[\u201c\u201d]"
    r"|\u00ab([^\u00bb\n]{2,}?)\u00bb"
    r"|\u201a([^\u2018\u2019\n]{2,}?)[\u2018\u2019]"
)


def quotes(text):
    """The passages a text sets in quotation marks (straight, curly, «», „“)."""
    return [next(group for group in match.groups() if group) for match in _QUOTE.finditer(text)]


def _quote_change(paired):
    """[gone, came] of the quotes of one paragraph that stayed, or None if they match."""
    old_text, new_text, _ = paired
    old_quotes, new_quotes = quotes(old_text), quotes(new_text)
    old_keys = [textnorm.comparison_key(q) for q in old_quotes]
    new_keys = [textnorm.comparison_key(q) for q in new_quotes]
    if sorted(old_keys) == sorted(new_keys):
        return None
    gone = [q for q, k in zip(old_quotes, old_keys, strict=True) if k not in new_keys]
    came = [q for q, k in zip(new_quotes, new_keys, strict=True) if k not in old_keys]
    return [" / ".join(gone), " / ".join(came)]


def quote_changed(edit):
    """Quoted words in a paragraph that stayed: changed, dropped or newly set in quotes."""
    pairs = edit.quote_pairs
    return {"pairs": pairs[:10]} if pairs else None


# --- the shape of the change ---


def story_developing(edit):
    """Paragraphs added after the last old one, none removed (notes aside)."""
    if not edit.added_paragraphs or edit.removed_paragraphs:
        return None
    last_old_row = max(
        (index for index, row in enumerate(edit.rows) if row.old and row.kind != diffing.DELETE),
        default=-1,
    )
    added_rows = [
        index
        for index, row in enumerate(edit.rows)
        if row.kind == diffing.INSERT and set(row.new) & set(edit.added_paragraphs)
    ]
    if min(added_rows) < last_old_row:
        return None
    return {"paragraphs_added": len(edit.added_paragraphs)}


def story_trimmed(edit):
    if not edit.removed_paragraphs or edit.added_paragraphs:
        return None
    return {"paragraphs_removed": len(edit.removed_paragraphs)}


def rewrite(edit):
    """Most old paragraphs were removed or lost a fifth of their words or more."""
    if not edit.old_paragraphs:
        return None
    rewritten = set(edit.removed_paragraphs)
    for row in edit.rows:
        if row.kind in _PAIRED_KINDS and diffing.similarity(*edit._texts(row)) < REWRITTEN_BELOW:
            rewritten.update(row.old)
    if 2 * len(rewritten) <= len(edit.old_paragraphs):
        return None
    return {"paragraphs_rewritten": len(rewritten), "paragraphs": len(edit.old_paragraphs)}


# --- declared or silent ---


def _plain(word):
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_typo_fix(deleted, inserted):
    old_words, new_words = deleted.split(), inserted.split()
    if len(old_words) != 1 or len(new_words) != 1:
        return False
    return SequenceMatcher(None, _plain(deleted), _plain(inserted)).ratio() >= TYPO_SIMILARITY


def _words_changed(edit):
    count = 0
    for _, _, segments in edit.paired_rows:
        for deleted, inserted in _changes(segments):
            if not _is_typo_fix(deleted, inserted):
                count += len(re.findall(r"\w+", deleted)) + len(re.findall(r"\w+", inserted))
    return count


def _is_substantive(edit):
    return bool(
        edit.added_paragraphs
        or edit.removed_paragraphs
        or edit.figure_pairs
        or edit.quote_pairs
        or _words_changed(edit) >= SUBSTANTIVE_WORDS
    )


def _newly_stamped(edit):
    old, new = edit.old.modified_at, edit.new.modified_at
    return new is not None and (old is None or new > old)


def silent_change(edit):
    """A substantive change to the text, with no note and no new modified time."""
    if edit.old.text == edit.new.text or edit.added_notes or _newly_stamped(edit):
        return None
    return {} if _is_substantive(edit) else None


RULES = {
    "headline-changed": headline_changed,
    "byline-changed": byline_changed,
    "lead-image-changed": lead_image_changed,
    "headline-test": headline_test,
    "correction-declared": correction_declared,
    "silent-change": silent_change,
    "numbers-changed": numbers_changed,
    "quote-changed": quote_changed,
    "story-developing": story_developing,
    "story-trimmed": story_trimmed,
    "rewrite": rewrite,
}


def label_edit(edit, on_error=None):
    """{slug: details} of the labels that apply to `edit`, in LABELS order.

    A rule that raises is left out and reported as on_error(slug, error).
    """
    found = {}
    for slug, rule in RULES.items():
        try:
            details = rule(edit)
        except Exception as error:  # a labelling bug must never cost the version
            if on_error is not None:
                on_error(slug, error)
            continue
        if details is not None:
            found[slug] = details
    return found


def _minutes(seconds):
    return f"{round(seconds / 60)} min"


def describe(slug, details):
    """One line saying what a label found: '12 → 15', the variants and their times."""
    details = details or {}
    if "pairs" in details:
        return "; ".join(f"{before} → {after}" for before, after in details["pairs"])
    if "variants" in details:
        return "; ".join(
            f"{v['title']} ({_minutes(v['served_seconds'])})" for v in details["variants"]
        )
    if "notes" in details:
        return " ".join(details["notes"])
    if "before" in details:
        return f"{details['before'] or '(none)'} → {details['after'] or '(none)'}"
    return LABELS.get(slug, "")
