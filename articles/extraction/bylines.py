"""Bylines: the names of a story's authors, from metadata or from the page's markup.

Many pages show their byline only in the visible page: a link with
rel="author", schema.org microdata (itemprop="author"), an element whose
class or id says byline, author or contributor, or a "By ..." line above
the story. That line also holds what is not a name: "By", a date, an
"Updated" stamp, "Follow" and "Share" buttons, a role ("Staff Writer").
Everything that comes out of here is a list of names joined as ", ", and
never a date, a URL, a number or a button label.
"""

import re

from articles.extraction.paragraphs import SKIPPED_TAGS, tag_set
from articles.extraction.wording import DATE_START
from articles.textnorm import comparison_key, normalise_line

# A byline line is short; a longer element named "author" is a biography.
MAX_BYLINE_CHARS = 120
MAX_NAME_WORDS = 6
MAX_NAMES = 8
MAX_MATCHES = 40

# "By", "Written by", "Por", "Par", "Von", "Di", "Door", "Av", "Texto:".
_LEAD_IN = re.compile(
    r"^(?:(?:written|words|story|text|reporting|report|posted|published|photos?)\s+)?"
    r"(?:by|por|par|von|door|av|af|(?-i:di|de))\b\s*:?\s*|"
    r"^(?:authors?|autor(?:a|es)?|auteur|texto?|автор|текст)\s*:\s*",
    re.I,
)
# Between two names: a comma, an ampersand, "and" in a few languages (in lower
# case and between spaces: "Sarah E. Needleman" is one name).
_NAME_SEPARATOR = re.compile(r"\s*[,;&|•·/]\s*|\s+(?:(?i:and)|(?-i:und|et|y|e|en|og|och|и))\s+")
# Buttons and links that sit in a byline line: never a name.
_LABEL = re.compile(
    r"^(?:follow|following|unfollow|share|email|e-mail|mail|print|comment|comments|contact|"
    r"more|see more|read more|view (?:all|more|profile)|view all posts|all posts|"
    r"bio|profile|twitter|x|facebook|linkedin|instagram|rss|subscribe|close|menu|"
    r"about the author|more from this author|get in touch)\b[\s:.>»+]*$",
    re.I,
)
# A name of only these words is a job title, not a person.
_ROLE_WORDS = tag_set(
    "staff writer writers reporter reporters correspondent correspondents editor editors "
    "senior associate contributing contributor contributors columnist journalist "
    "news desk team staff the our chief national political business sports "
    "admin administrator webmaster guest anonymous"
)
_LINK_ELEMENTS = frozenset(("link", "meta"))
_URL = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)/|@", re.I)
_URL_IN_TEXT = re.compile(r"(?:https?:)?//\S+|\bwww\.\S+", re.I)
# A login rather than a name: "jdadmin", "carlos.nadalim", "user_1234".
_USER_NAME = re.compile(r"^[a-z][a-z0-9._-]*$")
_HANDLE = re.compile(r"(?<!\w)@\w+")  # "@jomarsh": a social handle beside the name
_LETTER = re.compile(r"[^\W\d_]")
# Tags a byline is never inside: site navigation, footers, side columns.
_OUTSIDE_ARTICLE = ("nav", "footer", "aside")
# A class word of a comment thread ("comments", "comment-list"), not "has-comments".
_COMMENTS = re.compile(r"^comments?(?:[-_]|$)", re.I)
# Class or id words of a byline; "authorName", "c-byline__item", "contributors",
# "auteur" and "autor" in French, Spanish, Portuguese and German, "writtenby".
_BYLINE_NAMES = re.compile(r"byline|author|auteur|autor|contributor|writtenby|writer", re.I)
_BY = re.compile(r"(?:by|par|por|von)\s+[^\W\d_]", re.I)
_ITEMPROP_AUTHOR = './/*[contains(concat(" ", normalize-space(@itemprop), " "), " author ")]'
_REL_AUTHOR = './/*[contains(concat(" ", normalize-space(@rel), " "), " author ")]'


def is_plausible_name(name):
    """A person's or a desk's name: letters, a few words, no digits, URL or label."""
    if not name or len(name) > 80 or not _LETTER.search(name):
        return False
    if any(ch.isdigit() for ch in name) or _URL.search(name) or _LABEL.match(name):
        return False
    if _USER_NAME.match(name):
        return False
    words = name.split()
    if len(words) > MAX_NAME_WORDS:
        return False
    return not all(word.lower().strip(".,") in _ROLE_WORDS for word in words)


def byline_names(text):
    """The names in a byline line: "By", dates, stamps and labels taken off, in order."""
    text = _HANDLE.sub(" ", _URL_IN_TEXT.sub(" ", normalise_line(text)))
    date = DATE_START.search(text)
    if date:
        text = text[: date.start()]
    text = text.strip(" ,;:|•·-\u2013\u2014/")
    text = re.sub(r"\s+(?:on|at|am|le|el|il|em|the)$", "", text, flags=re.I)
    text = _LEAD_IN.sub("", text).strip()
    names = []
    for part in _NAME_SEPARATOR.split(text):
        name = _LEAD_IN.sub("", part.strip(" :-\u2013\u2014")).strip()
        if is_plausible_name(name) and comparison_key(name) not in map(comparison_key, names):
            names.append(name)
    return names


