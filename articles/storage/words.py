"""The words search finds a version by. Pure.

Search cannot look into compressed texts, so each version keeps the words
of its title and text that the version before it did not have (the first
version: all of them). An article has a word in some version exactly when
one of its versions added it, so these few words a version find the
articles a query may match; search then reads those articles' texts to
find which versions do.
"""

import re

_WORD = re.compile(r"\w+")


def distinct(text):
    """The words of a text, lower-cased, each once, in order of first use."""
    return list(dict.fromkeys(word.lower() for word in _WORD.findall(text)))


def added(before, after):
    """The words of `after` that `before` lacks, one space between them."""
    had = set(distinct(before))
    return " ".join(word for word in distinct(after) if word not in had)
