"""Text differences, computed with diff-match-patch.

Two levels: `word_diff` compares two strings word by word, and `compare`
aligns two lists of paragraphs into `DiffRow`s (equal, changed, deleted,
inserted, split, merged, moved) whose segments say what was kept, added and
removed. A row goes to JSON and back with `as_json` and `from_json`. Pure.
"""

import re
import time
from collections import Counter
from dataclasses import asdict, dataclass

from diff_match_patch import diff_match_patch

_EQUAL, _INSERT, _DELETE = 0, 1, -1
EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_OP_NAMES = {_EQUAL: EQUAL, _INSERT: INSERT, _DELETE: DELETE}

# A word, a run of white space, or one other character.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# Paragraphs this alike (shared words over all words) are one changed paragraph.
SIMILAR = 0.5
# A deleted and an inserted paragraph in different places this alike are one
# paragraph moved and edited. Higher than SIMILAR: their places give no
# evidence that they are the same paragraph, so the words must give more.
MOVED_SIMILAR = 0.6
# Beyond this many old x new paragraphs in one replaced block, pairing by
# similarity costs more than it helps: the block is shown deleted then inserted.
_MAX_PAIRING_CELLS = 2500
# The same limit on the words pairing compares: every old paragraph against
# every new one, about cells x (mean words of a paragraph on each side) / 2.
# 5,000,000 is some 50 paragraphs x 50 of 2,000 words each, about a second.
_MAX_PAIRING_WORDS = 5_000_000
# Paragraphs joined or split on the other side are compared with this between them.
PARAGRAPH_BREAK = "\n\n"
# Seconds diff-match-patch may spend on one comparison before it settles for
# a coarser (still correct) diff.
_DIFF_TIMEOUT = 2.0
# Seconds all the word diffs of one compare() may spend together: dozens of
# long, unlike paragraph pairs would otherwise take up to _DIFF_TIMEOUT each.
_COMPARE_SECONDS = 3.0
_MIN_TIMEOUT = 0.01  # diff-match-patch reads 0 as "no limit"


def _engine(timeout=_DIFF_TIMEOUT):
    engine = diff_match_patch()
    engine.Diff_Timeout = timeout
    return engine


def _encode(sequences):
    """Map each distinct token to one character, so diff-match-patch compares tokens."""
    codes = {}
    encoded = []
    for tokens in sequences:
        encoded.append("".join(codes.setdefault(token, chr(len(codes) + 1)) for token in tokens))
    alphabet = ["", *codes]
    return encoded, alphabet


def _token_diff(old_tokens, new_tokens, cleanup=True, timeout=_DIFF_TIMEOUT):
    """[(op, [tokens])] between two token lists, whole tokens only."""
    (old_code, new_code), alphabet = _encode([old_tokens, new_tokens])
    engine = _engine(timeout)
    diffs = engine.diff_main(old_code, new_code, False)
    if cleanup:
        engine.diff_cleanupSemantic(diffs)
    return [(op, [alphabet[ord(ch)] for ch in code]) for op, code in diffs]


def tokens(text):
    return _TOKEN.findall(text or "")


def _append(segments, op, text):
    if not text:
        return
    if segments and segments[-1][0] == op:
        segments[-1][1] += text
    else:
        segments.append([op, text])


def word_diff(old, new, timeout=_DIFF_TIMEOUT):
    """[[op, text]] with op "equal", "insert" or "delete", changes in whole words.

    Words are compared as units, then the semantic clean-up folds short
    common stretches (a lone "the" between two changes) into the change, so
    a reader sees phrases replaced rather than letters scattered.
    """
    segments = []
    for op, chunk in _token_diff(tokens(old), tokens(new), timeout=timeout):
        _append(segments, _OP_NAMES[op], "".join(chunk))
    # Deletion before insertion inside each change reads naturally left to right.
    return _order_changes(segments)


def _order_changes(segments):
    ordered = []
    pending = {DELETE: "", INSERT: ""}
    for op, text in segments:
        if op == EQUAL:
            _flush(ordered, pending)
            _append(ordered, EQUAL, text)
        else:
            pending[op] += text
    _flush(ordered, pending)
    return ordered


def _flush(ordered, pending):
    for op in (DELETE, INSERT):
        _append(ordered, op, pending[op])
        pending[op] = ""


OLD, NEW = "old", "new"
# The ops of the segments that make up each side's text.
SIDE_OPS = {OLD: frozenset({EQUAL, DELETE}), NEW: frozenset({EQUAL, INSERT})}


