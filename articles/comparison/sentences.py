"""Where the sentences of a paragraph start, for anchors such as #p3s2. Pure.

A sentence ends at ".", "!", "?" or "…" (with any closing quotes or
brackets after it) followed by white space and a next sentence that does
not start in lower case. A full stop after a known abbreviation ("Mr.",
"e.g."), an initial or initialism ("J. K.", "U.S.") ends no sentence;
neither does one inside a number ("3.5"), which has no space after it.
The same text always gives the same starts, so an anchor stays put.
"""

import re
from bisect import bisect_left

# Sentence-final punctuation, closing quotes and brackets, the white space
# after them, and the first character of what follows. Each run is taken
# whole (possessive) and from its start only, so a run of 100,000 dots is
# one failed match, not 100,000 (which took minutes).
_CLOSERS = "\"'\u201d\u2019\u00bb)\\]"
_END = re.compile(rf"(?<![.!?…])([.!?…]++)[{_CLOSERS}]*+(\s++)(?=\S)")
# The word just before a full stop: letters and inner dots ("e.g", "U.S").
_LAST_WORD = re.compile(r"(\w+(?:\.\w+)*)\.$")
# An initial or an initialism: single letters, each followed by a dot.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")

# Abbreviations that end in a full stop but rarely end a sentence.
ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "det", "fr",
    "mt", "ft", "vs", "etc", "al", "approx", "dept", "est", "fig", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "e.g", "i.e", "cf", "viz", "ca", "vol", "pp", "op",
))  # fmt: skip
# Abbreviations only before a number ("No. 10"); elsewhere the plain word ("said no.").
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "nr", "art", "p"})


def _ends_sentence(text, stop, next_at):
    """Whether the punctuation `stop` (a match of its group) ends the sentence before `next_at`."""
    following = text[next_at]
    if following.islower():
        return False
    if stop.group(1) != ".":
        return True  # "!", "?", an ellipsis: no abbreviation ends that way
    word = _LAST_WORD.search(text, max(0, stop.end(1) - 40), stop.end(1))
    if word is None:
        return True
    word = word.group(1).casefold()
    if word in NUMBER_ABBREVIATIONS and following.isdigit():
        return False
    return word not in ABBREVIATIONS and not _INITIALS.fullmatch(word)


def sentence_starts(text):
    """Offsets where each sentence of `text` starts; the first is always 0."""
    starts = [0]
    for stop in _END.finditer(text):
        if _ends_sentence(text, stop, stop.end(2)):
            starts.append(stop.end(2))
    return starts


def sentences(text):
    """The sentences of `text`, each with the white space after it."""
    starts = sentence_starts(text)
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def cut_at_sentences(segments, side_ops):
    """[(op, text, number)]: the segments cut where the sentences of one side start.

    That side's text is the segments whose op is in `side_ops` (equal and
    inserted for the new side). `number` is the 1-based sentence that starts
    at a piece, else None; pieces of the other side pass through whole.
    """
    side_text = "".join(text for op, text in segments if op in side_ops)
    starts = sentence_starts(side_text)
    pieces, at = [], 0
    for op, text in segments:
        if op not in side_ops:
            pieces.append((op, text, None))
            continue
        end = at + len(text)
        inside = starts[bisect_left(starts, at) : bisect_left(starts, end)]
        cuts = [at, *inside] if not inside or inside[0] != at else inside
        for cut, until in zip(cuts, [*cuts[1:], end], strict=True):
            number = bisect_left(starts, cut) + 1 if cut in inside else None
            pieces.append((op, text[cut - at : until - at], number))
        at = end
    return pieces
