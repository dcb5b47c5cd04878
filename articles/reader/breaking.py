"""Where a browser may wrap a very long unbroken run of text (pure).

A line breaker that finds no break opportunity in a run falls back to
`overflow-wrap: anywhere`, which for some scripts means shaping the run
again for every line: a 200,000-character Arabic "word" took Chromium
14 s to lay out. Runs longer than any real word are cut into pieces the
page joins with <wbr>: break opportunities that add no text, so copying
and reading the text give it unchanged.
"""

import regex

# Longer than any word or ordinary URL a reader would want kept whole on a line.
LONGEST_RUN = 64
# White space a browser may not wrap at: no-break, figure and narrow no-break spaces.
_GLUE = "\u00a0\u2007\u202f"
_UNBROKEN = rf"[\S{_GLUE}]"


def pieces(text, longest=LONGEST_RUN):
    """`text` cut into pieces, none with more than `longest` characters of one unbroken run.

    The pieces join back to `text`; cuts fall between grapheme clusters, so
    an accent or a joiner stays with its letter.
    """
    run = regex.compile(rf"(?:(?={_UNBROKEN})\X){{{longest}}}(?={_UNBROKEN})")
    cuts = [match.end() for match in run.finditer(text)]
    return [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
