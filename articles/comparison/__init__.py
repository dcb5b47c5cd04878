"""Compare two versions: aligned paragraph rows with word-level changes.

`diffing` is pure (texts in, typed rows out); `stored` keeps and caches the
comparisons readers open (database and cache I/O).
"""
