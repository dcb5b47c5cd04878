"""The noise suite: refetches that must not make versions, edits that must.

A page is served again with its boilerplate changed (related links
reordered or replaced, timestamps, ads and tracking, comment counts,
tokens in scripts, attribute order, white space): the archived title,
byline and text must be byte-identical. A page is served again with one
real edit of the article (a sentence, a paragraph added or removed, the
headline, the byline): the new text must differ by exactly that edit.

Each noise is applied twice with different random seeds, so the "before"
and "after" pages both carry noise and differ only in it. Some noises add
furniture with no class or id, in abbreviations and other languages, so the
suite does not only test the names the cleaner looks for.
"""

import copy
import random
import re
from dataclasses import dataclass, field

import lxml.html

from articles.extraction import ExtractionError, extract, parse_html
from articles.extraction.decoding import decode_html
from articles.extraction.paragraphs import tag_set
from articles.textnorm import normalise_line, shingles

HEADLINES = [
    "Council approves new cycle lanes for the city centre",
    "Storm warning lifted as winds ease along the coast",
    "Local bakery wins national award for sourdough",
    "Museum reopens after two-year restoration",
    "Rail strike called off after late-night talks",
    "Students design app to cut food waste in canteens",
    "Hospital opens new wing for children's care",
    "Harbour festival returns with record crowds",
]
_RELATIVE_TIME = re.compile(r"\b\d+(\s*(?:min(?:ute)?s?|hours?|hrs?|days?|seconds?)\s+ago)\b", re.I)
_COMMENT_COUNT = re.compile(r"\b\d+(\s+comments?)\b", re.I)
_TOKEN = re.compile(r"\b[0-9a-f]{8,}\b|\b[A-Za-z0-9_-]{24,}\b")


def _token(rng, length=16):
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def _text(element):
    return normalise_line(element.text_content())


def _is_article_text(text, article_shingles):
    found = shingles(text)
    if not found or not text:
        return False
    return sum(1 for key in found if key in article_shingles) >= 0.5 * len(found)


def _article_paragraph_elements(tree, article_shingles):
    return [
        p
        for p in tree.iter("p")
        if len(_text(p)) >= 40 and _is_article_text(_text(p), article_shingles)
    ]


def _article_container(tree, article_shingles):
    """The element holding most of the article's paragraphs (the body, failing that)."""
    parents = [p.getparent() for p in _article_paragraph_elements(tree, article_shingles)]
    parents = [p for p in parents if p is not None]
    if not parents:
        return tree.find("body") if tree.find("body") is not None else tree
    return max(set(parents), key=parents.count)


def _link_lists(tree, article_shingles):
    lists = []
    for element in tree.iter("ul", "ol"):
        items = element.findall("li")
        if len(items) < 2 or _is_article_text(_text(element), article_shingles):
            continue
        linked = [li for li in items if li.find(".//a") is not None]
        if len(linked) == len(items):
            lists.append(element)
    return lists


# --- Noise: page furniture that changes between fetches ----------------------


def reorder_related(tree, rng, article_shingles):
    for element in _link_lists(tree, article_shingles):
        items = element.findall("li")
        for li in items:
            element.remove(li)
        rng.shuffle(items)
        for li in items:
            li.tail = "\n"
            element.append(li)


def replace_related(tree, rng, article_shingles):
    for element in _link_lists(tree, article_shingles):
        for li in element.findall("li"):
            for link in li.iter("a"):
                for child in list(link):
                    link.remove(child)
                link.text = rng.choice(HEADLINES)
                link.set("href", f"/story/{_token(rng, 6)}")
        if rng.random() < 0.5:
            element.remove(element.findall("li")[-1])


def timestamps(tree, rng, article_shingles):
    for time_element in tree.iter("time"):
        if _is_article_text(_text(time_element), article_shingles):
            continue
        day, hour, minute = rng.randint(10, 28), rng.randint(10, 23), rng.randint(10, 59)
        stamp = f"2024-0{rng.randint(1, 9)}-{day}T{hour}:{minute}:00Z"
        time_element.set("datetime", stamp)
        for child in list(time_element):
            time_element.remove(child)
        time_element.text = f"{rng.randint(1, 59)} minutes ago"
    for element in tree.iter():
        for attribute in ("text", "tail"):
            value = getattr(element, attribute, None)
            if isinstance(value, str) and _RELATIVE_TIME.search(value):
                setattr(element, attribute, _RELATIVE_TIME.sub(f"{rng.randint(1, 59)}\\1", value))
    container = _article_container(tree, article_shingles)
    updated = lxml.html.fragment_fromstring(
        f'<p class="timestamp">Updated {rng.randint(2, 59)} minutes ago</p>'
    )
    container.insert(0, updated)


