"""The article body: a source's selectors, else readability's pick."""

import lxml.html
from lxml.cssselect import CSSSelector
from lxml.etree import tounicode
from readability import Document

from articles.extraction.paragraphs import element_paragraphs


class SelectorError(ValueError):
    pass


def select(tree, selector):
    """Elements matching a CSS selector, outermost only, in document order."""
    try:
        matcher = CSSSelector(selector, translator="html")
    except Exception as error:  # cssselect raises several unrelated types
        raise SelectorError(f"invalid CSS selector {selector!r}: {error}") from None
    found = matcher(tree)
    chosen = set(found)
    return [e for e in found if not any(a in chosen for a in e.iterancestors())]


def drop_selected(tree, selectors):
    for selector in selectors:
        for element in select(tree, selector):
            if element.getparent() is not None:
                element.drop_tree()


class _ReadabilityDocument(Document):
    """readability-lxml, keeping the chosen element instead of only its HTML."""

    article = None

    def get_clean_html(self):
        # readability's own version also strips presentational attributes with
        # a slow regex loop; the text does not need that.
        self.article = self.html
        return tounicode(self.html, method="html")


def readability_element(tree):
    """readability's article element for a parsed page (the tree is not changed)."""
    document = _ReadabilityDocument(tree)
    document.summary(html_partial=True)
    return document.article


def readability_paragraphs(tree):
    element = readability_element(tree)
    return element_paragraphs(element) if element is not None else []


def bare_readability_text(html):
    """What readability-lxml alone gives: the baseline the project measures against."""
    summary = Document(html).summary(html_partial=True)
    return "\n\n".join(element_paragraphs(lxml.html.fragment_fromstring(summary)))
