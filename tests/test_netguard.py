"""The address guard: which addresses the fetcher refuses, and where it checks."""

import ipaddress

import pytest
import requests

from articles.fetching.errors import FetchError, RefusedURL
from articles.fetching.netguard import GuardedAdapter, address_refusal, check_url


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
        ("::127.0.0.1", "a loopback address"),
    ],
)
def test_judges_ipv4_wrapped_in_ipv6_as_the_ipv4_address(address, reason):
    assert address_refusal(address) == reason


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_allows_public_addresses(address):
    assert address_refusal(address) is None


def test_takes_ipaddress_objects_too():
    assert address_refusal(ipaddress.ip_address("127.0.0.1")) == "a loopback address"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_refuses_schemes_other_than_http(url):
    with pytest.raises(RefusedURL, match="only http and https"):
        check_url(url, allow_private=True)


def test_refuses_a_url_without_a_host():
    with pytest.raises(RefusedURL, match="no host"):
        check_url("http:///news/story")


def test_refuses_an_ip_literal_without_resolving():
    with pytest.raises(RefusedURL, match=r"10\.0\.0\.5 is a private address"):
        check_url("http://10.0.0.5:8080/admin")


def test_refuses_a_host_name_that_resolves_to_loopback():
    with pytest.raises(RefusedURL, match=r"localhost resolves to .*, which is a loopback address"):
        check_url("http://localhost/")


def test_an_unresolvable_host_is_a_fetch_error():
    with pytest.raises(FetchError, match="Could not resolve"):
        check_url("http://no-such-host.invalid/")


def test_allow_private_lets_local_addresses_through():
    check_url("http://127.0.0.1:8000/news/story", allow_private=True)


def test_the_guarded_adapter_refuses_a_connection_that_reached_loopback(newsroom):
    # As if DNS had answered a public address to check_url() and 127.0.0.1
    # to the connection a moment later: the peer check alone must refuse.
    session = requests.Session()
    session.trust_env = False
    session.mount("http://", GuardedAdapter())

    with pytest.raises(RefusedURL, match=r"it reached 127\.0\.0\.1, which is a loopback address"):
        session.get(newsroom.url("/news/harbour-bridge-closure"), timeout=2)

    assert sum(newsroom.hits.values()) == 0  # refused before the request was sent


def test_https_connections_are_checked_before_the_tls_handshake(newsroom):
    # The newsroom speaks plain HTTP: a TLS handshake with it would fail with
    # an SSL error, so a RefusedURL shows the peer was judged first.
    session = requests.Session()
    session.trust_env = False
    session.mount("https://", GuardedAdapter())
    https_url = newsroom.url("/").replace("http://", "https://")

    with pytest.raises(RefusedURL, match="loopback"):
        session.get(https_url, timeout=2)


def test_a_plain_adapter_reaches_the_same_server(newsroom):
    session = requests.Session()
    session.trust_env = False

    assert session.get(newsroom.url("/news/harbour-bridge-closure"), timeout=2).ok