def ads_and_tracking(tree, rng, article_shingles):
    container = _article_container(tree, article_shingles)
    for _ in range(rng.randint(1, 3)):
        slot = _token(rng, 8)
        ad = lxml.html.fragment_fromstring(
            f'<div class="ad-slot" id="div-gpt-ad-{slot}" data-refresh="{rng.randint(1, 99)}">'
            f'<div class="advertisement">Advertisement</div>'
            f'<iframe src="https://ads.example/serve?slot={slot}"></iframe></div>'
        )
        container.insert(rng.randint(0, len(container)), ad)
    body = tree.find("body") if tree.find("body") is not None else tree
    body.append(
        lxml.html.fragment_fromstring(
            f'<img src="https://track.example/p.gif?cb={_token(rng)}" width="1" height="1" alt="">'
        )
    )


def comment_counts(tree, rng, article_shingles):
    for element in tree.iter():
        for attribute in ("text", "tail"):
            value = getattr(element, attribute, None)
            if isinstance(value, str) and _COMMENT_COUNT.search(value):
                setattr(element, attribute, _COMMENT_COUNT.sub(f"{rng.randint(0, 999)}\\1", value))
    container = _article_container(tree, article_shingles)
    count = lxml.html.fragment_fromstring(
        f'<p class="comment-count"><a href="#comments">{rng.randint(0, 999)} comments</a></p>'
    )
    container.insert(0, count)


def script_tokens(tree, rng, article_shingles):
    for script in tree.iter("script"):
        if script.get("nonce") is not None or rng.random() < 0.5:
            script.set("nonce", _token(rng, 22))
        if script.text and (script.get("type") or "") != "application/ld+json":
            script.text = _TOKEN.sub(lambda m: _token(rng, len(m.group(0))), script.text)
    head = tree.find("head") if tree.find("head") is not None else tree
    head.append(
        lxml.html.fragment_fromstring(
            f'<script>window.__SESSION__ = {{"id": "{_token(rng, 32)}", '
            f'"t": {rng.randint(1, 10**9)}}};</script>'
        )
    )
    body = tree.find("body") if tree.find("body") is not None else tree
    body.append(
        lxml.html.fragment_fromstring(
            f'<input type="hidden" name="csrf" value="{_token(rng, 40)}">'
        )
    )
    for element in tree.iter("img", "script", "link"):
        for name in ("src", "href"):
            if element.get(name):
                base = element.get(name).split("?v=")[0]
                element.set(name, f"{base}?v={_token(rng, 6)}")


def attribute_order(tree, rng, article_shingles):
    for element in tree.iter():
        if not isinstance(element.tag, str) or len(element.attrib) < 2:
            continue
        items = list(element.attrib.items())
        rng.shuffle(items)
        element.attrib.clear()
        for name, value in items:
            element.set(name, value)


_SPACES = ["\n", "\n  ", "\n\t\t", " ", "\r\n    ", "  \n"]


def whitespace(tree, rng, article_shingles):
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "pre"):
            continue
        for attribute in ("text", "tail"):
            value = getattr(element, attribute, None)
            if value is not None and value != "" and not value.strip():
                setattr(element, attribute, rng.choice(_SPACES))


_INLINE = tag_set("a abbr b cite code em font i img mark q small span strong sub sup time u")


def _insert_somewhere(tree, rng, article_shingles, fragments):
    """Insert each fragment between two children of the article's container.

    Only between blocks, where no loose text or inline element runs on across
    the gap: a template places its furniture there, not in the middle of a line.
    """
    container = _article_container(tree, article_shingles)
    for fragment in fragments:
        gaps = [
            i
            for i in range(len(container) + 1)
            if not ((container[i - 1].tail if i else container.text) or "").strip()
            and not (i and container[i - 1].tag in _INLINE)
            and not (i < len(container) and container[i].tag in _INLINE)
        ]
        if gaps:
            element = lxml.html.fragment_fromstring(fragment, create_parent="div")[0]
            container.insert(rng.choice(gaps), element)