def side_segments(segments, side):
    """The segments of one side, OLD or NEW."""
    return old_side(segments) if side == OLD else new_side(segments)


def old_side(segments):
    """The segments of the old text: equal and deleted, neighbours of one op joined."""
    return _without(segments, INSERT)


def new_side(segments):
    """The segments of the new text: equal and inserted, neighbours of one op joined."""
    return _without(segments, DELETE)


def _without(segments, dropped):
    kept = []
    for op, text in segments:
        if op != dropped:
            _append(kept, op, text)
    return kept


_WORD = re.compile(r"\w+")


def _word_counts(text):
    return Counter(word.casefold() for word in _WORD.findall(text or ""))


def _shared_words(counts, other):
    """Words two texts have in common, counted with repeats: the size of Counter a & b."""
    if len(counts) > len(other):
        counts, other = other, counts
    found = other.get
    return sum(min(count, found(word, 0)) for word, count in counts.items())


def similarity(old, new):
    """Shared words over all words, 0 to 1; whitespace and punctuation ignored."""
    old_words, new_words = _word_counts(old), _word_counts(new)
    total = old_words.total() + new_words.total()
    if not total:
        return 1.0 if (old or "") == (new or "") else 0.0
    return 2 * _shared_words(old_words, new_words) / total


@dataclass
class DiffRow:
    """One row of a comparison, read by the comparison page, the API and the store.

    `old` and `new` are the indexes of the paragraphs the row shows from each
    version (empty on the side without one); `segments` are [op, text] pairs.
    A paragraph deleted in one place and inserted in another is a "delete"
    row with `moved_to` and an "insert" row with `moved_from`, each naming
    the other row's index. If it was also edited, the delete row's segments
    are the old side of its word diff (equal and deleted words) and the
    insert row's the new side (equal and inserted words), so each change is
    shown, and counted, once.
    """

    kind: str
    old: list[int]
    new: list[int]
    segments: list[list[str]]
    moved_to: int | None = None
    moved_from: int | None = None

    @property
    def is_change(self):
        return self.kind != EQUAL

    @property
    def is_edited_move(self):
        """Moved and edited: a move whose segments keep some text unchanged."""
        is_move = self.moved_to is not None or self.moved_from is not None
        return is_move and any(op == EQUAL for op, _ in self.segments)

    def as_json(self):
        """A dict for JSON storage; an unchanged paragraph's text is left to the version."""
        data = asdict(self)
        if self.kind == EQUAL:
            data["segments"] = None
        return data

    @classmethod
    def from_json(cls, data, old_paragraphs):
        """Undo `as_json`, taking unchanged text from the old version's paragraphs."""
        row = cls(**data)
        if row.segments is None:
            row.segments = [[EQUAL, old_paragraphs[row.old[0]]]]
        return row


def compare(old_paragraphs, new_paragraphs):
    """Align two lists of paragraphs into `DiffRow`s, in reading order.

    A row's kind is "equal", "changed", "delete", "insert", "split" (one old
    paragraph became several) or "merged" (several became one).
    """
    old_paragraphs, new_paragraphs = list(old_paragraphs), list(new_paragraphs)
    deadline = time.monotonic() + _COMPARE_SECONDS
    rows = []
    old_at = new_at = 0
    pending_old, pending_new = [], []
    for op, chunk in _token_diff(old_paragraphs, new_paragraphs, cleanup=False):
        if op == _EQUAL:
            rows.extend(
                _pair_block(pending_old, pending_new, old_paragraphs, new_paragraphs, deadline)
            )
            pending_old, pending_new = [], []
            for paragraph in chunk:
                rows.append(DiffRow(EQUAL, [old_at], [new_at], [[EQUAL, paragraph]]))
                old_at += 1
                new_at += 1
        elif op == _DELETE:
            pending_old.extend(range(old_at, old_at + len(chunk)))
            old_at += len(chunk)
        else:
            pending_new.extend(range(new_at, new_at + len(chunk)))
            new_at += len(chunk)
    rows.extend(_pair_block(pending_old, pending_new, old_paragraphs, new_paragraphs, deadline))
    _mark_moves(rows, old_paragraphs, new_paragraphs)
    _mark_edited_moves(rows, old_paragraphs, new_paragraphs, deadline)
    return rows


