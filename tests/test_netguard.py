"""The address guard: which addresses the fetcher refuses, and where it checks."""

import ipaddress
import re
import socket
from urllib.parse import urlsplit

import pytest
import requests

from articles.fetching.errors import FetchError, RefusedURL
from articles.fetching.netguard import (
    GuardedAdapter,
    address_refusal,
    check_url,
    refuse_private_peer,
    resolve,
)

OFF = "the archive does not fetch such addresses (NEWSDIFFS_ALLOW_PRIVATE_URLS is off)"


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("fe80::1%eth0", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "a non-public address"),
        ("fec0::1", "a site-local address"),
    ],
)
def test_refuses_non_public_addresses(address, reason):
    assert address_refusal(address) == reason


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("::ffff:169.254.169.254", "a link-local address"),
        ("64:ff9b::7f00:1", "a loopback address"),
        ("64:ff9b::a00:1", "a private address"),
        ("::127.0.0.1", "a loopback address"),
        ("::0.0.0.2", "a private address"),  # 0.0.0.0/8, "this network"
    ],
)
def test_judges_ipv4_wrapped_in_ipv6_as_the_ipv4_address(address, reason):
    assert address_refusal(address) == reason


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",
        "8.8.8.8",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "::8.8.8.8",
    ],
)
def test_allows_public_addresses(address):
    assert address_refusal(address) is None


@pytest.mark.parametrize("address", ["::1:808:808", "64:ff9b::1:808:808"])
def test_only_the_ipv4_wrapping_prefixes_are_unwrapped(address):
    # Outside ::/96 and 64:ff9b::/96 the low 32 bits are not an IPv4 address
    # the packet goes to: this is an IPv6 address in a reserved range.
    assert address_refusal(address) == "a reserved address"


def test_takes_ipaddress_objects_too():
    assert address_refusal(ipaddress.ip_address("127.0.0.1")) == "a loopback address"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_refuses_schemes_other_than_http(url):
    with pytest.raises(RefusedURL, match="only http and https"):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://example.com/a",
            "Refused ftp://example.com/a: only http and https URLs are fetched, not 'ftp'",
        ),
        (
            "//example.com/a",
            "Refused //example.com/a: only http and https URLs are fetched, not 'none'",
        ),
        ("http://example.com:abc/", "Refused http://example.com:abc/: the port is not a number"),
        ("http:///news/story", "Refused http:///news/story: the URL has no host"),
        ("http://[::1/x", "Refused http://[::1/x: it is not a valid URL (Invalid IPv6 URL)"),
    ],
)
def test_a_refused_url_is_explained(url, message):
    with pytest.raises(RefusedURL) as caught:
        check_url(url, allow_private=True)

    assert str(caught.value) == message
    assert caught.value.url == url


def test_refuses_a_url_without_a_host():
    with pytest.raises(RefusedURL, match="no host"):
        check_url("http:///news/story")


def test_the_scheme_is_read_in_any_case():
    check_url("HTTPS://127.0.0.1/news/story", allow_private=True)
    with pytest.raises(RefusedURL) as caught:
        check_url("HTTP://127.0.0.1/news/story")

    assert "loopback" in str(caught.value)


def test_refuses_an_ip_literal_without_resolving():
    with pytest.raises(RefusedURL, match=r"10\.0\.0\.5 is a private address") as caught:
        check_url("http://10.0.0.5:8080/admin")

    assert (
        str(caught.value)
        == f"Refused http://10.0.0.5:8080/admin: 10.0.0.5 is a private address; {OFF}"
    )
    assert caught.value.url == "http://10.0.0.5:8080/admin"


def test_refuses_a_host_name_that_resolves_to_loopback():
    with pytest.raises(
        RefusedURL, match=r"localhost resolves to .*, which is a loopback address"
    ) as caught:
        check_url("http://localhost/")

    address = resolve("localhost", 80)[0]
    assert str(caught.value) == (
        f"Refused http://localhost/: localhost resolves to {address}, "
        f"which is a loopback address; {OFF}"
    )


