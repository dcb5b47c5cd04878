"""The fetcher against the local news site, over real HTTP."""

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.extraction.decoding import decode_html
from articles.fetching import (
    BodyTooLarge,
    ConnectionFailed,
    Fetcher,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotHTML,
    RefusedURL,
    TooManyRedirects,
)
from articles.fetching.netguard import GuardedAdapter
from articles.fetching.politeness import reserve_request_slot
from newsroom import Newsroom, NewsroomServer
from newsroom.site import _Handler

ARTICLE = "/news/harbour-bridge-closure"


def test_fetches_an_article_page(newsroom):
    result = Fetcher().fetch(newsroom.url(ARTICLE))

    assert result.status == 200
    assert not result.not_modified
    assert result.url == newsroom.url(ARTICLE)
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.etag == '"harbour-bridge-closure-1"'
    assert result.last_modified.endswith("GMT")
    assert "Harbour bridge to close" in decode_html(result.body, result.charset)
    assert isinstance(result.duration_ms, int)


def test_the_duration_counts_the_time_the_site_took(newsroom):
    newsroom.article_delay = 0.3

    result = Fetcher().fetch(newsroom.url(ARTICLE))

    assert result.duration_ms >= 300


def test_sends_our_user_agent(newsroom, settings):
    settings.NEWSDIFFS_USER_AGENT = "newsdiffs-test/2.0 (+https://archive.example/about)"
    Fetcher().fetch(newsroom.url(ARTICLE))

    assert newsroom.request_headers[ARTICLE]["User-Agent"] == settings.NEWSDIFFS_USER_AGENT
    assert newsroom.request_headers["/robots.txt"]["User-Agent"] == settings.NEWSDIFFS_USER_AGENT


def test_sends_validators_and_reads_304_as_not_modified(newsroom):
    fetcher = Fetcher()
    first = fetcher.fetch(newsroom.url(ARTICLE))

    second = fetcher.fetch(
        newsroom.url(ARTICLE), etag=first.etag, last_modified=first.last_modified
    )

    sent = newsroom.request_headers[ARTICLE]
    assert sent["If-None-Match"] == first.etag
    assert sent["If-Modified-Since"] == first.last_modified
    assert second.status == 304
    assert second.not_modified
    assert second.body == b""


def test_a_304_keeps_the_connection_for_the_next_fetch(newsroom, monkeypatch):
    connections = []
    setup = _Handler.setup
    monkeypatch.setattr(_Handler, "setup", lambda handler: connections.append(setup(handler)))
    fetcher = Fetcher()
    first = fetcher.fetch(newsroom.url(ARTICLE))
    for _ in range(3):
        assert fetcher.fetch(newsroom.url(ARTICLE), etag=first.etag).not_modified
    assert len(connections) == 1  # robots.txt and the four fetches, one after another


def test_a_changed_page_is_fetched_again_despite_old_validators(newsroom):
    fetcher = Fetcher()
    first = fetcher.fetch(newsroom.url(ARTICLE))
    newsroom.edit("harbour-bridge-closure", title="Harbour bridge closes for repairs")

    second = fetcher.fetch(newsroom.url(ARTICLE), etag=first.etag)

    assert second.status == 200
    assert "Harbour bridge closes for repairs" in decode_html(second.body, second.charset)


def test_refuses_a_pdf_before_reading_it(newsroom, settings):
    settings.NEWSDIFFS_MAX_BODY_BYTES = 2048
    # Bigger than the cap: refused as not HTML, so the body was never read.
    newsroom.answer(
        "/report.pdf", body=b"%PDF" * 10_000, headers={"Content-Type": "application/pdf"}
    )

    with pytest.raises(NotHTML) as caught:
        Fetcher().fetch(newsroom.url("/report.pdf"))

    assert caught.value.status == 200
    assert "application/pdf" in str(caught.value)


