"""At most one delivery per destination per interval, shared by every worker.

The cache (Redis when REDIS_URL is set) holds, per throttle key, the time
the next delivery may go. cache.add() is atomic, so of two workers only one
is admitted; the other postpones its delivery to that time.
"""

from datetime import datetime, timedelta

from django.core.cache import cache


def admit(key, interval_seconds, now):
    """None if a delivery may go now (and the slot is taken), else when it may."""
    if interval_seconds <= 0:
        return None
    cache_key = "notify:throttle:" + key
    next_slot = now + timedelta(seconds=interval_seconds)
    if cache.add(cache_key, next_slot.timestamp(), timeout=interval_seconds):
        return None
    taken_until = cache.get(cache_key)
    if taken_until is None:  # expired in between: try once more
        return None if cache.add(cache_key, next_slot.timestamp(), interval_seconds) else next_slot
    return datetime.fromtimestamp(taken_until, tz=now.tzinfo)
