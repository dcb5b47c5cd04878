"""robots.txt, honoured for our User-Agent and cached per site.

Parsed with Protego (Scrapy's parser), which follows RFC 9309 and Google's
reading: longest match wins, `*` and `$` in paths work. The standard
library's robotparser takes the first match and treats `*` literally, so
common rules such as `Disallow: /*?print=` would be missed.

What a site's robots.txt said is kept in Django's cache, so several workers
(with Redis) ask each site once per NEWSDIFFS_ROBOTS_CACHE_SECONDS.
"""

import hashlib
import logging
from urllib.parse import urlsplit

from django.core.cache import cache as default_cache
from protego import Protego

from articles.fetching.errors import FetchError, RefusedURL

log = logging.getLogger(__name__)

# Google reads the first 500 KiB of a robots.txt and ignores the rest.
MAX_ROBOTS_CHARS = 500 * 1024
MAX_PARSED_SITES = 256

RULES = "rules"
ALLOW_ALL = "allow-all"
DISALLOW_ALL = "disallow-all"
UNREACHABLE = "unreachable"


def robots_txt_url(url):
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.lower()}://{host}{port}/robots.txt"


def verdict_for_status(status):
    """What a robots.txt answer with this status means for the whole site."""
    if 200 <= status < 300:
        return RULES
    if status in (401, 403):
        # The classic reading (the standard library's robotparser, and most
        # crawlers): a site that forbids its robots.txt forbids crawling.
        return DISALLOW_ALL
    if status == 429 or status >= 500:
        return UNREACHABLE
    if 400 <= status < 500:
        return ALLOW_ALL  # no robots.txt: no rules
    return UNREACHABLE  # an answer we cannot read (1xx, stray 3xx)


def product_token(user_agent):
    """'newsdiffs/1.0 (archive; +https://...)' -> 'newsdiffs', the name robots.txt groups use.

    Matching robots.txt groups against the whole header would let a group for
    "github" apply to us because our contact URL mentions github.
    """
    return user_agent.strip().split("/")[0].split()[0]


class RobotsRules:
    """Decides whether robots.txt lets us fetch a URL.

    fetch_robots_txt(url) returns (status, text) and raises FetchError when
    no answer came at all (timeout, connection refused, refused address).
    """

    def __init__(
        self,
        fetch_robots_txt,
        user_agent,
        cache_seconds,
        unreachable_cache_seconds,
        cache=None,
    ):
        self.fetch_robots_txt = fetch_robots_txt
        self.token = product_token(user_agent)
        self.cache_seconds = cache_seconds
        self.unreachable_cache_seconds = min(unreachable_cache_seconds, cache_seconds)
        self.cache = cache or default_cache
        self._parsed = {}  # robots URL -> (text, Protego): parse each text once per process

    def check(self, url):
        """Raise RefusedURL if robots.txt disallows url for us."""
        try:
            parts = urlsplit(url)
            robots_url = robots_txt_url(url)
        except ValueError:
            return  # not a URL robots.txt can speak for; the fetch refuses it
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return
        if parts.path == "/robots.txt":
            return
        entry = self.entry(robots_url)
        if entry["verdict"] == DISALLOW_ALL:
            raise RefusedURL(
                f"Refused {url}: {robots_url} answered {entry['status']}, "
                "which is read as disallowing the whole site",
                url=url,
            )
        if entry["verdict"] == RULES and not self._parser(robots_url, entry["text"]).can_fetch(
            url, self.token
        ):
            raise RefusedURL(
                f"Refused {url}: {robots_url} disallows it for {self.token}",
                url=url,
            )

    def entry(self, robots_url):
        """What robots_url said ({"verdict", "status", "text"}), from the cache or fetched."""
        key = "newsdiffs:robots:" + hashlib.sha256(robots_url.encode()).hexdigest()
        entry = self.cache.get(key)
        if entry is None:
            entry = self._ask(robots_url)
            timeout = (
                self.unreachable_cache_seconds
                if entry["verdict"] == UNREACHABLE
                else self.cache_seconds
            )
            self.cache.set(key, entry, timeout)
        return entry

    def _ask(self, robots_url):
        try:
            status, text = self.fetch_robots_txt(robots_url)
        except FetchError as error:
            # RFC 9309 would assume the worst, but a flaky robots.txt would then
            # stop an archive of a site's edits; allow, and ask again soon.
            log.info("robots.txt unreachable, allowing for now: %s", error)
            return {"verdict": UNREACHABLE, "status": error.status, "text": ""}
        verdict = verdict_for_status(status)
        text = text[:MAX_ROBOTS_CHARS] if verdict == RULES else ""
        return {"verdict": verdict, "status": status, "text": text}

    def _parser(self, robots_url, text):
        known = self._parsed.get(robots_url)
        if known is not None and known[0] == text:
            return known[1]
        if len(self._parsed) >= MAX_PARSED_SITES:
            self._parsed.clear()
        parser = Protego.parse(text)
        self._parsed[robots_url] = (text, parser)
        return parser
