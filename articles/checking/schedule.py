"""Re-check arithmetic: pure functions of ages and counts."""

from datetime import timedelta


def recheck_delay(age, tiers):
    """The delay before the next check of an article whose last change is `age` old.

    `tiers` is [(max_age_seconds, interval_seconds), ...] with increasing
    ages; past the last age its interval holds.
    """
    seconds = age.total_seconds()
    for max_age, interval in tiers:
        if seconds < max_age:
            return timedelta(seconds=interval)
    return timedelta(seconds=tiers[-1][1])


def failure_delay(consecutive_failures, base, ceiling):
    """Exponential back-off: base, 2*base, 4*base ... capped at ceiling."""
    exponent = max(consecutive_failures - 1, 0)
    # Double no more often than it takes to pass the ceiling (2**bits > ceiling // base),
    # so the multiplication cannot overflow timedelta, whatever the base.
    delay = base * (2 ** min(exponent, (ceiling // base).bit_length()))
    return min(delay, ceiling)