def test_an_rss_feed_is_refused_as_an_article_but_read_for_discovery(newsroom):
    fetcher = Fetcher()
    with pytest.raises(NotHTML):
        fetcher.fetch(newsroom.url("/feed.xml"))

    result = fetcher.fetch(newsroom.url("/feed.xml"), accept="feed")
    front_page = fetcher.fetch(newsroom.url("/"), accept="feed")

    assert result.content_type == "application/rss+xml"
    assert b"<rss" in result.body
    assert front_page.content_type == "text/html"


def test_refuses_a_body_whose_length_is_over_the_cap(newsroom):
    with pytest.raises(BodyTooLarge) as caught:
        Fetcher().fetch(newsroom.url("/hostile/huge"))

    assert "6,000,006 bytes" in str(caught.value)
    assert "NEWSDIFFS_MAX_BODY_BYTES" in str(caught.value)


def test_refuses_a_chunked_body_that_grows_over_the_cap(newsroom):
    with pytest.raises(BodyTooLarge) as caught:
        Fetcher().fetch(newsroom.url("/hostile/huge-chunked"))

    assert caught.value.status == 200


def test_refuses_a_gzip_bomb_by_its_decompressed_size(newsroom):
    with pytest.raises(BodyTooLarge) as caught:
        Fetcher().fetch(newsroom.url("/hostile/gzip-bomb"))

    assert "once decompressed (gzip)" in str(caught.value)


def test_undoes_gzip_for_a_body_within_the_cap(newsroom):
    page = b"<html><body><p>Compressed story</p></body></html>"
    newsroom.answer("/gz", body=gzip.compress(page), headers={"Content-Encoding": "gzip"})

    result = Fetcher().fetch(newsroom.url("/gz"))

    assert result.body == page


def test_a_body_exactly_at_the_cap_is_kept(newsroom, settings):
    settings.NEWSDIFFS_MAX_BODY_BYTES = 4096
    newsroom.answer("/exact", body=b"x" * 4096)

    assert len(Fetcher().fetch(newsroom.url("/exact")).body) == 4096


def test_a_body_that_is_not_really_gzip_is_a_clear_error(newsroom):
    newsroom.answer("/bad-gzip", body=b"this is not gzip", headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchError) as caught:
        Fetcher().fetch(newsroom.url("/bad-gzip"))

    assert "could not be decompressed (Content-Encoding: gzip)" in str(caught.value)
    assert caught.value.status == 200


def test_follows_a_redirect_chain_within_the_limit(newsroom):
    result = Fetcher().fetch(newsroom.url(f"/hostile/redirect-chain/4?to={ARTICLE}"))

    assert result.url == newsroom.url(ARTICLE)
    assert newsroom.hits["/hostile/redirect-chain/0"] == 1


def test_refuses_a_redirect_chain_beyond_the_limit(newsroom):
    with pytest.raises(TooManyRedirects) as caught:
        Fetcher().fetch(newsroom.url(f"/hostile/redirect-chain/5?to={ARTICLE}"))

    assert caught.value.status == 302
    assert "more than 5 times" in str(caught.value)
    assert newsroom.hits[ARTICLE] == 0


def test_follows_a_relative_location(newsroom):
    newsroom.answer("/news/old-name", status=301, headers={"Location": "harbour-bridge-closure"})

    assert Fetcher().fetch(newsroom.url("/news/old-name")).url == newsroom.url(ARTICLE)


def test_checks_the_scheme_of_every_redirect_hop(newsroom):
    with pytest.raises(RefusedURL) as caught:
        Fetcher().fetch(newsroom.url("/hostile/redirect?to=file:///etc/passwd"))

    assert "only http and https" in str(caught.value)
    assert caught.value.url == "file:///etc/passwd"


def test_checks_robots_txt_on_every_redirect_hop(newsroom):
    with pytest.raises(RefusedURL):
        Fetcher().fetch(newsroom.url("/hostile/redirect?to=/private/staff"))

    assert newsroom.hits["/private/staff"] == 0


