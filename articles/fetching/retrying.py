"""How long to wait before trying a request again."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def retry_after_seconds(value, now):
    """Seconds a Retry-After header asks for, or None if it is absent or unreadable.

    The header is either a number of seconds or an HTTP date; a date in the
    past means "now" (0). `now` is an aware datetime.
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" dates parse naive; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_seconds(base, retry_number):
    """Exponential back-off: base, 2*base, 4*base... for retries 1, 2, 3..."""
    return base * 2 ** (retry_number - 1)


def utcnow():
    return datetime.now(UTC)
