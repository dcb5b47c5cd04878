"""Why a fetch failed, in words an admin reads in the check log.

Kept apart from fetcher.py so the address guard and the robots rules can
raise them without importing the fetcher; import them from
articles.fetching.
"""


class FetchError(Exception):
    """A fetch that did not give us a page. str() is the admin's message."""

    # The value of Check.Outcome the check log shows it as.
    check_outcome = "error"

    def __init__(self, message, url="", status=None):
        super().__init__(message)
        self.message = message
        self.url = url
        self.status = status

    def __str__(self):
        return self.message


class RefusedURL(FetchError):
    """We will not fetch this URL: its scheme, its address or robots.txt."""

    check_outcome = "refused"


class HTTPStatusError(FetchError):
    """The server's final answer was 4xx or 5xx (after any retries)."""

    def __init__(self, message, url="", status=None, retry_after=None):
        super().__init__(message, url=url, status=status)
        # Seconds the server asked us to wait (Retry-After), when it said.
        self.retry_after = retry_after

    @property
    def is_missing(self):
        return self.status in (404, 410)

    @property
    def is_retryable(self):
        return self.status == 429 or (self.status is not None and self.status >= 500)


class BodyTooLarge(FetchError):
    """The body is bigger than NEWSDIFFS_MAX_BODY_BYTES."""


class NotHTML(FetchError):
    """The answer is not a web page: by its content type, or by its bytes (a PDF
    served as text/html)."""

    check_outcome = "not_html"


class TooManyRedirects(FetchError):
    """More than NEWSDIFFS_MAX_REDIRECTS redirects."""


class FetchTimeout(FetchError):
    """Connecting or reading timed out, on every attempt."""


class ConnectionFailed(FetchError):
    """The connection failed or broke off; worth another attempt."""
