"""Fetch: one guarded, polite, size-capped GET with retries (network I/O).

Entry: `Fetcher().fetch(url, etag=..., last_modified=...)` -> `FetchResult`,
or one of the `FetchError`s below, whose str() is the admin's message.
"""

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
from articles.fetching.fetcher import Fetcher, FetchResult

__all__ = [
    "BodyTooLarge",
    "ConnectionFailed",
    "FetchError",
    "FetchResult",
    "FetchTimeout",
    "Fetcher",
    "HTTPStatusError",
    "NotHTML",
    "RefusedURL",
    "TooManyRedirects",
]