def _pair_block(old_indexes, new_indexes, old_paragraphs, new_paragraphs, deadline):
    """Rows for a replaced block: pairs of alike paragraphs, the rest deleted or inserted."""
    olds = [old_paragraphs[i] for i in old_indexes]
    news = [new_paragraphs[j] for j in new_indexes]
    if _too_costly_to_pair(olds, news):
        steps = [("delete", 1, 0)] * len(olds) + [("insert", 0, 1)] * len(news)
    else:
        steps = _align(olds, news)
    rows = []
    i = j = 0
    for kind, take_old, take_new in steps:
        old_part, new_part = old_indexes[i : i + take_old], new_indexes[j : j + take_new]
        old_text = PARAGRAPH_BREAK.join(olds[i : i + take_old])
        new_text = PARAGRAPH_BREAK.join(news[j : j + take_new])
        if kind == "delete":
            segments = [[DELETE, old_text]]
        elif kind == "insert":
            segments = [[INSERT, new_text]]
        else:
            timeout = max(_MIN_TIMEOUT, min(_DIFF_TIMEOUT, deadline - time.monotonic()))
            segments = word_diff(old_text, new_text, timeout)
        rows.append(DiffRow(kind, old_part, new_part, segments))
        i += take_old
        j += take_new
    return rows


def _too_costly_to_pair(olds, news):
    if len(olds) * len(news) > _MAX_PAIRING_CELLS:
        return True
    old_words = sum(len(p.split()) for p in olds)
    new_words = sum(len(p.split()) for p in news)
    return (len(news) * old_words + len(olds) * new_words) / 2 > _MAX_PAIRING_WORDS


# (kind, old paragraphs taken, new paragraphs taken) for each alignment move.
_MOVES = [("changed", 1, 1), ("split", 1, 2), ("split", 1, 3), ("merged", 2, 1), ("merged", 3, 1)]


def _align(olds, news):
    """Best order-keeping alignment of two paragraph lists (dynamic programming).

    A pairing scores the words it keeps in common, so joining the two halves
    of a split paragraph beats pairing one half and inserting the other.
    """
    m, n = len(olds), len(news)
    pairing = _Pairing(olds, news)
    best = [[0.0] * (n + 1) for _ in range(m + 1)]
    step = [[None] * (n + 1) for _ in range(m + 1)]
    for i in range(m + 1):
        for j in range(n + 1):
            if i == 0 and j == 0:
                continue
            # On a tie the last step is an insertion, so deletions read first.
            options = []
            if j:
                options.append((best[i][j - 1], ("insert", 0, 1)))
            if i:
                options.append((best[i - 1][j], ("delete", 1, 0)))
            for kind, di, dj in _MOVES:
                if di <= i and dj <= j:
                    score = pairing.score(i - di, i, j - dj, j)
                    if score:
                        options.append((best[i - di][j - dj] + score, (kind, di, dj)))
            best[i][j], step[i][j] = max(options, key=lambda option: option[0])
    steps = []
    i, j = m, n
    while i or j:
        kind, di, dj = step[i][j]
        steps.append((kind, di, dj))
        i, j = i - di, j - dj
    return steps[::-1]


class _Pairing:
    """Scores of pairing old paragraphs [i0:i1] with new ones [j0:j1], cheaply.

    Each paragraph's words are counted once, so is each run of 2 and 3
    paragraphs (a split or merge window), and the words shared by every old
    and new paragraph. A window is compared only when it could reach
    SIMILAR: the words it shares are at most the sum of what its single
    pairs share (min(a + b, c) <= min(a, c) + min(b, c)), so most windows
    are ruled out by a few additions.
    """

    def __init__(self, olds, news):
        self.olds, self.news = olds, news
        self.old_counts = [_word_counts(p) for p in olds]
        self.new_counts = [_word_counts(p) for p in news]
        self.old_totals = [c.total() for c in self.old_counts]
        self.new_totals = [c.total() for c in self.new_counts]
        # Whitespace-separated words, the measure the score is in.
        self.old_sizes = [len(p.split()) for p in olds]
        self.new_sizes = [len(p.split()) for p in news]
        self.shared = [[_shared_words(a, b) for b in self.new_counts] for a in self.old_counts]
        self.old_windows = _window_counts(self.old_counts)
        self.new_windows = _window_counts(self.new_counts)

    def score(self, i0, i1, j0, j1):
        total = sum(self.old_totals[i0:i1]) + sum(self.new_totals[j0:j1])
        if not total:
            same = " ".join(self.olds[i0:i1]) == " ".join(self.news[j0:j1])
            alike = 1.0 if same else 0.0
        elif i1 - i0 == 1 and j1 - j0 == 1:
            alike = 2 * self.shared[i0][j0] / total
        else:
            bound = sum(self.shared[i][j] for i in range(i0, i1) for j in range(j0, j1))
            if 2 * bound / total < SIMILAR:
                return 0.0
            old_words = self.old_windows[i0, i1]
            new_words = self.new_windows[j0, j1]
            alike = 2 * _shared_words(old_words, new_words) / total
        if alike < SIMILAR:
            return 0.0
        # Words in common, with a small cost per extra paragraph so a plain
        # pairing wins when the join adds nothing.
        words = sum(self.old_sizes[i0:i1]) + sum(self.new_sizes[j0:j1])
        common = alike * words / 2
        return common - 0.5 * ((i1 - i0) + (j1 - j0) - 2)


