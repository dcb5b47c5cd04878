"""One guarded HTTP request to a receiver: the archive's own address guard, no
redirects followed, timeouts, and at most NEWSDIFFS_DELIVERY_MAX_RESPONSE_BYTES
of the answer read, so no receiver can hold a worker or fill its memory.
"""

import time
from dataclasses import dataclass

import requests
from django.conf import settings

from articles.fetching.errors import FetchError
from articles.fetching.netguard import GuardedAdapter, check_url
from notify.channels import DeliveryError

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass
class Answer:
    status: int
    headers: requests.structures.CaseInsensitiveDict
    text: str


def _session(allow_private):
    session = requests.Session()
    session.trust_env = False  # no proxies: the guard must see the receiver's own address
    if not allow_private:
        session.mount("http://", GuardedAdapter())
        session.mount("https://", GuardedAdapter())
    return session


def _read_capped(response, limit, deadline):
    chunks, size = [], 0
    for chunk in response.iter_content(16 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit or time.monotonic() > deadline:
            break  # the rest is not read: the log keeps an excerpt anyway
    body = b"".join(chunks)[:limit]
    return body.decode(response.encoding or "utf-8", errors="replace")


def request(method, url, **kwargs):
    """Send one request and return its Answer (any status); DeliveryError if none came."""
    allow_private = settings.NEWSDIFFS_ALLOW_PRIVATE_URLS
    try:
        check_url(url, allow_private)
    except FetchError as error:
        raise DeliveryError(str(error)) from None
    timeout = settings.NEWSDIFFS_DELIVERY_TIMEOUT
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": settings.NEWSDIFFS_USER_AGENT, **kwargs.pop("headers", {})}
    with _session(allow_private) as session:
        try:
            response = session.request(
                method,
                url,
                headers=headers,
                timeout=(settings.NEWSDIFFS_CONNECT_TIMEOUT, timeout),
                allow_redirects=False,
                stream=True,
                **kwargs,
            )
        except FetchError as error:  # the guard's check of the connected peer
            raise DeliveryError(str(error)) from None
        except requests.Timeout:
            raise DeliveryError(f"no answer within {timeout:g} s from {url}") from None
        except (requests.RequestException, ValueError) as error:
            reason = str(error)[:300] or type(error).__name__
            raise DeliveryError(f"could not reach {url}: {reason}") from None
        with response:
            try:
                text = _read_capped(
                    response, settings.NEWSDIFFS_DELIVERY_MAX_RESPONSE_BYTES, deadline
                )
            except requests.RequestException as error:
                raise DeliveryError(
                    f"{url} broke off its answer: {type(error).__name__}", response.status_code
                ) from None
            return Answer(response.status_code, response.headers, text)


def require_success(answer, url):
    """Raise DeliveryError unless the answer is 2xx (a redirect is refused, not followed)."""
    if 200 <= answer.status < 300:
        return
    if answer.status in REDIRECT_STATUSES:
        where = answer.headers.get("Location", "")[:300]
        raise DeliveryError(
            f"{url} redirected ({answer.status}) to {where!r}; deliveries do not follow "
            "redirects: give the final address",
            answer.status,
            answer.text,
        )
    raise DeliveryError(f"{url} answered {answer.status}", answer.status, answer.text)
