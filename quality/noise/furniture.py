"""Refetch noise: page furniture that changes between fetches while the article does not."""

import re

import lxml.html

from articles.extraction.paragraphs import tag_set
from quality.noise.pages import (
    article_container,
    element_text,
    is_article_text,
    link_lists,
    token,
)

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


def reorder_related(tree, rng, article_shingles):
    for element in link_lists(tree, article_shingles):
        items = element.findall("li")
        for li in items:
            element.remove(li)
        rng.shuffle(items)
        for li in items:
            li.tail = "\n"
            element.append(li)


def replace_related(tree, rng, article_shingles):
    for element in link_lists(tree, article_shingles):
        for li in element.findall("li"):
            for link in li.iter("a"):
                for child in list(link):
                    link.remove(child)
                link.text = rng.choice(HEADLINES)
                link.set("href", f"/story/{token(rng, 6)}")
        if rng.random() < 0.5:
            element.remove(element.findall("li")[-1])


def timestamps(tree, rng, article_shingles):
    for time_element in tree.iter("time"):
        if is_article_text(element_text(time_element), article_shingles):
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
    container = article_container(tree, article_shingles)
    updated = lxml.html.fragment_fromstring(
        f'<p class="timestamp">Updated {rng.randint(2, 59)} minutes ago</p>'
    )
    container.insert(0, updated)


def ads_and_tracking(tree, rng, article_shingles):
    container = article_container(tree, article_shingles)
    for _ in range(rng.randint(1, 3)):
        slot = token(rng, 8)
        ad = lxml.html.fragment_fromstring(
            f'<div class="ad-slot" id="div-gpt-ad-{slot}" data-refresh="{rng.randint(1, 99)}">'
            f'<div class="advertisement">Advertisement</div>'
            f'<iframe src="https://ads.example/serve?slot={slot}"></iframe></div>'
        )
        container.insert(rng.randint(0, len(container)), ad)
    body = tree.find("body") if tree.find("body") is not None else tree
    body.append(
        lxml.html.fragment_fromstring(
            f'<img src="https://track.example/p.gif?cb={token(rng)}" width="1" height="1" alt="">'
        )
    )


def comment_counts(tree, rng, article_shingles):
    for element in tree.iter():
        for attribute in ("text", "tail"):
            value = getattr(element, attribute, None)
            if isinstance(value, str) and _COMMENT_COUNT.search(value):
                setattr(element, attribute, _COMMENT_COUNT.sub(f"{rng.randint(0, 999)}\\1", value))
    container = article_container(tree, article_shingles)
    count = lxml.html.fragment_fromstring(
        f'<p class="comment-count"><a href="#comments">{rng.randint(0, 999)} comments</a></p>'
    )
    container.insert(0, count)


def script_tokens(tree, rng, article_shingles):
    for script in tree.iter("script"):
        if script.get("nonce") is not None or rng.random() < 0.5:
            script.set("nonce", token(rng, 22))
        if script.text and (script.get("type") or "") != "application/ld+json":
            script.text = _TOKEN.sub(lambda m: token(rng, len(m.group(0))), script.text)
    head = tree.find("head") if tree.find("head") is not None else tree
    head.append(
        lxml.html.fragment_fromstring(
            f'<script>window.__SESSION__ = {{"id": "{token(rng, 32)}", '
            f'"t": {rng.randint(1, 10**9)}}};</script>'
        )
    )
    body = tree.find("body") if tree.find("body") is not None else tree
    body.append(
        lxml.html.fragment_fromstring(f'<input type="hidden" name="csrf" value="{token(rng, 40)}">')
    )
    for element in tree.iter("img", "script", "link"):
        for name in ("src", "href"):
            if element.get(name):
                base = element.get(name).split("?v=")[0]
                element.set(name, f"{base}?v={token(rng, 6)}")


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
    container = article_container(tree, article_shingles)
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
