"""Clean readability's pick of the article: what it keeps that a reader skips.

readability chooses the right container but keeps everything in it: image
captions, share bars, "read more" links, newsletter boxes, datelines. Some
of that changes on every fetch ("updated 5 minutes ago", comment counts),
which would invent versions, so it goes. Each rule looks at one element and
is general: markup conventions and wording that news sites share, never a
particular site.
"""

import re

from lxml import etree

from articles.extraction.paragraphs import tag_set
from articles.extraction.wording import is_counter, is_dateline
from articles.textnorm import normalise_line

# Class or id words of page furniture. Matched as whole words of the
# attribute (split on space, "-" and "_"), or anywhere for the longer ones.
_FURNITURE_WORDS = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|adslot|advert|advertisement|advertising|sponsored|promo|"
    r"share|shares|sharing|social|likes?|comments?|related|newsletter|subscribe|"
    r"byline|dateline|timestamp|date|author|bio|credits?|caption|tags|breadcrumbs?|"
    r"disclaimer|disclosure)(?:$|[\s_-])",
    re.I,
)
# Boxes a reader only sees on hover: hidden in the page, whatever their tag.
_HOVER_WORDS = re.compile(r"(?:^|[\s_-])(?:tooltip|popup|popover)(?:$|[\s_-])", re.I)
_FURNITURE_PARTS = re.compile(
    r"caption|credit|byline|signup|sharedaddy|share-?bar|social-?share|read-?more|"
    r"publish(?:ed)?-?date|modified-?date|newsletter",
    re.I,
)
# An inline element named like this that is all of its block's text is a
# caption set in a <span> beside its image, not words of a sentence.
_CAPTION_PARTS = re.compile(r"caption|credit", re.I)
# A furniture-named element is dropped only when it is a small part of the
# article (or mostly links): a container named "article-body has-comments"
# is the article itself.
MAX_FURNITURE_SHARE = 0.3

# Lines that are page furniture whatever the markup.
_FURNITURE_LINE = re.compile(
    r"^(?:advert(?:isement)?|anzeige|werbung|publicidad|publicité|pubblicità|publicidade|"
    r"sponsored( content)?|\d* ?comments?|comment|close|share|"
    r"share this( article| story)?|share on \w+|like this:?|loading\.*|like loading\.*|"
    r"related( articles| stories| content| coverage)?:?|read more:?|more:?|see more:?|"
    r"you may also like\.*:?|don'?t miss:?|recommended:?|most read|trending|"
    r"skip (this )?ad|"
    r"(?:©|\(c\)|copyright\b).{0,120})$",
    re.I,
)
HEADING_TAGS = tag_set("h2 h3 h4 h5 h6")
_CALL_TO_ACTION = re.compile(
    r"\b(?:click here|sign up|subscribe|newsletter|follow (?:us|\w+) on|download (?:the|our)|"
    r"get the \w+( \w+)? app|share (?:it|this)|read more|see more|"
    r"lesen sie auch|mehr zum thema|lee también|lire aussi|leggi anche|leia também)\b",
    re.I,
)
SHORT_LINE = 250
# A "Read also:" label has at most this many words before its colon.
MAX_LABEL_WORDS = 4
MIN_PULL_QUOTE_WORDS = 5
_WORD = re.compile(r"\w+")
TEXT_TAGS = tag_set("p li h2 h3 h4 h5 h6 dt dd div center")
# Inline elements are part of a sentence: a link or a date in it is text.
INLINE_TAGS = tag_set(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub sup "
    "time u var"
)


def _text_length(element):
    return len(normalise_line(element.text_content()))


def _link_length(element):
    return sum(_text_length(a) for a in element.iter("a"))


def link_density(element):
    return _link_length(element) / max(_text_length(element), 1)


def _features(element):
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip()


