"""Retry and throttle arithmetic of the outbox (pure)."""

from datetime import timedelta

# Waits after the 1st, 2nd, 3rd... failed attempt; the last repeats.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)


def retry_delay(failed_attempts):
    """How long to wait before the next attempt after this many failures."""
    index = min(max(failed_attempts, 1), len(RETRY_DELAYS)) - 1
    return RETRY_DELAYS[index]


def gives_up(failed_attempts, max_attempts):
    return failed_attempts >= max_attempts


def excerpt(text, limit=2000):
    """The start of a receiver's answer, as kept in the delivery log."""
    text = text.replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"