def unnamed_stamps(tree, rng, article_shingles):
    """Times with no class or id to give them away: abbreviated, in other languages."""
    n, hour, minute = rng.randint(2, 59), rng.randint(10, 23), rng.randint(10, 59)
    forms = [
        f"<div>{n} min ago</div>",
        f"<p>{rng.randint(2, 23)}h ago</p>",
        f"<span>{rng.randint(2, 23)} hrs ago</span>",
        f"<div>vor {n} Minuten</div>",
        f"<p>hace {n} minutos</p>",
        f"<div>il y a {n} minutes</div>",
        f"<div>{n} minuti fa</div>",
        f"<p>Atualizado há {n} minutos</p>",
        f"<p>Last updated {hour}:{minute} BST</p>",
        f'<div><time datetime="2024-03-{rng.randint(10, 28)}T{hour}:{minute}">'
        f"{rng.randint(10, 28)} March 2024, {hour}:{minute}</time></div>",
    ]
    _insert_somewhere(tree, rng, article_shingles, rng.sample(forms, 4))


def unnamed_counters(tree, rng, article_shingles):
    """Counters with no class or id: views, hits, live readers, gallery positions."""
    n = rng.randint(2, 9999)
    forms = [
        f"<div>{n:,} views</div>",
        f"<p>Hits: {n}</p>",
        f"<p>{n} people are reading this now</p>",
        f'<div><img src="/gallery/{n}.jpg" alt=""><p>Photo 1 of {rng.randint(3, 40)}</p></div>',
        f"<span>{n} Kommentare</span>",
        f"<p>{n} comentarios</p>",
    ]
    _insert_somewhere(tree, rng, article_shingles, rng.sample(forms, 3))


SINGLE_NOISES = {
    "related links reordered": reorder_related,
    "related links replaced": replace_related,
    "timestamps": timestamps,
    "ads and tracking": ads_and_tracking,
    "comment counts": comment_counts,
    "tokens and nonces in scripts": script_tokens,
    "attribute order": attribute_order,
    "white space": whitespace,
    "unnamed timestamps": unnamed_stamps,
    "unnamed counters": unnamed_counters,
}


def all_noise(tree, rng, article_shingles):
    for noise in SINGLE_NOISES.values():
        noise(tree, rng, article_shingles)


NOISES = {**SINGLE_NOISES, "all of them at once": all_noise}


# --- Edits: real changes of the article -----------------------------------------


@dataclass
class Edit:
    """An edited copy of the page and the text, title and byline it must give."""

    tree: object
    title: str
    byline: str
    text: str


