"""Keep the fetcher away from addresses it must not reach.

An archive that fetches URLs found in feeds and typed by admins is a way into
the machine's own network (server-side request forgery): a link to
http://127.0.0.1:6379/ or to a cloud metadata address at 169.254.169.254
must never be followed. The rules are a pure function, address_refusal();
check_url() applies them to every address a host name resolves to, and
GuardedAdapter checks the address each connection actually reached.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from articles.fetching.errors import FetchError, RefusedURL

ALLOWED_SCHEMES = ("http", "https")


def address_refusal(address):
    """Why we refuse to connect to this IP address, or None if it is public.

    Accepts a string or an ipaddress object. An IPv4 address wrapped in IPv6
    (::ffff:127.0.0.1, NAT64's 64:ff9b::7f00:1, or the deprecated
    ::127.0.0.1) is judged as the IPv4 address it reaches.
    """
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or _ipv4_translated(ip) or _ipv4_compatible(ip)
        if embedded is not None:
            ip = embedded
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if ip.version == 6 and ip.is_site_local:
        return "a site-local address"
    # The remaining special ranges: shared address space (100.64.0.0/10),
    # documentation and benchmarking ranges, and the like.
    if not ip.is_global:
        return "a non-public address"
    return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _ipv4_translated(ip):
    # On IPv6-only networks with DNS64 every IPv4 site resolves into the
    # NAT64 prefix; judge the IPv4 address the gateway will connect to.
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _ipv4_compatible(ip):
    # ::a.b.c.d (RFC 4291, deprecated) still reaches a.b.c.d on some stacks.
    # :: and ::1 are left alone: they are the IPv6 unspecified and loopback.
    if int(ip) >> 32 == 0 and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def check_url(url, allow_private=False):
    """Raise RefusedURL unless url is http(s) and every address of its host is public.

    Resolving here and refusing if any address is private stops a host name
    that points at our own network; GuardedAdapter closes the gap left by a
    name that resolves differently a moment later (DNS rebinding).
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:  # e.g. "http://[::1/x": an unclosed IPv6 literal
        raise RefusedURL(f"Refused {url}: it is not a valid URL ({error})", url=url) from None
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise RefusedURL(
            f"Refused {url}: only http and https URLs are fetched, not {parts.scheme or 'none'!r}",
            url=url,
        )
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise RefusedURL(f"Refused {url}: the port is not a number", url=url) from None
    if not host:
        raise RefusedURL(f"Refused {url}: the URL has no host", url=url)
    if allow_private:
        return
    for address in resolve(host, port or (443 if parts.scheme == "https" else 80), url):
        reason = address_refusal(address)
        if reason:
            where = address if address == host else f"{host} resolves to {address}, which"
            raise RefusedURL(
                f"Refused {url}: {where} is {reason}; the archive does not fetch such "
                "addresses (NEWSDIFFS_ALLOW_PRIVATE_URLS is off)",
                url=url,
            )


def resolve(host, port, url=""):
    """Every IP address the host name resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"Could not resolve the host name {host}: {error}", url=url) from None
    return sorted({info[4][0] for info in infos})


def refuse_private_peer(sock, host):
    """Close sock and raise RefusedURL if it is connected to a non-public address."""
    address = sock.getpeername()[0]
    reason = address_refusal(address)
    if reason:
        sock.close()
        raise RefusedURL(
            f"Refused the connection to {host}: it reached {address}, which is {reason}; "
            "the archive does not fetch such addresses (NEWSDIFFS_ALLOW_PRIVATE_URLS is off)",
        )


# Why check the peer rather than connect to the address check_url() vetted:
# pinning the IP means rewriting the URL's host, which breaks TLS (SNI and
# certificate checks are made against the host name) unless every layer is
# told the original name. Checking sock.getpeername() right after the TCP
# connect, before TLS and before a single byte of the request is sent, keeps
# requests' TLS handling untouched and judges the address really reached,
# whatever the resolver answered the second time.
class _PeerCheckingHTTPConnection(HTTPConnection):
    def _new_conn(self):
        sock = super()._new_conn()
        refuse_private_peer(sock, self.host)
        return sock


class _PeerCheckingHTTPSConnection(HTTPSConnection):
    def _new_conn(self):
        sock = super()._new_conn()
        refuse_private_peer(sock, self.host)
        return sock


class _GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _PeerCheckingHTTPConnection


class _GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _PeerCheckingHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections refuse non-public peers.

    Mount it on a session that does not use proxies (trust_env=False): with
    a proxy the peer would be the proxy, not the site.
    """

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _GuardedHTTPConnectionPool,
            "https": _GuardedHTTPSConnectionPool,
        }
