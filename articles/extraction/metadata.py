"""Title, byline and publication time from a page's metadata.

Publishers describe their articles for search engines and social sites in
JSON-LD and <meta> tags. Those descriptions are steadier than the visible
page (no "updated 5 minutes ago"), so they come first.
"""

import json
import re
from datetime import UTC, datetime, time

from articles.extraction.bylines import markup_byline, stated_byline
from articles.extraction.titles import headline
from articles.textnorm import normalise_line

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "scholarlyarticle",
    "techarticle",
    "report",
    "webpage",
}


def json_ld_objects(tree):
    """Every JSON object in the page's JSON-LD scripts, @graph members included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        raw = raw.removeprefix("<![CDATA[").removesuffix("]]>").strip()
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # malformed, or nested to crash a parser
            continue
        yield from _walk_json_ld(data)


def _walk_json_ld(data, depth=0):
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk_json_ld(graph, depth + 1)
        main_entity = data.get("mainEntity")
        if isinstance(main_entity, dict | list):
            yield from _walk_json_ld(main_entity, depth + 1)


def _types(obj):
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower().rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def article_json_ld(tree):
    """The page's JSON-LD article objects, news articles before plain web pages."""
    found = [obj for obj in json_ld_objects(tree) if _types(obj) & ARTICLE_TYPES]
    return sorted(found, key=lambda obj: "webpage" in _types(obj))


def meta_content(tree, *keys):
    """The first non-empty content of <meta name|property=key>, keys in order."""
    wanted = {key.lower(): index for index, key in enumerate(keys)}
    best = None
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        index = wanted.get(key.strip())
        content = normalise_line(meta.get("content"))
        if index is not None and content and (best is None or index < best[0]):
            best = (index, content)
    return best[1] if best else ""


def _as_text(value):
    if isinstance(value, list):
        value = value[0] if value else ""
    return normalise_line(value) if isinstance(value, str) else ""


def _person_names(value):
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        name = _as_text(name)
        if name and not _looks_like_url(name) and name not in names:
            names.append(name)
    return names


def _looks_like_url(text):
    return bool(re.match(r"^(https?:)?//|^www\.", text, re.I))


def _site_names(tree):
    return [meta_content(tree, "og:site_name"), meta_content(tree, "application-name")]


def _headings(tree):
    return [normalise_line(h.text_content()) for h in tree.iter("h1")]


def find_title(tree, articles, url=""):
    """The headline: from the page's metadata, else its <title>, else its first <h1>."""
    title = meta_content(tree, "og:title")
    for obj in articles:
        title = title or _as_text(obj.get("headline")) or _as_text(obj.get("name"))
    title = title or meta_content(tree, "twitter:title", "dc.title", "title")
    from_title_element = not title
    if not title:
        element = tree.find(".//title")
        title = normalise_line(element.text_content()) if element is not None else ""
    headings = _headings(tree)
    if not title:
        return next((h for h in headings if h), "")
    return headline(title, headings, _site_names(tree), url, guess_site_name=from_title_element)


def find_byline(tree, articles):
    """The authors' names: from the page's metadata, else from its visible byline."""
    for obj in articles:
        names = _person_names(obj.get("author")) or _person_names(obj.get("creator"))
        names = [name for name in map(stated_byline, names) if name]
        if names:
            return ", ".join(names)
    for key in ("author", "article:author", "dc.creator", "byl", "parsely-author"):
        byline = stated_byline(meta_content(tree, key))
        if byline:
            return byline
    return markup_byline(tree)


def parse_datetime(value):
    """An aware datetime from an ISO 8601 string, or None. Naive times are UTC."""
    value = (value or "").strip()
    if not value:
        return None
    value = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value)  # +0100 -> +01:00
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(datetime.fromisoformat(value[:10]).date(), time())
        except ValueError:
            return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        parsed.astimezone(UTC)  # 9999-12-31T23:59-14:00 is past what UTC can hold
    except OverflowError:
        return None
    return parsed


def find_published_at(tree, articles):
    candidates = [
        meta_content(tree, "article:published_time", "og:published_time"),
        *(_as_text(obj.get("datePublished")) for obj in articles),
        meta_content(
            tree, "datePublished", "date", "pubdate", "publishdate", "dc.date", "sailthru.date"
        ),
    ]
    candidates += [element.get("datetime") for element in tree.iter("time")]
    for candidate in candidates:
        parsed = parse_datetime(candidate)
        if parsed:
            return parsed
    return None


def find_modified_at(tree, articles):
    """When the page says the article was last modified, or None."""
    candidates = [
        meta_content(tree, "article:modified_time", "og:updated_time"),
        *(_as_text(obj.get("dateModified")) for obj in articles),
        meta_content(tree, "dateModified", "last-modified", "dc.date.modified", "lastmod"),
    ]
    for candidate in candidates:
        parsed = parse_datetime(candidate)
        if parsed:
            return parsed
    return None


def json_ld_article_body(articles):
    for obj in articles:
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body
    return ""
