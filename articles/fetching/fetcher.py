"""The HTTP fetcher: one guarded, polite, size-capped GET with retries.

Every page the archive reads comes through Fetcher.fetch(). Each hop of a
redirect chain is checked like the first URL: scheme, the addresses its host
resolves to, robots.txt, and the per-host politeness delay. Bodies are read
as a stream and counted after decompression, so neither a huge page nor a
gzip bomb can exhaust memory.
"""

import http.client
import logging
import time
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions
from django.conf import settings
from requests.utils import requote_uri

from articles.fetching.errors import (
    BodyTooLarge,
    ConnectionFailed,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotHTML,
    RefusedURL,
    TooManyRedirects,
)
from articles.fetching.netguard import GuardedAdapter, check_url
from articles.fetching.politeness import wait_for_host
from articles.fetching.retrying import backoff_seconds, retry_after_seconds, utcnow
from articles.fetching.robots import RobotsRules
from articles.fetching.sniffing import sniff_non_html

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = HTML_TYPES | {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
}
# None: any type (robots.txt comes as text/plain, or as whatever the server says).
ACCEPTED_TYPES = {"html": HTML_TYPES, "feed": FEED_TYPES, "robots": None}
ACCEPT_HEADERS = {
    "html": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "feed": (
        "application/rss+xml,application/atom+xml,application/xml;q=0.9,"
        "text/xml;q=0.9,text/html;q=0.8,*/*;q=0.1"
    ),
    "robots": "text/plain,*/*;q=0.1",
}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024


@dataclass
class FetchResult:
    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    charset: str | None = None  # from the Content-Type header
    etag: str = ""
    last_modified: str = ""
    duration_ms: int = 0
    # [(name, value)] as received, repeated names (Set-Cookie) kept.
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def not_modified(self):
        return self.status == 304


def parse_content_type(value):
    """'text/html; charset="UTF-8"' -> ('text/html', 'UTF-8'); a missing charset is None."""
    mime, _, params = (value or "").partition(";")
    charset = None
    for param in params.split(";"):
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'").strip() or None
    return mime.strip().lower(), charset


class _Redirect(NamedTuple):
    location: str
    status: int


