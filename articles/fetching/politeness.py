"""A minimum gap between two requests to one host, shared by every worker.

The next free moment for each host lives in Django's cache (Redis when
configured, so all workers see it). A worker takes a short lock with
cache.add, reads the next free moment, books the slot it will use and
releases the lock; then it sleeps, outside the lock, until its slot. Two
workers therefore get successive slots and nobody sleeps longer than needed.
"""

import math
import secrets
import time

from django.core.cache import cache as default_cache

# A worker that dies while holding the lock holds it at most this long.
LOCK_SECONDS = 5
LOCK_POLL_SECONDS = 0.01


def reserve_request_slot(host, delay, clock=time.time, cache=None):
    """Book the next request slot for host; return the seconds to wait for it."""
    if delay <= 0:
        return 0.0
    cache = cache or default_cache
    lock_key = f"newsdiffs:host-lock:{host}"
    token = secrets.token_hex(8)
    give_up_at = time.monotonic() + LOCK_SECONDS
    # Past LOCK_SECONDS the holder has died and its lock has expired, or the
    # cache is failing; either way go on rather than stall the worker.
    while not cache.add(lock_key, token, LOCK_SECONDS) and time.monotonic() < give_up_at:
        time.sleep(LOCK_POLL_SECONDS)
    try:
        now = clock()
        next_free_key = f"newsdiffs:host-next-free:{host}"
        start = max(now, cache.get(next_free_key) or 0.0)
        cache.set(next_free_key, start + delay, math.ceil(start + delay - now) + 1)
    finally:
        if cache.get(lock_key) == token:
            cache.delete(lock_key)
    return start - now


def wait_for_host(host, delay):
    """Sleep until this worker may send its next request to host."""
    wait = reserve_request_slot(host, delay)
    if wait > 0:
        time.sleep(wait)
    return wait