def _is_whole_block(element):
    """An inline element that holds all the text of the block it sits in."""
    block = element.getparent()
    while block is not None and block.tag in INLINE_TAGS:
        block = block.getparent()
    return block is None or _text_length(element) >= _text_length(block)


def _is_furniture_by_name(element, article_length):
    features = _features(element)
    if not features:
        return False
    if _HOVER_WORDS.search(features):
        return True
    if element.tag in INLINE_TAGS:
        return bool(_CAPTION_PARTS.search(features)) and _is_whole_block(element)
    if not (_FURNITURE_WORDS.search(features) or _FURNITURE_PARTS.search(features)):
        return False
    length = _text_length(element)
    if length <= MAX_FURNITURE_SHARE * article_length:
        return True
    return _link_length(element) > 0.5 * length


def remove_signup_boxes(tree):
    """Drop the short blocks around form fields: newsletter signups, polls.

    Done before readability, which strips the form itself and would leave
    the box's "Sign up for our newsletter" line standing as a paragraph.
    """
    # A field to fill in, not a button: a live post has "Share" buttons too.
    fields = tree.xpath(
        "//body//input[not(@type) or not(contains('hidden submit button image reset', @type))]"
        " | //body//select | //body//textarea"
    )
    for control in fields:
        box = None
        for ancestor in control.iterancestors("div", "section", "form", "aside"):
            if _text_length(ancestor) > SHORT_LINE:
                break
            box = ancestor
        if box is not None and box.getparent() is not None:
            box.drop_tree()


def _is_furniture_line(element, in_quote=False):
    """A short block of text that is a link list entry, a call to action or a dateline."""
    if element.tag not in TEXT_TAGS or element.find(".//blockquote") is not None:
        return False
    text = normalise_line(element.text_content())
    if not text or len(text) > SHORT_LINE:
        return False
    # A subheading "Comments" or "2. Reaction" heads the story's own text.
    labelled = element.tag not in HEADING_TAGS and (_FURNITURE_LINE.match(text) or is_counter(text))
    if labelled or is_dateline(text):
        return True
    links = _link_length(element)
    if in_quote:  # a quoted post is often little more than a link
        return False
    if links and (_CALL_TO_ACTION.search(text) or _is_labelled_link(element, text, links)):
        return True
    # A paragraph that is all link is a teaser for another page.
    return links >= 0.8 * len(text) and element.getparent() is not None


def _is_own_line(element):
    """An inline element set on a line of its own, between <br>s or blocks."""
    previous, following = element.getprevious(), element.getnext()
    if previous is None:
        starts = not (element.getparent().text or "").strip()
    else:
        starts = previous.tag not in INLINE_TAGS and not (previous.tail or "").strip()
    ends = not (element.tail or "").strip() and (
        following is None or following.tag not in INLINE_TAGS
    )
    return starts and ends


def _is_stamp(element):
    """A date or counter on its own: a <time> that is all of its block, or a
    "Posted: 3/11/2024 | Hits: 57" line in a <font> between <br>s."""
    if element.tag not in INLINE_TAGS or element.getparent() is None:
        return False
    if element.tag == "time" and _is_whole_block(element):
        return True
    if not _is_own_line(element):
        return False
    text = normalise_line(element.text_content())
    return bool(text) and (is_dateline(text) or is_counter(text))


_STAMP_BLOCKS = frozenset(("p", "div", "li", "dd"))
_BODY_TEXTS = etree.XPath("//body//text()")
_DIGIT = re.compile(r"[0-9]")


def _stands_alone(element):
    if element.tag in INLINE_TAGS:
        return _is_own_line(element)
    return element.tag in _STAMP_BLOCKS


def _stamp_candidates(tree):
    """Elements within two levels of a text with a digit: every date and
    counter has one, and looking only there keeps this pass cheap."""
    seen = set()
    for text in _BODY_TEXTS(tree):
        if not _DIGIT.search(text):
            continue
        element = text.getparent()
        if text.is_tail:
            element = element.getparent()
        for _ in range(2):
            if element is None or element in seen:
                break
            seen.add(element)
            yield element
            element = element.getparent()