class Fetcher:
    """Fetches pages; build one per worker (thread) and reuse it: it keeps a
    connection pool, and reads its settings once, when built."""

    def __init__(self):
        self.user_agent = settings.NEWSDIFFS_USER_AGENT
        self.allow_private = settings.NEWSDIFFS_ALLOW_PRIVATE_URLS
        self.connect_timeout = settings.NEWSDIFFS_CONNECT_TIMEOUT
        self.read_timeout = settings.NEWSDIFFS_READ_TIMEOUT
        self.body_timeout = settings.NEWSDIFFS_BODY_TIMEOUT
        self.max_body_bytes = settings.NEWSDIFFS_MAX_BODY_BYTES
        self.max_redirects = settings.NEWSDIFFS_MAX_REDIRECTS
        self.retries = settings.NEWSDIFFS_RETRIES
        self.retry_backoff = settings.NEWSDIFFS_RETRY_BACKOFF
        self.max_retry_after = settings.NEWSDIFFS_MAX_RETRY_AFTER
        self.host_delay = settings.NEWSDIFFS_HOST_DELAY
        self.session = self._new_session()
        self.robots = RobotsRules(
            self._fetch_robots_txt,
            self.user_agent,
            cache_seconds=settings.NEWSDIFFS_ROBOTS_CACHE_SECONDS,
            unreachable_cache_seconds=settings.NEWSDIFFS_ROBOTS_ERROR_CACHE_SECONDS,
        )

    def _new_session(self):
        session = requests.Session()
        # No proxies or .netrc from the environment: the address guard must
        # see the site's own address, and redirects are followed by us.
        session.trust_env = False
        session.headers["User-Agent"] = self.user_agent
        if not self.allow_private:
            session.mount("http://", GuardedAdapter())
            session.mount("https://", GuardedAdapter())
        return session

    def close(self):
        self.session.close()

    def fetch(self, url, etag="", last_modified="", accept="html"):
        """GET url and return a FetchResult (2xx or 304), or raise a FetchError.

        accept="html" takes only web pages; accept="feed" also takes RSS,
        Atom and XML (and HTML front pages) for discovery.
        """
        if accept not in ("html", "feed"):
            raise ValueError(f"accept must be 'html' or 'feed', not {accept!r}")
        return self._fetch(url, accept, etag, last_modified)

    def _fetch(self, url, accept, etag="", last_modified="", check_robots=True, retries=None):
        started = time.monotonic()
        headers = {"Accept": ACCEPT_HEADERS[accept]}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hop_url = url
        for _ in range(self.max_redirects + 1):
            check_url(hop_url, self.allow_private)
            if check_robots:
                self.robots.check(hop_url)
            outcome = self._get_with_retries(hop_url, headers, accept, retries)
            if isinstance(outcome, FetchResult):
                outcome.duration_ms = round((time.monotonic() - started) * 1000)
                return outcome
            hop_url = outcome.location
        raise TooManyRedirects(
            f"{url} redirected more than {self.max_redirects} times "
            f"(NEWSDIFFS_MAX_REDIRECTS); the last hop led to {hop_url}",
            url=url,
            status=outcome.status,
        )

    def _get_with_retries(self, url, headers, accept, retries=None):
        retries = self.retries if retries is None else retries
        for retry_number in range(retries + 1):
            try:
                return self._get_once(url, headers, accept)
            except (FetchTimeout, ConnectionFailed, HTTPStatusError) as error:
                retryable = not isinstance(error, HTTPStatusError) or error.is_retryable
                if not retryable:
                    raise
                if retry_number == retries:
                    if retries:
                        error.message += f" (tried {retries + 1} times)"
                    raise
                wait = self._wait_before_retry(error, retry_number + 1)
                log.info("retrying %s in %.1f s: %s", url, wait, error)
                time.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_before_retry(self, error, retry_number):
        # Back-off is capped like Retry-After: a worker never sleeps longer.
        wait = min(backoff_seconds(self.retry_backoff, retry_number), self.max_retry_after)
        retry_after = getattr(error, "retry_after", None)
        if retry_after is None:
            return wait
        if retry_after > self.max_retry_after:
            raise HTTPStatusError(
                f"{error.message}, and asked us to come back in {retry_after:.0f} s "
                f"(Retry-After), longer than the {self.max_retry_after:.0f} s we wait "
                "(NEWSDIFFS_MAX_RETRY_AFTER); giving up for now",
                url=error.url,
                status=error.status,
                retry_after=retry_after,
            )
        return max(wait, retry_after)

    def _get_once(self, url, headers, accept):
        host = urlsplit(url).hostname
        wait_for_host(host, self.host_delay)
        try:
            response = self.session.get(
                url,
                headers=headers,
                timeout=(self.connect_timeout, self.read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.ConnectTimeout:
            raise FetchTimeout(
                f"Timed out connecting to {host} (NEWSDIFFS_CONNECT_TIMEOUT is "
                f"{self.connect_timeout:g} s)",
                url=url,
            ) from None
        except requests.ReadTimeout:
            raise FetchTimeout(
                f"{host} did not answer within {self.read_timeout:g} s (NEWSDIFFS_READ_TIMEOUT)",
                url=url,
            ) from None
        except requests.exceptions.SSLError as error:
            raise FetchError(f"TLS failed with {host}: {_reason(error)}", url=url) from None
        except requests.ConnectionError as error:
            if (status_line := _bad_status_line(error)) is not None:
                raise FetchError(
                    f"{host} did not answer with HTTP/1.x: its answer began "
                    f"{status_line[:80]!r}, not a status line (an HTTP/0.9 server, "
                    "or another protocol on this port)",
                    url=url,
                ) from None
            raise ConnectionFailed(
                f"Could not connect to {host}: {_reason(error)}", url=url
            ) from None
        except requests.RequestException as error:
            raise FetchError(f"Could not request {url}: {_reason(error)}", url=url) from None
        except RefusedURL as error:  # the peer check of GuardedAdapter
            error.url = error.url or url
            raise
        except ValueError as error:
            # requests parses a redirect's Location even with redirects off,
            # and a malformed one ("http://[::1/x") raises here.
            raise FetchError(
                f"{url} answered with a malformed Location header ({error})", url=url
            ) from None
        with response:
            return self._read_response(url, response, accept)

    def _read_response(self, url, response, accept):
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("Location", "").strip()
            if not location:
                raise FetchError(f"{url} answered {status} without a Location", url, status)
            try:
                return _Redirect(requote_uri(urljoin(url, location)), status)
            except ValueError as error:
                raise FetchError(
                    f"{url} redirected to a malformed Location {location[:200]!r} ({error})",
                    url,
                    status,
                ) from None
        if status >= 400:
            raise HTTPStatusError(
                f"{url} answered {status} {response.reason or ''}".rstrip(),
                url=url,
                status=status,
                retry_after=retry_after_seconds(response.headers.get("Retry-After"), utcnow()),
            )
        if status != 304 and not 200 <= status < 300:
            raise FetchError(f"{url} answered {status}, which is not a page", url, status)
        content_type, charset = parse_content_type(response.headers.get("Content-Type"))
        accepted = ACCEPTED_TYPES[accept]
        if status != 304 and accepted is not None and content_type not in accepted:
            raise NotHTML(
                f"{url} is {content_type or 'of no stated type'}, not "
                + ("a web page" if accept == "html" else "a web page or feed"),
                url=url,
                status=status,
            )
        if status == 304:
            # A 304 has no body, but closed unread its connection is dropped
            # rather than handed back to the pool: a new connection (and TLS
            # handshake) for the next page. Reading its end keeps it alive.
            response.raw.read()
            body = b""
        else:
            body = self._read_body(url, response)
        if accepted is not None and (kind := sniff_non_html(body, charset)):
            raise NotHTML(
                f"{url} is served as {content_type or 'of no stated type'} but is {kind}, not "
                + ("a web page" if accept == "html" else "a web page or feed"),
                url=url,
                status=status,
            )
        return FetchResult(
            url=url,
            status=status,
            body=body,
            content_type=content_type,
            charset=charset,
            etag=response.headers.get("ETag", ""),
            last_modified=response.headers.get("Last-Modified", ""),
            headers=list(response.raw.headers.items()),
        )

    def _read_body(self, url, response):
        cap = self.max_body_bytes
        too_large = f"{url} is larger than the {cap:,}-byte limit (NEWSDIFFS_MAX_BODY_BYTES)"
        declared = response.headers.get("Content-Length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise BodyTooLarge(
                f"{too_large}: it declares {int(declared):,} bytes", url, response.status_code
            )
        encoding = response.headers.get("Content-Encoding", "")
        deadline = time.monotonic() + self.body_timeout
        chunks, size = [], 0
        try:
            # read1() returns what has arrived rather than waiting for a full
            # chunk, so the deadline is checked even against a server that
            # drips; and it decompresses at most CHUNK_BYTES at a time, so a
            # gzip bomb is stopped one chunk past the cap.
            while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
                size += len(chunk)
                if size > cap:
                    unpacked = f" once decompressed ({encoding})" if encoding else ""
                    raise BodyTooLarge(too_large + unpacked, url, response.status_code)
                if time.monotonic() > deadline:
                    raise FetchTimeout(
                        f"Reading {url} took longer than {self.body_timeout:g} s "
                        "(NEWSDIFFS_BODY_TIMEOUT)",
                        url,
                        response.status_code,
                    )
                chunks.append(chunk)
        except urllib3.exceptions.ReadTimeoutError:
            raise FetchTimeout(
                f"{url} stopped sending within {self.read_timeout:g} s (NEWSDIFFS_READ_TIMEOUT)",
                url,
                response.status_code,
            ) from None
        except urllib3.exceptions.DecodeError as error:
            raise FetchError(
                f"{url} could not be decompressed (Content-Encoding: {encoding}): {_reason(error)}",
                url,
                response.status_code,
            ) from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise ConnectionFailed(
                f"The connection broke off while reading {url}: {_reason(error)}",
                url,
                response.status_code,
            ) from None
        return b"".join(chunks)

    def _fetch_robots_txt(self, robots_url):
        """(status, text) of a robots.txt; FetchError when no answer came."""
        try:
            result = self._fetch(robots_url, "robots", check_robots=False, retries=0)
        except HTTPStatusError as error:
            return error.status, ""
        return result.status, result.body.decode("utf-8", errors="replace")


def _bad_status_line(error):
    """The line a server sent in place of an HTTP/1.x status line, or None.

    RemoteDisconnected is a BadStatusLine too, but there the server sent
    nothing at all: that is a broken connection, worth another attempt.
    """
    pending, seen = [error], set()
    while pending:
        error = pending.pop()
        if not isinstance(error, BaseException) or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, http.client.RemoteDisconnected):
            return None
        if isinstance(error, http.client.BadStatusLine):
            return str(error.line)
        # urllib3 and requests wrap it as an argument, not always as a cause.
        pending.extend([error.__cause__, error.__context__, *error.args])
    return None


def _reason(error):
    """The innermost, most specific message in a chain of wrapped exceptions."""
    seen = set()
    while id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.strerror:
            return error.strerror
        inner = (
            getattr(error, "reason", None)
            or error.__cause__
            or (error.args[0] if error.args and isinstance(error.args[0], Exception) else None)
        )
        if not isinstance(inner, BaseException):
            break
        error = inner
    return str(error)
