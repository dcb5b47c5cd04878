"""What a comparison's share card says, and how it fits in its lines. Pure.

`first_changed_sentence` picks the sentence to show; `wrap` lays runs of
text (each with its op: equal, delete, insert) into lines of a given width,
measured by a function the caller passes (the card's font), cut with an
ellipsis after the last line; `spoken` is the same words for alt text.
Each reads a bounded prefix of its input, so a 200,000-character word costs
what a short one does.
"""

import re

from articles.comparison.diffing import DELETE, EQUAL, INSERT, NEW, OLD, SIDE_OPS
from articles.comparison.sentences import cut_at_sentences

ELLIPSIS = "…"
# Characters read from a text before wrapping: far more than any card shows
# (a line of the card holds under 80), far less than a hostile text offers.
MAX_CHARS = 1000
# A word, or a run of white space.
_PIECE = re.compile(r"\s+|\S+")


def _merged(runs):
    merged = []
    for op, text in runs:
        if merged and merged[-1][0] == op:
            merged[-1][1] += text
        elif text:
            merged.append([op, text])
    return merged


def _has_change(runs):
    return any(op != EQUAL for op, _ in runs)


def _sentence_groups(row):
    """The row's segments grouped by sentence of its side (new, else old)."""
    side_ops = SIDE_OPS[NEW if row.new else OLD]
    groups = [[]]
    for op, text, number in cut_at_sentences(row.segments, side_ops):
        # Words of the other side before a sentence's first word belong to it.
        if number is not None and any(kind in side_ops for kind, _ in groups[-1]):
            groups.append([])
        groups[-1].append([op, text])
    return groups


def first_changed_sentence(rows, title_segments=()):
    """[[op, text]] of the first sentence with a change, in reading order.

    A sentence is one of the row's new text (or old text, for a removed
    paragraph), with the words deleted from it and inserted into it. If the
    text is unchanged, the headline's change; if nothing changed, [].
    """
    for row in rows:
        if not _has_change(row.segments):
            continue
        for group in _sentence_groups(row):
            if _has_change(group):
                return _merged(group)
    return _merged(title_segments) if _has_change(title_segments) else []


def _bounded(runs, limit=MAX_CHARS):
    """(the runs cut to `limit` characters in all, whether anything was cut)."""
    kept = []
    for op, text in runs:
        if limit <= 0:
            return kept, True
        kept.append((op, text[:limit]))
        if len(text) > limit:
            return kept, True
        limit -= len(text)
    return kept, False


def _longest_prefix(word, measure, width):
    """How many characters of `word` fit in `width` (at least one, so lines always advance)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if measure(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


class _Lines:
    def __init__(self, measure, width, max_lines):
        self.measure, self.width, self.max_lines = measure, width, max_lines
        self.lines, self.used, self.full = [[]], 0.0, False

    def add(self, op, text):
        """Add a piece; False once it no longer fits in the last line allowed."""
        if text.isspace():
            if self.lines[-1]:  # a space at a line's start is not shown
                self._put(op, " ")
            return True
        while True:
            room = self.width - self.used
            if self.measure(text) <= room:
                self._put(op, text)
                return True
            if self.lines[-1] and self.measure(text) <= self.width:
                if not self._break():
                    return False
                continue
            # A word wider than a line: as much as fits here, the rest on the next.
            cut = _longest_prefix(text, self.measure, room)
            if self.lines[-1] and self.measure(text[:cut]) > room:
                if not self._break():
                    return False
                continue
            self._put(op, text[:cut])
            text = text[cut:]
            if not text:
                return True
            if not self._break():
                return False

    def _put(self, op, text):
        self.lines[-1].append([op, text])
        self.used += self.measure(text)

    def _break(self):
        if len(self.lines) == self.max_lines:
            self.full = True
            return False
        while self.lines[-1] and self.lines[-1][-1][1] == " ":
            self.lines[-1].pop()  # a space at a line's end is not shown either
        self.lines.append([])
        self.used = 0.0
        return True


def _line_width(line, measure):
    return sum(measure(text) for _, text in line)


def _with_ellipsis(line, measure, width):
    """The line shortened until an ellipsis fits after it, then the ellipsis."""
    line = [list(piece) for piece in line]
    room = width - measure(ELLIPSIS)
    while line and _line_width(line, measure) > room:
        line[-1][1] = line[-1][1][:-1]
        if not line[-1][1]:
            line.pop()
    while line and not line[-1][1].strip():
        line.pop()
    if line:  # the ellipsis follows the last word, not a space
        line[-1][1] = line[-1][1].rstrip()
    op = line[-1][0] if line else EQUAL
    return [*line, [op, ELLIPSIS]]


def wrap(runs, measure, width, max_lines):
    """Lines of [[op, text]] no wider than `width`, at most `max_lines`, an ellipsis if cut."""
    kept, cut = _bounded(runs)
    lines = _Lines(measure, width, max_lines)
    for op, text in kept:
        if not all(lines.add(op, piece) for piece in _PIECE.findall(text)):
            cut = True
            break
    result = [_merged(line) for line in lines.lines if line]
    if cut and result:
        result[-1] = _merged(_with_ellipsis(result[-1], measure, width))
    return result


_SPOKEN = {DELETE: "[removed: {}]", INSERT: "[added: {}]"}


def spoken(lines):
    """The words of wrapped lines as one text, changes named as a screen reader hears them."""
    pieces = []
    for line in lines:
        if pieces and line:
            pieces.append([pieces[-1][0], " "])  # the space the line break took
        pieces.extend(line)
    parts, after_change = [], False
    for op, text in _merged(pieces):
        form = _SPOKEN.get(op)
        if form:
            # A removal right before an addition is two changes: a space between them.
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            parts.append((" " if after_change else "") + lead + form.format(core) + trail)
        else:
            parts.append(text)
        after_change = bool(form)
    return re.sub(r"\s+", " ", "".join(parts)).strip()
