"""The article body: a source's selectors, else readability's pick."""

import copy
import logging

import lxml.html
from lxml.cssselect import CSSSelector
from lxml.etree import tounicode
from readability import Document
from readability.readability import REGEXES, text_length

from articles.extraction.choosing import (
    MIN_DECLARED_COVERAGE,
    Candidate,
    best_candidate,
    coverage,
    implausibility,
)
from articles.extraction.cleaning import (
    link_density,
    protect_quotes,
    remove_furniture,
    remove_stamps,
)
from articles.extraction.paragraphs import element_paragraphs

log = logging.getLogger(__name__)

_DISPLAY_NONE = REGEXES["displayNoneRe"]


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
    """readability-lxml on a tree parsed and cleaned once, keeping the chosen element.

    readability-lxml 0.9 parses the page again for each of its passes and
    runs lxml's Cleaner on it (rewriting every link to strip javascript:).
    The tree given here is already parsed and stripped of scripts, styles
    and comments, and only text leaves: a fresh copy per pass does.
    """

    article = None

    def _parse(self, input):
        document = copy.deepcopy(input)
        # What readers never see: hidden, display:none, and aria-hidden (which
        # hides an element from screen readers because it repeats or decorates).
        hidden = document.xpath("//*[@hidden] | //*[@aria-hidden='true']")
        hidden += [
            element
            for element in document.xpath("//*[@style]")
            if _DISPLAY_NONE.search(element.get("style"))
        ]
        for element in hidden:
            if element.getparent() is not None:
                element.drop_tree()
        return document

    def select_best_candidate(self, candidates):
        """readability's best element, taken inside the wrappers that hold only it.

        readability scores a paragraph's parent in full and its grandparent
        by half plus a bonus for a class name like "text": a wrapper around
        the article's only block can outscore the block by a point or two,
        and one paragraph more or less decides which wins. The two hold the
        same text, but readability then looks for more of the article among
        the winner's siblings, and the wrapper's siblings are other blocks
        (an "about the company" paragraph, a standfirst). Descending to the
        block makes that choice the same whatever the article's length.
        """
        best = super().select_best_candidate(candidates)
        while best is not None:
            element = best["elem"]
            inner = [child for child in element if child in candidates]
            if len(inner) != 1 or text_length(inner[0]) != text_length(element):
                break
            best = candidates[inner[0]]
        return best

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


def _cleaned_candidate(source, element):
    if element is None:
        return Candidate(source, [])
    remove_furniture(element)
    return Candidate(source, element_paragraphs(element), link_density(element))


def _own_markup_candidates(tree):
    """The page's own article element: itemprop="articleBody", else its one <article>."""
    marked = tree.xpath(
        '//*[contains(concat(" ", normalize-space(@itemprop), " "), " articleBody ")]'
    )
    articles = marked or tree.xpath("//article")
    if len(articles) != 1:
        return []
    return [_cleaned_candidate("article markup", copy.deepcopy(articles[0]))]


def _trafilatura_candidate(html_text):
    import trafilatura  # imported when needed: most pages never need it

    try:
        text = trafilatura.extract(
            html_text, fast=True, favor_precision=True, include_comments=False, include_tables=True
        )
    except Exception:  # a second opinion must not break extraction
        log.warning("trafilatura failed on a page", exc_info=True)
        return Candidate("trafilatura", [])
    return Candidate("trafilatura", [line for line in (text or "").split("\n") if line.strip()])


def article_paragraphs(tree, html_text, declared_body=""):
    """The body's paragraphs: readability's pick, unless it is implausible."""
    protect_quotes(tree)
    remove_stamps(tree)
    chosen = _cleaned_candidate("readability", readability_element(tree))
    reason = implausibility(chosen, declared_body)
    if reason:
        candidates = [chosen, *_own_markup_candidates(tree), _trafilatura_candidate(html_text)]
        chosen = best_candidate(candidates, declared_body) or chosen
        if declared_body and coverage(declared_body, chosen.text) < MIN_DECLARED_COVERAGE:
            # No extractor found the text the publisher declares: take the declaration.
            chosen = Candidate("declared body", declared_body.splitlines())
        log.debug("readability's body %s; chose %s", reason, chosen.source)
    return chosen.paragraphs


def bare_readability_text(html):
    """What readability-lxml alone gives: the baseline the project measures against.

    It is given text, as the extraction benchmark gives it: on bytes without
    a declared charset readability runs chardet, which would make the
    baseline slower for a reason that has nothing to do with extraction.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    summary = Document(html).summary(html_partial=True)
    return "\n\n".join(element_paragraphs(lxml.html.fragment_fromstring(summary)))