def _edit_target(tree, before, article_shingles):
    """A paragraph element whose text is one whole paragraph of the extracted text."""
    paragraphs = before.text.split("\n\n")
    fits = [
        p
        for p in _article_paragraph_elements(tree, article_shingles)
        if paragraphs.count(_text(p)) == 1
        and len(_text(p)) >= 80
        and not (p.tail or "").strip()
        and not any(a.tag == "blockquote" for a in p.iterancestors())
    ]
    return fits[len(fits) // 2] if fits else None


def sentence_changed(tree, before, article_shingles):
    target = _edit_target(tree, before, article_shingles)
    words = re.findall(r"[A-Za-z]{5,}", target.text or "") if target is not None else []
    if not words:
        return None
    old = _text(target)
    replacement = "reportedly" if words[0].lower() != "reportedly" else "allegedly"
    target.text = target.text.replace(words[0], replacement, 1)
    return Edit(tree, before.title, before.byline, before.text.replace(old, _text(target), 1))


def paragraph_added(tree, before, article_shingles):
    target = _edit_target(tree, before, article_shingles)
    if target is None:
        return None
    added = "A spokesperson confirmed the figures in a statement on Tuesday evening."
    target.addnext(lxml.html.fragment_fromstring(f"<p>{added}</p>"))
    paragraphs = before.text.split("\n\n")
    paragraphs.insert(paragraphs.index(_text(target)) + 1, added)
    return Edit(tree, before.title, before.byline, "\n\n".join(paragraphs))


def paragraph_removed(tree, before, article_shingles):
    target = _edit_target(tree, before, article_shingles)
    if target is None:
        return None
    paragraphs = before.text.split("\n\n")
    paragraphs.remove(_text(target))
    target.drop_tree()
    return Edit(tree, before.title, before.byline, "\n\n".join(paragraphs))


def _replace_everywhere(tree, old, new):
    """Replace a string in every text, tail and attribute, as a CMS edit would."""
    for element in tree.iter():
        for attribute in ("text", "tail"):
            value = getattr(element, attribute, None)
            if isinstance(value, str) and old in value:
                setattr(element, attribute, value.replace(old, new))
        if isinstance(element.tag, str):
            for name, value in element.attrib.items():
                if old in value:
                    element.set(name, value.replace(old, new))


def headline_changed(tree, before, article_shingles):
    words = before.title.split()
    if len(words) < 3:
        return None
    old_word = max(words, key=len)
    new_title = before.title.replace(old_word, "Revised", 1)
    _replace_everywhere(tree, before.title, new_title)
    return Edit(tree, new_title, before.byline, before.text.replace(before.title, new_title))


def byline_changed(tree, before, article_shingles):
    name = before.byline.split(",")[0].strip()
    if not name:
        return None
    new_name = f"{name} and Sam Okoro"
    _replace_everywhere(tree, name, new_name)
    return Edit(
        tree,
        before.title,
        before.byline.replace(name, new_name),
        before.text.replace(name, new_name),
    )


EDITS = {
    "sentence changed": sentence_changed,
    "paragraph added": paragraph_added,
    "paragraph removed": paragraph_removed,
    "headline changed": headline_changed,
    "byline changed": byline_changed,
}


# --- Running the suite ------------------------------------------------------------


def serialise(tree):
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def _archived(html):
    try:
        extracted = extract(html)
    except ExtractionError as error:
        return ("", "", f"[extraction error: {error}]")
    return (extracted.title, extracted.byline, extracted.text)


@dataclass
class SuiteResult:
    pages: int = 0
    refetches: int = 0
    false_versions: list = field(default_factory=list)  # (page, noise)
    edits: int = 0
    edits_skipped: int = 0
    missed_edits: list = field(default_factory=list)  # (page, edit, what went wrong)

    @property
    def detected_edits(self):
        return self.edits - len(self.missed_edits)

    def as_dict(self):
        return {
            "pages": self.pages,
            "refetches": self.refetches,
            "false_versions": len(self.false_versions),
            "edits": self.edits,
            "edits_detected": self.detected_edits,
            "missed_edits": len(self.missed_edits),
            "edits_not_applicable": self.edits_skipped,
            "false_version_cases": [list(case) for case in self.false_versions],
            "missed_edit_cases": [list(case) for case in self.missed_edits],
        }


def run_page(page_id, html, article_text, result, seed=0):
    """Run every noise and every edit on one page, adding to result."""
    tree = parse_html(decode_html(html))
    article_shingles = set(shingles(article_text))
    result.pages += 1
    for index, (name, noise) in enumerate(NOISES.items()):
        before, after = copy.deepcopy(tree), copy.deepcopy(tree)
        noise(before, random.Random(f"{seed}-{page_id}-{index}-a"), article_shingles)
        noise(after, random.Random(f"{seed}-{page_id}-{index}-b"), article_shingles)
        result.refetches += 1
        if _archived(serialise(before)) != _archived(serialise(after)):
            result.false_versions.append((page_id, name))
    base = serialise(tree)
    try:
        before = extract(base)
    except ExtractionError:
        result.edits_skipped += len(EDITS)
        return
    for name, make_edit in EDITS.items():
        edit = make_edit(parse_html(base), before, article_shingles)
        if edit is None:
            result.edits_skipped += 1
            continue
        result.edits += 1
        got = _archived(serialise(edit.tree))
        wanted = (edit.title, edit.byline, edit.text)
        if got == (before.title, before.byline, before.text):
            result.missed_edits.append((page_id, name, "no new version"))
        elif got != wanted:
            fields = [
                f
                for f, g, w in zip(("title", "byline", "text"), got, wanted, strict=True)
                if g != w
            ]
            result.missed_edits.append(
                (page_id, name, f"the {'/'.join(fields)} differs beyond the edit")
            )
    return result
