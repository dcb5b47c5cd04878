"""An HTML element's text as paragraphs, the way a reader sees them.

Block elements end a paragraph, two <br> in a row end one, everything else
(links, emphasis, spans) runs on inside it. No markup survives: the result
is plain text.
"""

from lxml import etree

from articles.textnorm import normalise_line


def tag_set(names):
    return frozenset(names.split())


BLOCK_TAGS = tag_set(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p "
    "pre section summary table tbody td tfoot th thead tr ul"
)
# Never text a reader sees as the article.
SKIPPED_TAGS = tag_set(
    "script style noscript template svg math iframe object embed canvas video audio "
    "button select option textarea input head title meta link map area"
)


class _Collector:
    def __init__(self):
        self.paragraphs = []
        self.current = []
        self.pending_breaks = 0

    def text(self, text):
        if text:
            if self.pending_breaks >= 2:
                self.flush()
            self.pending_breaks = 0 if text.strip() else self.pending_breaks
            self.current.append(text)

    def line_break(self):
        self.pending_breaks += 1
        self.current.append(" ")

    def flush(self):
        line = normalise_line("".join(self.current))
        if line:
            self.paragraphs.append(line)
        self.current = []
        self.pending_breaks = 0


def _walk(element, out):
    tag = element.tag if isinstance(element.tag, str) else None
    if tag is None:  # comment or processing instruction: its tail is still text
        out.text(element.tail)
        return
    tag = tag.lower()
    if tag in SKIPPED_TAGS:
        out.text(element.tail)
        return
    if tag == "br":
        out.line_break()
        out.text(element.tail)
        return
    is_block = tag in BLOCK_TAGS
    if is_block:
        out.flush()
    out.text(element.text)
    for child in element:
        _walk(child, out)
    if is_block:
        out.flush()
    out.text(element.tail)


def element_paragraphs(*elements):
    """The normalised paragraphs of the elements, in order (tails excluded)."""
    out = _Collector()
    for element in elements:
        tail, element.tail = element.tail, None
        try:
            _walk(element, out)
        finally:
            element.tail = tail
        out.flush()
    return out.paragraphs


def strip_skipped(tree):
    """Remove scripts, styles, comments and the like in place (their tails stay)."""
    doomed = list(tree.iter(etree.Comment, etree.ProcessingInstruction))
    doomed += tree.iter(*(SKIPPED_TAGS - {"head", "title", "meta", "link"}))
    for element in doomed:
        _drop(element)


def _drop(element):
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