def test_without_private_urls_refuses_loopback_and_redirects_to_it(newsroom, settings):
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = False
    fetcher = Fetcher()

    with pytest.raises(RefusedURL) as direct:
        fetcher.fetch(newsroom.url(ARTICLE))
    with pytest.raises(RefusedURL) as redirected:
        fetcher.fetch(newsroom.url(f"/hostile/redirect?to={newsroom.url(ARTICLE)}"))

    assert "127.0.0.1 is a loopback address" in str(direct.value)
    assert "loopback" in str(redirected.value)
    assert sum(newsroom.hits.values()) == 0  # not a byte was sent


def test_connections_check_their_peer_unless_private_urls_are_allowed(settings):
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = False
    guarded = Fetcher().session
    settings.NEWSDIFFS_ALLOW_PRIVATE_URLS = True
    open_to_local = Fetcher().session

    for scheme in ("http://", "https://"):
        assert isinstance(guarded.get_adapter(scheme + "paper.example/"), GuardedAdapter)
        assert not isinstance(open_to_local.get_adapter(scheme + "paper.example/"), GuardedAdapter)
    assert not guarded.trust_env  # no proxy between us and the checked peer


def test_a_slow_page_times_out_after_retrying(newsroom, settings):
    settings.NEWSDIFFS_READ_TIMEOUT = 0.3
    settings.NEWSDIFFS_RETRIES = 1
    newsroom.answer("/slow", body="<p>late</p>", delay=1.0)

    with pytest.raises(FetchTimeout) as caught:
        Fetcher().fetch(newsroom.url("/slow"))

    assert newsroom.hits["/slow"] == 2
    assert "did not answer within 0.3 s" in str(caught.value)
    assert "tried 2 times" in str(caught.value)


def test_retries_a_503_then_succeeds(newsroom):
    newsroom.answer(ARTICLE, status=503, body="busy", times=2)

    result = Fetcher().fetch(newsroom.url(ARTICLE))

    assert result.status == 200
    assert newsroom.hits[ARTICLE] == 3


def test_a_persistent_500_is_an_http_status_error(newsroom, settings):
    settings.NEWSDIFFS_RETRIES = 1
    newsroom.answer("/broken", status=500, body="oops")

    with pytest.raises(HTTPStatusError) as caught:
        Fetcher().fetch(newsroom.url("/broken"))

    assert caught.value.status == 500
    assert not caught.value.is_missing
    assert newsroom.hits["/broken"] == 2


@pytest.mark.parametrize("status", [404, 410])
def test_a_missing_page_is_not_retried(newsroom, status):
    newsroom.answer("/gone", status=status, body="gone")

    with pytest.raises(HTTPStatusError) as caught:
        Fetcher().fetch(newsroom.url("/gone"))

    assert caught.value.is_missing
    assert caught.value.status == status
    assert newsroom.hits["/gone"] == 1


def test_waits_as_long_as_retry_after_asks(newsroom):
    newsroom.answer(ARTICLE, status=429, headers={"Retry-After": "1"}, times=1)

    started = time.monotonic()
    result = Fetcher().fetch(newsroom.url(ARTICLE))

    assert time.monotonic() - started >= 0.95
    assert result.duration_ms >= 950
    assert result.status == 200


def test_gives_up_when_retry_after_is_too_long(newsroom, settings):
    settings.NEWSDIFFS_MAX_RETRY_AFTER = 30
    newsroom.answer(ARTICLE, status=429, headers={"Retry-After": "3600"})

    started = time.monotonic()
    with pytest.raises(HTTPStatusError) as caught:
        Fetcher().fetch(newsroom.url(ARTICLE))

    assert time.monotonic() - started < 1
    assert caught.value.status == 429
    assert "come back in 3600 s (Retry-After)" in str(caught.value)
    assert newsroom.hits[ARTICLE] == 1


def test_a_refused_connection_is_a_fetch_error(settings):
    settings.NEWSDIFFS_RETRIES = 1
    with socket.socket() as sock:  # a port that nobody listens on any more
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    with pytest.raises(FetchError) as caught:
        Fetcher().fetch(f"http://127.0.0.1:{port}/news/story")

    assert "Connection refused" in str(caught.value)
    assert caught.value.status is None


