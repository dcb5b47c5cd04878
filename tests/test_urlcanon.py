import pytest

from articles.urlcanon import InvalidURL, canonicalize, host_of, url_key, with_default_scheme


def test_scheme_and_host_are_lower_cased():
    assert canonicalize("HTTPS://News.Example.COM/Story") == "https://news.example.com/Story"


def test_default_ports_are_dropped_and_others_kept():
    assert canonicalize("http://example.com:80/a") == "http://example.com/a"
    assert canonicalize("https://example.com:443/a") == "https://example.com/a"
    assert canonicalize("http://example.com:8080/a") == "http://example.com:8080/a"


def test_fragment_is_dropped():
    assert canonicalize("https://example.com/a#comments") == "https://example.com/a"


def test_tracking_parameters_are_dropped_and_the_rest_sorted():
    url = "https://example.com/a?utm_source=x&b=2&fbclid=y&a=1&gclid=z&UTM_Medium=q"
    assert canonicalize(url) == "https://example.com/a?a=1&b=2"


def test_empty_path_becomes_slash():
    assert canonicalize("https://example.com") == "https://example.com/"


def test_percent_escapes_of_unreserved_characters_are_decoded():
    assert canonicalize("https://example.com/%7Euser/a%2Db") == "https://example.com/~user/a-b"
    assert canonicalize("https://example.com/%41%7a%30%5F%2e") == "https://example.com/Az0_."


def test_other_percent_escapes_are_kept_in_upper_case():
    assert canonicalize("https://example.com/caf%c3%a9") == "https://example.com/caf%C3%A9"
    assert canonicalize("https://example.com/café") == "https://example.com/caf%C3%A9"
    assert canonicalize("https://example.com/a%2520b") == "https://example.com/a%2520b"


def test_http_and_https_of_one_page_share_a_key():
    assert url_key("http://example.com/a?utm_source=feed") == url_key("https://EXAMPLE.com/a#x")


def test_idn_host_is_encoded():
    assert canonicalize("https://bücher.example/a") == "https://xn--bcher-kva.example/a"


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a", "javascript:alert(1)", "https:///path", "not a url", ""]
)
def test_non_web_urls_are_refused(url):
    with pytest.raises(InvalidURL):
        canonicalize(url)


def test_an_address_typed_without_its_scheme_gets_https():
    assert with_default_scheme("news.example/story") == "https://news.example/story"
    assert with_default_scheme("  news.example/story ") == "https://news.example/story"
    assert with_default_scheme("news.example:8080/story") == "https://news.example:8080/story"
    assert with_default_scheme("localhost:8000") == "https://localhost:8000"
    assert with_default_scheme("//news.example/story") == "https://news.example/story"


def test_an_address_without_its_scheme_that_links_elsewhere_gets_https():
    assert with_default_scheme("news.example/go?to=https://other.example/a") == (
        "https://news.example/go?to=https://other.example/a"
    )


def test_an_address_with_a_scheme_is_left_as_typed():
    assert with_default_scheme("http://news.example/a") == "http://news.example/a"
    assert with_default_scheme("javascript:alert(1)") == "javascript:alert(1)"
    assert with_default_scheme("mailto:someone@news.example") == "mailto:someone@news.example"
    assert with_default_scheme("") == ""
    assert with_default_scheme("not an address") == "not an address"
    with pytest.raises(InvalidURL):
        canonicalize(with_default_scheme("javascript:alert(1)"))


@pytest.mark.parametrize(
    "name",
    [
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
        "utm_campaign",
        "at_medium",
        "pk_kwd",
        "mtm_source",
        "FBCLID",
    ],
)
def test_each_tracking_parameter_is_dropped(name):
    assert canonicalize(f"https://example.com/a?id=5&{name}=x") == "https://example.com/a?id=5"


@pytest.mark.parametrize("name", ["page", "utm", "smid_id", "xgclid", "ga", "id_utm_source"])
def test_parameters_that_only_resemble_tracking_are_kept(name):
    assert canonicalize(f"https://example.com/a?{name}=2") == f"https://example.com/a?{name}=2"


def test_blank_parameters_are_kept_and_repeated_ones_sorted_by_value():
    assert canonicalize("https://example.com/a?print=&id=3") == "https://example.com/a?id=3&print="
    assert canonicalize("https://example.com/a?tag=b&tag=a") == "https://example.com/a?tag=a&tag=b"


def test_surrounding_spaces_and_a_trailing_dot_of_the_host_are_dropped():
    assert canonicalize("  https://Example.COM./a \n") == "https://example.com/a"


def test_an_ipv6_host_keeps_its_brackets():
    assert canonicalize("http://[::1]:8080/a") == "http://[::1]:8080/a"
    assert canonicalize("https://[2001:DB8::1]/a") == "https://[2001:db8::1]/a"


def test_a_default_port_of_the_other_scheme_is_kept():
    assert canonicalize("https://example.com:80/a") == "https://example.com:80/a"
    assert canonicalize("http://example.com:443/a") == "http://example.com:443/a"


def test_a_host_idna_cannot_encode_is_kept_in_lower_case():
    label = "Long" * 16  # 64 characters: one more than a DNS label may hold
    assert canonicalize(f"https://{label}.example/a") == f"https://{label.lower()}.example/a"


def test_reserved_characters_in_the_path_keep_their_meaning():
    # An escaped "/" or "?" is part of a name, not a separator; sub-delimiters stay as typed.
    assert canonicalize("https://example.com/a%2fb%3Fc") == "https://example.com/a%2Fb%3Fc"
    assert canonicalize("https://example.com/a b") == "https://example.com/a%20b"
    assert canonicalize("https://example.com/100%") == "https://example.com/100%25"
    assert (
        canonicalize("https://example.com/:@!$&'()*+,;=-._~")
        == "https://example.com/:@!$&'()*+,;=-._~"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/a", "'ftp://example.com/a' is not an http or https URL"),
        ("https:///path", "'https:///path' has no host"),
        ("http://example.com:99999/", "'http://example.com:99999/': Port out of range 0-65535"),
        ("http://[::1/x", "'http://[::1/x': Invalid IPv6 URL"),
        (None, "'' is not an http or https URL"),
    ],
)
def test_a_refused_url_is_named_with_the_reason(url, message):
    # The check_article command shows this message to the admin as it is.
    with pytest.raises(InvalidURL) as caught:
        canonicalize(url)

    assert str(caught.value) == message


def test_a_url_key_keeps_everything_after_the_scheme():
    assert url_key("https://example.com/go/http://other.example/x") == (
        "example.com/go/http://other.example/x"
    )


def test_host_of_a_url_is_its_lower_cased_host_name():
    assert host_of("https://News.Example:8080/a") == "news.example"
    assert host_of("/relative/path") == ""
