"""Real edits of the article: each must come out of extraction as exactly that edit."""

import re
from dataclasses import dataclass

import lxml.html

from quality.noise.pages import article_paragraph_elements, element_text


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
        for p in article_paragraph_elements(tree, article_shingles)
        if paragraphs.count(element_text(p)) == 1
        and len(element_text(p)) >= 80
        and not (p.tail or "").strip()
        and not any(a.tag == "blockquote" for a in p.iterancestors())
    ]
    return fits[len(fits) // 2] if fits else None


def sentence_changed(tree, before, article_shingles):
    target = _edit_target(tree, before, article_shingles)
    words = re.findall(r"[A-Za-z]{5,}", target.text or "") if target is not None else []
    if not words:
        return None
    old = element_text(target)
    replacement = "reportedly" if words[0].lower() != "reportedly" else "allegedly"
    target.text = target.text.replace(words[0], replacement, 1)
    return Edit(
        tree, before.title, before.byline, before.text.replace(old, element_text(target), 1)
    )


def paragraph_added(tree, before, article_shingles):
    target = _edit_target(tree, before, article_shingles)
    if target is None:
        return None
    added = "A spokesperson confirmed the figures in a statement on Tuesday evening."
    target.addnext(lxml.html.fragment_fromstring(f"<p>{added}</p>"))
    paragraphs = before.text.split("\n\n")
    paragraphs.insert(paragraphs.index(element_text(target)) + 1, added)
    return Edit(tree, before.title, before.byline, "\n\n".join(paragraphs))


def paragraph_removed(tree, before, article_shingles):
    target = _edit_target(tree, before, article_shingles)
    if target is None:
        return None
    paragraphs = before.text.split("\n\n")
    paragraphs.remove(element_text(target))
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