def test_robots_txt_disallow_is_refused_and_cached(newsroom):
    newsroom.robots_txt = "User-agent: newsdiffs\nDisallow: /news/\n"
    fetcher = Fetcher()

    for _ in range(2):
        with pytest.raises(RefusedURL) as caught:
            fetcher.fetch(newsroom.url(ARTICLE))
    Fetcher().fetch(newsroom.url("/weather/river-flood-warning"))

    assert "robots.txt disallows it for newsdiffs" in str(caught.value)
    assert newsroom.hits[ARTICLE] == 0
    assert newsroom.hits["/robots.txt"] == 1  # one ask, shared by both fetchers


def test_robots_txt_forbidden_disallows_the_whole_site(newsroom):
    newsroom.answer("/robots.txt", status=403, body="no")

    with pytest.raises(RefusedURL) as caught:
        Fetcher().fetch(newsroom.url(ARTICLE))

    assert "answered 403" in str(caught.value)


def test_missing_robots_txt_allows_everything(newsroom):
    newsroom.answer("/robots.txt", status=404, body="no such file")
    newsroom.answer("/private/staff", body="<p>Our staff</p>")

    assert Fetcher().fetch(newsroom.url("/private/staff")).status == 200


def test_unreachable_robots_txt_allows_but_is_asked_again_soon(newsroom, settings):
    settings.NEWSDIFFS_ROBOTS_ERROR_CACHE_SECONDS = 0
    newsroom.answer("/robots.txt", status=503, body="down")
    fetcher = Fetcher()

    fetcher.fetch(newsroom.url(ARTICLE))
    fetcher.fetch(newsroom.url(ARTICLE))

    assert newsroom.hits[ARTICLE] == 2
    assert newsroom.hits["/robots.txt"] == 2  # robots.txt is not retried, and not kept


def test_a_robots_txt_that_times_out_allows(newsroom, settings):
    settings.NEWSDIFFS_READ_TIMEOUT = 0.3
    newsroom.answer("/robots.txt", body="User-agent: *\nDisallow: /\n", delay=1.0)

    assert Fetcher().fetch(newsroom.url(ARTICLE)).status == 200


def test_waits_between_two_requests_to_one_host(newsroom, settings):
    settings.NEWSDIFFS_HOST_DELAY = 0.5
    first_worker, second_worker = Fetcher(), Fetcher()
    first_worker.fetch(newsroom.url(ARTICLE))  # robots.txt, then the page
    second_worker.fetch(newsroom.url("/news/library-opening-hours"))

    # Measured where the requests arrive: the slots are booked before each
    # request is sent, so a slow machine can shorten what the site sees by
    # one request's latency, never by the delay.
    spacing = newsroom.arrived_at["/news/library-opening-hours"] - newsroom.arrived_at[ARTICLE]
    assert spacing >= 0.4


def another_worker_fetched(host, delay, seconds_ago):
    """Book host's slot as a worker would have, on a clock set seconds_ago.

    Returns the moment (time.time()) from which host may be asked again.
    """
    moment = time.time() - seconds_ago
    reserve_request_slot(host, delay, clock=lambda: moment)
    return moment + delay


def test_does_not_wait_once_the_delay_has_passed(newsroom, settings):
    Fetcher().fetch(newsroom.url(ARTICLE))  # reads and keeps robots.txt; no delay yet
    settings.NEWSDIFFS_HOST_DELAY = 5
    another_worker_fetched("127.0.0.1", 5, seconds_ago=10)

    started = time.monotonic()
    Fetcher().fetch(newsroom.url("/news/library-opening-hours"))

    assert time.monotonic() - started < 2.5  # well under the 5 s a needless wait takes