def remove_stamps(tree):
    """Drop dates and counters that stand alone, before readability scores the page.

    readability scores a container by its paragraphs, so a "1,204 people are
    reading this now" paragraph added on one fetch and not the next can move
    its choice between two containers and change the whole text.
    """
    doomed = []
    for element in _stamp_candidates(tree):
        if (
            len(element) > 3
            or element.getparent() is None
            or not isinstance(element.tag, str)
            or not _stands_alone(element)
        ):
            continue
        text = normalise_line(element.text_content())
        if text and len(text) <= 100 and (is_dateline(text) or is_counter(text)):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _is_labelled_link(element, text, links):
    """ "Read also: <a>headline</a>" in any language: a label of a few words,
    a colon, then a link that is most of the line."""
    first = next(element.iter("a"), None)
    link_text = normalise_line(first.text_content()) if first is not None else ""
    at = text.find(link_text) if link_text else -1
    colon = text.rfind(":", 0, max(at, 0))
    if at <= 0 or colon <= 0 or text[colon + 1 : at].strip():
        return False
    return len(text[:colon].split()) <= MAX_LABEL_WORDS and links >= 0.5 * len(text)


def _words(text):
    return " ".join(_WORD.findall(text.lower()))


def _pull_quotes(root):
    """Quote boxes whose words a paragraph outside them already holds.

    A pull quote repeats a line of the story in large type; keeping it would
    show the line twice, and an edit of the line would show as two changes.
    """
    boxes = list(root.iter("blockquote", "aside"))
    if not boxes:
        return set()
    outside = [
        _words(p.text_content())
        for p in root.iter("p")
        if not any(a.tag in ("blockquote", "aside") for a in p.iterancestors())
    ]
    repeated = set()
    for box in boxes:
        lines = [_words(p.text_content()) for p in box.iter("p")] or [_words(box.text_content())]
        quote = max(lines, key=len)
        if len(quote.split()) >= MIN_PULL_QUOTE_WORDS and any(quote in p for p in outside):
            repeated.add(box)
    return repeated


def _inside_quote(element):
    return any(a.tag == "blockquote" for a in element.iterancestors())


def furniture(root):
    """The elements of an article element that are page furniture, outermost first."""
    article_length = max(_text_length(root), 1)
    doomed = []
    skip = set()
    pull_quotes = _pull_quotes(root)
    for element in root.iterdescendants():
        if not isinstance(element.tag, str) or element in skip:
            continue
        drop = (
            element.tag in ("figcaption", "h1")
            or element in pull_quotes
            or (element.tag == "figure" and element.find(".//blockquote") is None)
            or _is_furniture_by_name(element, article_length)
            or _is_stamp(element)
            or _is_furniture_line(element, in_quote=_inside_quote(element))
        )
        if drop:
            doomed.append(element)
            skip.update(element.iterdescendants())
    return doomed


def remove_furniture(root):
    for element in furniture(root):
        element.drop_tree()
    return root


def protect_quotes(tree):
    """Keep quoted posts (embedded tweets and the like) from readability's cull.

    readability drops elements whose class says "twitter", "tweet" or
    "media", and divs dense with links, but an embedded post's text is part
    of the story. The quote loses its class and id, and the wrappers that
    hold nothing else are unwrapped, so it stands among the paragraphs.
    """
    for quote in list(tree.iter("blockquote")):
        quote.attrib.pop("class", None)
        quote.attrib.pop("id", None)
        length = _text_length(quote)
        wrapper = quote.getparent()
        while (
            wrapper is not None
            and wrapper.tag in ("div", "figure", "section", "span")
            and _text_length(wrapper) <= length
        ):
            parent = wrapper.getparent()
            wrapper.drop_tag()
            wrapper = parent
