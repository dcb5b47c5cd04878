"""Extract: the article on a page, as a `Content` (title, byline, times, lead image, text).

The same page must give the same text on every fetch, so everything that
leaves here is normalised (articles.textnorm) and free of markup. Pure: a
page's bytes (and the charset its server stated) in, a Content out.
"""

import lxml.html
from lxml import etree

from articles.content import Content
from articles.extraction import metadata
from articles.extraction.body import SelectorError, article_paragraphs, drop_selected, select
from articles.extraction.cleaning import remove_signup_boxes
from articles.extraction.decoding import decode_html
from articles.extraction.images import find_lead_image
from articles.extraction.paragraphs import element_paragraphs, strip_skipped
from articles.textnorm import comparison_key, normalise_line, normalise_paragraphs

__all__ = ["ExtractionError", "extract"]

# Fewer characters of body text than this is not an article.
MIN_BODY_CHARS = 20


class ExtractionError(ValueError):
    """The page has no usable article body."""


_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_blank_text=False)


def parse_html(text):
    if not text.strip():
        raise ExtractionError("the page is empty")
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"the page is not readable HTML: {error}") from None
    return tree


def _selected_text(tree, selector):
    if not selector:
        return ""
    elements = select(tree, selector)
    return normalise_line(" ".join(e.text_content() for e in elements))


def _without_leading_headers(paragraphs, title, byline):
    """Drop the headline and byline when the body repeats them at its start."""
    keys = {comparison_key(title), comparison_key(byline), comparison_key("By " + byline)}
    keys.discard("")
    start = 0
    while start < min(len(paragraphs), 3) and comparison_key(paragraphs[start]) in keys:
        start += 1
    return paragraphs[start:]


def extract(
    html,
    url="",
    charset=None,
    body_selector="",
    title_selector="",
    byline_selector="",
    drop_selectors=(),
):
    """Extract an article from a page: bytes as served (with the Content-Type
    header's charset, if it named one), or text.

    Raises ExtractionError when the page has no usable body.
    """
    html_text = decode_html(html, charset)
    tree = parse_html(html_text)
    try:
        drop_selected(tree, drop_selectors)
        articles = metadata.article_json_ld(tree)
        title = _selected_text(tree, title_selector) or metadata.find_title(tree, articles, url)
        byline = _selected_text(tree, byline_selector) or metadata.find_byline(tree, articles)
        published_at = metadata.find_published_at(tree, articles)
        modified_at = metadata.find_modified_at(tree, articles)
        # Before the clean-up below drops figures with the page's furniture.
        body = select(tree, body_selector) if body_selector else []
        lead_image_url = find_lead_image(tree, articles, url, body)
        remove_signup_boxes(tree)  # before the form itself goes
        strip_skipped(tree)
        chosen = select(tree, body_selector) if body_selector else []
    except SelectorError as error:
        raise ExtractionError(str(error)) from None
    if chosen:
        paragraphs = element_paragraphs(*chosen)
    else:
        declared_body = metadata.json_ld_article_body(articles)
        paragraphs = article_paragraphs(tree, html_text, declared_body)
    paragraphs = _without_leading_headers(paragraphs, title, byline)
    text = normalise_paragraphs(paragraphs)
    if len(text) < MIN_BODY_CHARS:
        raise ExtractionError("no article text found on the page")
    return Content(
        title=title,
        byline=byline,
        published_at=published_at,
        lead_image_url=lead_image_url,
        text=text,
        modified_at=modified_at,
    )
