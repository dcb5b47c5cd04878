"""Check one article: detect a change, save a version, schedule the next check.

`check` does the I/O (fetch, extract, write under the article's row lock);
`content` (what makes a version), `plausibility` (walls and collapses) and
`schedule` (re-check arithmetic) are pure.
"""
