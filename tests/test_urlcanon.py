import pytest

from articles.urlcanon import InvalidURL, canonicalize, url_key, with_default_scheme


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


def test_an_address_with_a_scheme_is_left_as_typed():
    assert with_default_scheme("http://news.example/a") == "http://news.example/a"
    assert with_default_scheme("javascript:alert(1)") == "javascript:alert(1)"
    assert with_default_scheme("mailto:someone@news.example") == "mailto:someone@news.example"
    assert with_default_scheme("") == ""
    assert with_default_scheme("not an address") == "not an address"
    with pytest.raises(InvalidURL):
        canonicalize(with_default_scheme("javascript:alert(1)"))
