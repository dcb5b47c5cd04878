"""URL canonicalisation: one spelling for every way a link to a page is written."""

import re
import string
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that identify a campaign or a click, never a page.
TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ocid",
    "cmpid",
    "smid",
    "ito",
}
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")

_PERCENT = re.compile(r"%[0-9a-fA-F]{2}")
_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
# "name:" at the start, where what follows the colon is not a port number.
_OTHER_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d+(?:[/?#]|$))")


class InvalidURL(ValueError):
    pass


def _is_tracking(name):
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _normalise_path(path):
    # Decode the escapes of unreserved characters and upper-case the others,
    # so %7E and ~ or %2f and %2F compare equal, while keeping reserved
    # characters such as "/" and "?" escaped: /a%2Fb is not /a/b.
    pieces, start = [], 0
    for escape in _PERCENT.finditer(path):
        pieces.append(_quote_path(path[start : escape.start()]))
        char = chr(int(escape[0][1:], 16))
        pieces.append(char if char in _UNRESERVED else escape[0].upper())
        start = escape.end()
    pieces.append(_quote_path(path[start:]))
    return "".join(pieces) or "/"


def _quote_path(text):
    return quote(text, safe="/:@!$&'()*+,;=-._~")


def canonicalize(url):
    """Return the canonical form of an absolute http(s) URL, or raise InvalidURL."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InvalidURL(f"{url!r}: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InvalidURL(f"{url!r} is not an http or https URL")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise InvalidURL(f"{url!r} has no host")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, _normalise_path(parts.path), urlencode(query), ""))


def with_default_scheme(text):
    """An address typed without its scheme ("example.com/story") gets https://.

    Anything that already names a scheme, http or not ("javascript:..."),
    is left alone so that canonicalize() can accept or refuse it as typed.
    """
    text = (text or "").strip()
    if not text or _OTHER_SCHEME.match(text) or any(c.isspace() for c in text):
        return text
    return "https:" + text if text.startswith("//") else "https://" + text


def url_key(url):
    """The canonical URL without its scheme: http and https of a page share one key."""
    canonical = canonicalize(url)
    return canonical.split("://", 1)[1]


def host_of(url):
    return (urlsplit(url).hostname or "").lower()