def test_waits_only_for_what_is_left_of_the_delay(newsroom, settings):
    Fetcher().fetch(newsroom.url(ARTICLE))
    settings.NEWSDIFFS_HOST_DELAY = 5
    free_at = another_worker_fetched("127.0.0.1", 5, seconds_ago=4)

    started = time.monotonic()
    Fetcher().fetch(newsroom.url("/news/library-opening-hours"))

    assert time.time() >= free_at  # it waited for the slot...
    assert time.monotonic() - started < 2.5  # ...about 1 s, not the whole 5 s


def test_robots_rules_are_kept_per_site(newsroom):
    other = NewsroomServer(Newsroom()).start()
    try:
        newsroom.robots_txt = "User-agent: *\nDisallow: /news/\n"
        other.room.robots_txt = "User-agent: *\nDisallow: /weather/\n"
        fetcher = Fetcher()

        with pytest.raises(RefusedURL):
            fetcher.fetch(newsroom.url(ARTICLE))
        assert fetcher.fetch(other.room.url(ARTICLE)).status == 200
        with pytest.raises(RefusedURL):
            fetcher.fetch(other.room.url("/weather/river-flood-warning"))
        assert fetcher.fetch(newsroom.url("/weather/river-flood-warning")).status == 200

        assert newsroom.hits["/robots.txt"] == other.room.hits["/robots.txt"] == 1
    finally:
        other.stop()


def test_text_uses_the_pages_own_charset_when_the_header_has_none(newsroom):
    page = '<html><head><meta charset="iso-8859-1"></head><p>Café</p></html>'
    newsroom.answer("/latin", body=page.encode("latin-1"), headers={"Content-Type": "text/html"})

    result = Fetcher().fetch(newsroom.url("/latin"))

    assert result.charset is None
    assert "Café" in decode_html(result.body, result.charset)


@pytest.fixture
def dripping_server():
    """A server that sends its body one byte every 0.05 s, inside any read timeout."""

    class Drip(BaseHTTPRequestHandler):
        def log_message(self, format, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "200")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass  # the client gave up, as it should

    server = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_body_that_drips_in_is_cut_off_by_the_body_timeout(dripping_server, settings):
    settings.NEWSDIFFS_BODY_TIMEOUT = 0.3
    settings.NEWSDIFFS_RETRIES = 0

    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        Fetcher().fetch(dripping_server + "/story")

    assert time.monotonic() - started < 1.5
    assert "NEWSDIFFS_BODY_TIMEOUT" in str(caught.value)


def test_a_redirect_to_a_malformed_url_is_a_clear_error(newsroom):
    from articles.fetching import Fetcher, FetchError

    newsroom.answer("/bad-redirect", status=302, headers={"Location": "http://[::1/x"})
    with pytest.raises(FetchError, match="malformed Location"):
        Fetcher().fetch(newsroom.url("/bad-redirect"))


def test_a_malformed_url_is_refused():
    from articles.fetching.netguard import check_url

    with pytest.raises(RefusedURL, match="not a valid URL"):
        check_url("http://[::1/x")


@pytest.fixture
def raw_socket_server():
    """A server on 127.0.0.1 that answers every request with what a test gives it, as is."""
    listener = socket.create_server(("127.0.0.1", 0))
    replies = []

    def serve():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # the listener was closed
            with connection:
                connection.recv(65536)
                connection.sendall(replies[0])

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", replies
    listener.close()


def test_an_http_0_9_answer_is_named_as_such_not_a_failed_connection(raw_socket_server):
    url, replies = raw_socket_server
    replies.append(b"<html><body><p>A page with no status line.</p></body></html>")

    with pytest.raises(FetchError) as caught:
        Fetcher().fetch(url + "/story")

    message = str(caught.value)
    assert "did not answer with HTTP/1.x" in message
    assert "'<html><body><p>A page with no status line." in message
    assert "Could not connect" not in message
    assert not isinstance(caught.value, ConnectionFailed)


def test_a_server_that_closes_without_answering_is_still_a_broken_connection(raw_socket_server):
    url, replies = raw_socket_server
    replies.append(b"")

    with pytest.raises(ConnectionFailed) as caught:
        Fetcher().fetch(url + "/story")

    assert "HTTP/1.x" not in str(caught.value)
