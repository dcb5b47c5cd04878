"""Title, byline and publication time from a page's metadata.

Publishers describe their articles for search engines and social sites in
JSON-LD and <meta> tags. Those descriptions are steadier than the visible
page (no "updated 5 minutes ago"), so they come first.
"""

import json
import re
from datetime import UTC, datetime, time

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
# | - en-dash em-dash :: / middle-dot guillemet
_TITLE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " / ", " \u00b7 ", " \u00bb ")


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


def _site_name(tree):
    return meta_content(tree, "og:site_name", "application-name")


def strip_site_name(title, tree):
    """The page title without its " | Site name" part."""
    site = _site_name(tree)
    for separator in _TITLE_SEPARATORS:
        if site and title.endswith(separator + site):
            return title[: -len(separator + site)].strip()
        if site and title.startswith(site + separator):
            return title[len(site + separator) :].strip()
    headings = {normalise_line(h.text_content()) for h in tree.iter("h1")}
    for separator in _TITLE_SEPARATORS:
        parts = title.split(separator)
        if len(parts) < 2:
            continue
        for part in (separator.join(parts[:-1]), parts[0]):
            if part in headings:
                return part
        # The site's name is the short end part: "Long headline here | Courier".
        if len(parts[-1].split()) <= 4 and len(parts[0].split()) >= 3:
            return separator.join(parts[:-1]).strip()
    return title


def find_title(tree, articles):
    title = meta_content(tree, "og:title")
    for obj in articles:
        title = title or _as_text(obj.get("headline")) or _as_text(obj.get("name"))
    title = title or meta_content(tree, "twitter:title", "dc.title", "title")
    if not title:
        element = tree.find(".//title")
        title = normalise_line(element.text_content()) if element is not None else ""
    if not title:
        heading = tree.find(".//h1")
        return normalise_line(heading.text_content()) if heading is not None else ""
    return strip_site_name(title, tree)


def find_byline(tree, articles):
    for obj in articles:
        names = _person_names(obj.get("author")) or _person_names(obj.get("creator"))
        if names:
            return ", ".join(names)
    for key in ("author", "article:author", "dc.creator", "byl", "parsely-author"):
        value = meta_content(tree, key)
        if value and not _looks_like_url(value):
            return value.removeprefix("By ").removeprefix("by ").strip()
    return ""


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


def json_ld_article_body(articles):
    for obj in articles:
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body
    return ""
