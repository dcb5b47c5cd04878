"""How much page extraction takes on: the cheap measure taken before parsing.

Parsing and scoring cost grows with a page's text runs and its elements
(a 4.5 MB single text node took 5.5 s and 180 MB). No news article needs a
paragraph of 100,000 characters or 100,000 tags; a page beyond either is
refused before it is parsed, in milliseconds. What this measure cannot
foresee, the time and memory bounds around the extraction call catch
(articles.checking.bounded). Pure: text in, a reason or None out.
"""

import re

from articles.extraction import ExtractionError

# A run of text with no tag in it, in characters.
MAX_TEXT_RUN_CHARS = 100_000
# Tags (opening and closing) outside scripts, styles and comments.
MAX_TAGS = 100_000

# Scripts and styles hold data, not text: a page's JSON state can be long
# without any tag and is never parsed as text.
_DATA_OPENER = re.compile(r"<(script|style|template)\b|<!--", re.I)
_DATA_CLOSERS = {
    name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style", "template")
}
_COMMENT_CLOSER = re.compile("-->")


def _without_data(text):
    """The page without its scripts, styles, templates and comments.

    Scanned forward with searches that never go back, so hostile markup (a
    thousand unclosed <script> tags) costs one pass, not one per opener.
    """
    kept, position = [], 0
    while opener := _DATA_OPENER.search(text, position):
        kept.append(text[position : opener.start()])
        name = opener.group(1)
        closer = _DATA_CLOSERS[name.lower()] if name else _COMMENT_CLOSER
        end = closer.search(text, opener.end())
        if end is None:
            return " ".join(kept)  # unclosed: the rest is data, as a parser reads it
        position = end.end()
    kept.append(text[position:])
    return " ".join(kept)


def _longest_text_run(markup):
    """The longest stretch between tags (a tag runs from "<" to the next ">")."""
    longest, position = 0, 0
    while (opening := markup.find("<", position)) != -1:
        longest = max(longest, opening - position)
        closing = markup.find(">", opening)
        if closing == -1:
            return longest
        position = closing + 1
    return max(longest, len(markup) - position)


class PageTooComplex(ExtractionError):
    """The page is beyond what extraction takes on; it is refused, not parsed."""

    check_outcome = "too_complex"


def complexity_problem(text):
    """Why the page (decoded text) is too much to extract, or None."""
    markup = _without_data(text)
    tags = markup.count("<")
    if tags > MAX_TAGS:
        return f"it has {tags:,} tags (the limit is {MAX_TAGS:,})"
    longest = _longest_text_run(markup)
    if longest > MAX_TEXT_RUN_CHARS:
        return (
            f"it has a run of {longest:,} characters of text with no tag "
            f"(the limit is {MAX_TEXT_RUN_CHARS:,})"
        )
    return None


def check_complexity(text):
    """Raise PageTooComplex when the page is too much to extract."""
    problem = complexity_problem(text)
    if problem:
        raise PageTooComplex(f"the page is too big to extract: {problem}")