def _window_counts(counts):
    """{(start, end): word counts} of each single paragraph and run of 2 and 3."""
    windows = {}
    for start, single in enumerate(counts):
        windows[start, start + 1] = single
        for size in (2, 3):
            if start + size <= len(counts):
                windows[start, start + size] = (
                    windows[start, start + size - 1] + counts[start + size - 1]
                )
    return windows


def _mark_moves(rows, old_paragraphs, new_paragraphs):
    """Link a deleted paragraph to an identical inserted one elsewhere."""
    inserted = {}
    for index, row in enumerate(rows):
        if row.kind == INSERT and len(row.new) == 1:
            inserted.setdefault(new_paragraphs[row.new[0]], []).append(index)
    for index, row in enumerate(rows):
        if row.kind != DELETE or len(row.old) != 1:
            continue
        candidates = inserted.get(old_paragraphs[row.old[0]])
        if candidates:
            target = candidates.pop(0)
            row.moved_to = target
            rows[target].moved_from = index


def _unmoved(rows, kind):
    """Indexes of the one-paragraph rows of this kind that no move links yet."""
    return [
        index
        for index, row in enumerate(rows)
        if row.kind == kind and len(row.old) + len(row.new) == 1
        if row.moved_to is None and row.moved_from is None
    ]


def _move_pairs(olds, news):
    """(i, j) pairs of alike paragraphs, most alike first, each paragraph in one pair.

    Greedy by similarity, ties in reading order: a paragraph goes to the
    one most like it, as a reader would match them.
    """
    if _too_costly_to_pair(olds, news):
        return []
    old_counts = [_word_counts(p) for p in olds]
    new_counts = [_word_counts(p) for p in news]
    candidates = []
    for i, old in enumerate(old_counts):
        for j, new in enumerate(new_counts):
            total = old.total() + new.total()
            alike = 2 * _shared_words(old, new) / total if total else 0.0
            if alike >= MOVED_SIMILAR:
                candidates.append((-alike, i, j))
    pairs, taken_old, taken_new = [], set(), set()
    for _, i, j in sorted(candidates):
        if i not in taken_old and j not in taken_new:
            pairs.append((i, j))
            taken_old.add(i)
            taken_new.add(j)
    return pairs


def _mark_edited_moves(rows, old_paragraphs, new_paragraphs, deadline):
    """Link a deleted paragraph to an edited copy inserted elsewhere, with its word changes.

    Runs after exact moves and in-place pairing, only on the deleted and
    inserted paragraphs they left, so it never undoes either.
    """
    deleted, inserted = _unmoved(rows, DELETE), _unmoved(rows, INSERT)
    olds = [old_paragraphs[rows[index].old[0]] for index in deleted]
    news = [new_paragraphs[rows[index].new[0]] for index in inserted]
    for i, j in _move_pairs(olds, news):
        timeout = max(_MIN_TIMEOUT, min(_DIFF_TIMEOUT, deadline - time.monotonic()))
        segments = word_diff(olds[i], news[j], timeout)
        source, target = rows[deleted[i]], rows[inserted[j]]
        source.segments, target.segments = old_side(segments), new_side(segments)
        source.moved_to, target.moved_from = inserted[j], deleted[i]


def sizes(rows):
    """(characters added, characters removed) in these rows: what a comparison highlights."""
    added = removed = 0
    for row in rows:
        for op, text in row.segments:
            if op == INSERT:
                added += len(text)
            elif op == DELETE:
                removed += len(text)
    return added, removed
