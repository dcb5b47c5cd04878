"""The picture an article leads with: the page's own declaration first, then its first figure.

Publishers name the picture they want shown with a story for social sites
(og:image, twitter:image) and search engines (JSON-LD `image`); a page with
neither usually opens its body with a <figure>. The URL is made absolute
and canonical (articles.urlcanon), so one picture has one URL. Pure.
"""

from urllib.parse import urljoin

from articles import urlcanon

MAX_URL_LENGTH = 2000
_META_KEYS = (
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
)
# Attributes lazy-loading scripts keep the real picture in, before src.
_IMG_SOURCES = ("data-src", "data-original", "data-lazy-src", "src")


def canonical_image_url(raw, page_url=""):
    """The absolute canonical http(s) URL of an image reference, or "" if it has none."""
    raw = (raw or "").strip()
    if not raw or raw.startswith("data:"):
        return ""
    try:
        url = urlcanon.canonicalize(urljoin(page_url or "", raw))
    except urlcanon.InvalidURL:
        return ""
    return url if len(url) <= MAX_URL_LENGTH else ""


def _meta_images(tree):
    found = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in _META_KEYS and key not in found and (meta.get("content") or "").strip():
            found[key] = meta.get("content")
    yield from (found[key] for key in _META_KEYS if key in found)
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "image_src":
            yield link.get("href")


def _json_ld_image(value, depth=0):
    """The first URL in a JSON-LD image value: a string, an ImageObject, or a list of them."""
    if depth > 3:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _json_ld_image(value.get("url") or value.get("contentUrl"), depth + 1)
    if isinstance(value, list):
        for item in value:
            found = _json_ld_image(item, depth + 1)
            if found:
                return found
    return ""


def _json_ld_images(articles):
    for obj in articles:
        yield _json_ld_image(obj.get("image")) or _json_ld_image(obj.get("thumbnailUrl"))


def _img_source(img):
    for attribute in _IMG_SOURCES:
        value = (img.get(attribute) or "").strip()
        if value:
            return value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else ""


def _figure_images(scopes):
    """The first picture inside a <figure> of each scope: the body, else <article>, <main>."""
    for scope in scopes:
        for figure in scope.iter("figure"):
            for img in figure.iter("img"):
                source = _img_source(img)
                if source:
                    yield source
                    return


def _scopes(tree, body):
    yield from body
    for tag in ("article", "main"):
        element = tree.find(f".//{tag}")
        if element is not None:
            yield element


def find_lead_image(tree, articles, page_url="", body=()):
    """The lead image's canonical URL, or "".

    `articles` are the page's JSON-LD article objects; `body` the elements an
    admin's selector chose as the article body, if any.
    """
    candidates = [
        *_meta_images(tree),
        *_json_ld_images(articles),
        *_figure_images(_scopes(tree, body)),
    ]
    for raw in candidates:
        url = canonical_image_url(raw, page_url)
        if url:
            return url
    return ""
