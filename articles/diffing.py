"""Text differences, computed with diff-match-patch."""

from diff_match_patch import diff_match_patch

_EQUAL, _INSERT, _DELETE = 0, 1, -1


def _engine():
    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    return engine


def char_diff(old, new):
    """[(op, text)] with op in -1, 0, 1, semantically cleaned up."""
    engine = _engine()
    diffs = engine.diff_main(old or "", new or "")
    engine.diff_cleanupSemantic(diffs)
    return diffs


def change_size(old, new):
    """(chars_added, chars_removed) going from old to new."""
    added = removed = 0
    for op, text in char_diff(old, new):
        if op == _INSERT:
            added += len(text)
        elif op == _DELETE:
            removed += len(text)
    return added, removed