def join_names(names):
    return ", ".join(names)


def stated_byline(text):
    """A byline as metadata states it, or "" when it names nobody (an id, a URL, a date).

    Kept as stated otherwise ("By" aside): archived versions hold it so, and
    a new spelling of an unchanged byline would make a version of its own.
    """
    text = _LEAD_IN.sub("", normalise_line(text)).strip()
    return text if byline_names(text) else ""


def _visible_text(element):
    """The element's text without buttons, times, scripts or labels, one piece per node."""
    pieces = []

    def walk(node):
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is not None and tag not in SKIPPED_TAGS and tag != "time":
            pieces.append(node.text or "")
            for child in node:
                walk(child)
        if node is not element:
            pieces.append(node.tail or "")

    walk(element)
    kept = [p for p in (normalise_line(piece) for piece in pieces) if p and not _LABEL.match(p)]
    return " ".join(kept)


def _names_of(element):
    if element.tag in _LINK_ELEMENTS:
        return []
    inner_name = element.xpath(
        './/*[contains(concat(" ", normalize-space(@itemprop), " "), " name ")]'
    )
    if inner_name:
        name = inner_name[0]
        text = name.get("content") if name.tag == "meta" else _visible_text(name)
        return byline_names(text or "")
    text = _visible_text(element)
    if len(text) > MAX_BYLINE_CHARS:
        return []
    return byline_names(text)


def _is_in_page_furniture(element, scope):
    """In a comment thread, or in the page's navigation, footer or a side column.

    Within the story's own <article>, an <aside> is the story's margin,
    where some pages set the byline.
    """
    for ancestor in element.iterancestors():
        if ancestor.tag in _OUTSIDE_ARTICLE and not (
            ancestor.tag == "aside" and scope.tag == "article"
        ):
            return True
        features = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".split()
        if any(_COMMENTS.match(word) for word in features):
            return True
    return False


def _innermost(elements):
    chosen = set(elements)
    return [e for e in elements if not any(d in chosen for d in e.iterdescendants())]


def _byline_line(element):
    """The largest short block around the element: the line its co-authors share."""
    line = element
    for ancestor in element.iterancestors():
        if len(normalise_line(ancestor.text_content())) > MAX_BYLINE_CHARS:
            break
        line = ancestor
    return line


def _names_from(matches, scope):
    """The names in the first match that has any, with those sharing its line."""
    for index, element in enumerate(matches):
        if _is_in_page_furniture(element, scope) or not _names_of(element):
            continue
        line = set(_byline_line(element).iter())
        names = []
        for other in matches[index:]:
            if other in line:
                names += [n for n in _names_of(other) if n not in names]
        return names[:MAX_NAMES]
    return []


def _named_elements(scope):
    found = []
    for element in scope.iter():
        features = f"{element.get('class') or ''} {element.get('id') or ''}"
        if isinstance(element.tag, str) and _BYLINE_NAMES.search(features):
            found.append(element)
            if len(found) == MAX_MATCHES:
                break
    return found


def _by_lines(scope):
    """Short blocks that begin "By <Name>": a byline set as plain text."""
    found = []
    for element in scope.iter("p", "div", "span", "li", "address", "h4", "h5", "h6"):
        # Only blocks whose own first words are "By": cheap on a large page.
        if not _BY.match((element.text or "").lstrip()):
            continue
        text = normalise_line(element.text_content())
        if len(text) > MAX_BYLINE_CHARS or not _BY.match(text):
            continue
        rest = _LEAD_IN.sub("", text)
        if rest[:1].isupper():
            found.append(element)
            if len(found) == MAX_MATCHES:
                break
    return _innermost(found)


def _markup_kinds(scope):
    """Each kind of byline markup, the most explicit first.

    The innermost matches first: "<span class=author>A</span><span
    class=author>B</span>" are two names. Then every match, outer first:
    an inner match can be only a handle or a photo. A byline is near the
    top of its page: only the first few matches of a kind are looked at,
    so a page of a thousand "author" elements costs no more than one.
    """
    microdata = scope.xpath(_ITEMPROP_AUTHOR)[:MAX_MATCHES]
    named = _named_elements(scope)[:MAX_MATCHES]
    yield _innermost(microdata)
    yield microdata
    yield scope.xpath(_REL_AUTHOR)[:MAX_MATCHES]
    yield _innermost(named)
    yield named
    yield _by_lines(scope)


def markup_byline(tree):
    """The byline the page shows, from its markup; "" when it shows none.

    The story's own <article> is searched first (when the page has one),
    so a teaser's author in a side column does not stand for the story's.
    """
    articles = tree.xpath("//article")
    scopes = [articles[0]] if len(articles) == 1 else []
    body = tree.find(".//body")
    scopes.append(body if body is not None else tree)
    for scope in scopes:
        for matches in _markup_kinds(scope):
            names = _names_from(matches, scope)
            if names:
                return join_names(names)
    return ""
