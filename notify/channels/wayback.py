"""Save Page Now: ask the Wayback Machine to capture the article after a new version.

Two ways, by configuration:

- With NEWSDIFFS_WAYBACK_ACCESS_KEY and _SECRET_KEY (the SPN2 API): POST
  url=... to the endpoint with `Authorization: LOW key:secret`; the answer
  names a job_id. The delivery then waits (not a failed attempt) and polls
  GET <endpoint>/status/<job_id> every NEWSDIFFS_WAYBACK_POLL_SECONDS until
  the job says success (its timestamp and original_url make the snapshot
  link) or error (a failed attempt: back off and submit again).
- Without keys: GET <endpoint>/<url>, the public form; the snapshot link is
  the answer's Content-Location, a redirect's Location (not followed), or
  its Link header's rel="memento".

A relative link is made absolute on the endpoint's origin. The link is kept
on the version (Version.wayback_url).
"""

import json
import re
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone

from notify.channels import DeliveryError, Sent, http

MEMENTO_LINK = re.compile(r'<([^>]+)>\s*;[^,]*rel="?[^",]*\bmemento\b', re.IGNORECASE)


def _endpoint():
    return settings.NEWSDIFFS_WAYBACK_ENDPOINT.rstrip("/")


def _origin():
    parts = urlsplit(_endpoint())
    return f"{parts.scheme}://{parts.netloc}"


def _auth_headers():
    key, secret = settings.NEWSDIFFS_WAYBACK_ACCESS_KEY, settings.NEWSDIFFS_WAYBACK_SECRET_KEY
    headers = {"Accept": "application/json"}
    if key and secret:
        headers["Authorization"] = f"LOW {key}:{secret}"
    return headers


def snapshot_link(link):
    """An absolute http(s) snapshot URL from what the service said, or ''."""
    if not link:
        return ""
    absolute = urljoin(_origin() + "/", link.strip())
    if urlsplit(absolute).scheme not in ("http", "https") or len(absolute) > 2000:
        return ""
    return absolute


def _json(answer, url):
    try:
        data = json.loads(answer.text)
    except ValueError:
        raise DeliveryError(f"{url} did not answer JSON", answer.status, answer.text) from None
    if not isinstance(data, dict):
        raise DeliveryError(
            f"{url} answered JSON that is not an object", answer.status, answer.text
        )
    return data


def _poll_later(answer, job_id):
    poll_at = timezone.now() + timedelta(seconds=settings.NEWSDIFFS_WAYBACK_POLL_SECONDS)
    return Sent(status=answer.status, response=answer.text, job_id=job_id, poll_at=poll_at)


def _submit_spn2(article_url):
    url = _endpoint()
    answer = http.request("POST", url, data={"url": article_url}, headers=_auth_headers())
    http.require_success(answer, url)
    data = _json(answer, url)
    job_id = str(data.get("job_id") or "")[:200]
    if not job_id:
        message = data.get("message") or "no job_id in the answer"
        raise DeliveryError(f"Save Page Now refused: {message}", answer.status, answer.text)
    return _poll_later(answer, job_id)


def _poll(job_id):
    url = f"{_endpoint()}/status/{job_id}"
    answer = http.request("GET", url, headers=_auth_headers())
    http.require_success(answer, url)
    data = _json(answer, url)
    status = data.get("status")
    if status == "pending":
        return _poll_later(answer, job_id)
    if status == "success":
        link = snapshot_link(f"/web/{data.get('timestamp', '')}/{data.get('original_url', '')}")
        if data.get("timestamp") and data.get("original_url") and link:
            return Sent(status=answer.status, response=answer.text, snapshot_url=link)
    message = data.get("message") or f"job status {status!r}"
    raise DeliveryError(
        f"Save Page Now could not capture the page: {message}",
        answer.status,
        answer.text,
        restart=True,
    )


def _save_simple(article_url):
    url = f"{_endpoint()}/{article_url}"
    answer = http.request("GET", url, headers=_auth_headers())
    location = answer.headers.get("Location") if answer.status in http.REDIRECT_STATUSES else ""
    memento = MEMENTO_LINK.search(answer.headers.get("Link", ""))
    link = snapshot_link(
        answer.headers.get("Content-Location") or location or (memento.group(1) if memento else "")
    )
    if not link:
        http.require_success(answer, url)
        raise DeliveryError("Save Page Now gave no snapshot link", answer.status, answer.text)
    return Sent(status=answer.status, response=answer.text, snapshot_url=link)


def send(delivery):
    article_url = delivery.version.article.url
    if delivery.remote_job_id:
        return _poll(delivery.remote_job_id)
    if settings.NEWSDIFFS_WAYBACK_ACCESS_KEY and settings.NEWSDIFFS_WAYBACK_SECRET_KEY:
        return _submit_spn2(article_url)
    return _save_simple(article_url)