def test_an_unresolvable_host_is_a_fetch_error():
    with pytest.raises(FetchError, match="Could not resolve") as caught:
        check_url("http://no-such-host.invalid/")

    assert str(caught.value).startswith("Could not resolve the host name no-such-host.invalid: ")
    assert caught.value.url == "http://no-such-host.invalid/"


def test_a_host_name_idna_cannot_encode_is_a_fetch_error():
    with pytest.raises(FetchError) as caught:
        check_url("http://a..b/")

    assert str(caught.value).startswith("Could not resolve the host name a..b: ")


def test_resolving_gives_each_address_once_in_order():
    assert resolve("127.0.0.1", 80) == ["127.0.0.1"]
    assert resolve("localhost", 443) == sorted(set(resolve("localhost", 443)))


def test_resolving_without_a_url_names_none():
    with pytest.raises(FetchError) as caught:
        resolve("no-such-host.invalid", 80)

    assert caught.value.url == ""


def test_allow_private_lets_local_addresses_through():
    check_url("http://127.0.0.1:8000/news/story", allow_private=True)
    with pytest.raises(RefusedURL):
        check_url("http://127.0.0.1:8000/news/story", allow_private=False)


def test_the_guarded_adapter_refuses_a_connection_that_reached_loopback(newsroom):
    # As if DNS had answered a public address to check_url() and 127.0.0.1
    # to the connection a moment later: the peer check alone must refuse.
    session = requests.Session()
    session.trust_env = False
    session.mount("http://", GuardedAdapter())

    with pytest.raises(
        RefusedURL, match=r"it reached 127\.0\.0\.1, which is a loopback address"
    ) as caught:
        session.get(newsroom.url("/news/harbour-bridge-closure"), timeout=2)

    assert str(caught.value) == (
        "Refused the connection to 127.0.0.1: it reached 127.0.0.1, "
        f"which is a loopback address; {OFF}"
    )
    assert sum(newsroom.hits.values()) == 0  # refused before the request was sent


def test_the_refused_connection_names_the_host_asked_for(newsroom):
    session = requests.Session()
    session.trust_env = False
    session.mount("http://", GuardedAdapter())

    with pytest.raises(RefusedURL) as caught:
        session.get(newsroom.url("/").replace("127.0.0.1", "localhost"), timeout=2)

    assert re.fullmatch(
        rf"Refused the connection to localhost: it reached (127\.0\.0\.1|::1), "
        rf"which is a loopback address; {re.escape(OFF)}",
        str(caught.value),
    )


def test_a_refused_peer_is_disconnected(newsroom):
    site = urlsplit(newsroom.url("/"))
    sock = socket.create_connection((site.hostname, site.port), timeout=2)

    with pytest.raises(RefusedURL) as caught:
        refuse_private_peer(sock, "news.example")

    assert str(caught.value) == (
        "Refused the connection to news.example: it reached 127.0.0.1, "
        f"which is a loopback address; {OFF}"
    )
    assert sock.fileno() == -1  # closed


def test_the_guarded_adapter_keeps_the_pool_options_it_was_given():
    adapter = GuardedAdapter(pool_maxsize=7, pool_block=True)

    assert adapter.poolmanager.connection_pool_kw["block"] is True
    assert adapter.poolmanager.connection_pool_kw["maxsize"] == 7


def test_https_connections_are_checked_before_the_tls_handshake(newsroom):
    # The newsroom speaks plain HTTP: a TLS handshake with it would fail with
    # an SSL error, so a RefusedURL shows the peer was judged first.
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", GuardedAdapter())
    https_url = newsroom.url("/").replace("http://127.0.0.1", "https://localhost")

    with pytest.raises(RefusedURL, match="loopback") as caught:
        session.get(https_url, timeout=2)

    assert str(caught.value).startswith("Refused the connection to localhost: it reached ")


def test_a_plain_adapter_reaches_the_same_server(newsroom):
    session = requests.Session()
    session.trust_env = False

    assert session.get(newsroom.url("/news/harbour-bridge-closure"), timeout=2).ok
