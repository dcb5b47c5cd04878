"""What the noise suite knows of a page: where the article is, which lists are links."""

from articles.textnorm import normalise_line, shingles


def token(rng, length=16):
    return "".join(rng.choice("0123456789abcdef") for _ in range(length))


def element_text(element):
    return normalise_line(element.text_content())


def is_article_text(text, article_shingles):
    found = shingles(text)
    if not found or not text:
        return False
    return sum(1 for key in found if key in article_shingles) >= 0.5 * len(found)


def article_paragraph_elements(tree, article_shingles):
    return [
        p
        for p in tree.iter("p")
        if len(element_text(p)) >= 40 and is_article_text(element_text(p), article_shingles)
    ]


def article_container(tree, article_shingles):
    """The element holding most of the article's paragraphs (the body, failing that)."""
    parents = [p.getparent() for p in article_paragraph_elements(tree, article_shingles)]
    parents = [p for p in parents if p is not None]
    if not parents:
        return tree.find("body") if tree.find("body") is not None else tree
    return max(set(parents), key=parents.count)


def link_lists(tree, article_shingles):
    lists = []
    for element in tree.iter("ul", "ol"):
        items = element.findall("li")
        if len(items) < 2 or is_article_text(element_text(element), article_shingles):
            continue
        linked = [li for li in items if li.find(".//a") is not None]
        if len(linked) == len(items):
            lists.append(element)
    return lists


# --- Noise: page furniture that changes between fetches ----------------------
