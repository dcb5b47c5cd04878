"""Webhook signatures: HMAC-SHA256 over the exact body sent (pure)."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Newsdiffs-Signature"


def signature(secret, body):
    """The header value a receiver recomputes: 'sha256=' and the hex digest."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def is_valid(secret, body, header_value):
    """What a receiver does: compare in constant time."""
    return hmac.compare_digest(signature(secret, body), header_value or "")
