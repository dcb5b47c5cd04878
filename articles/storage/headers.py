"""Response headers as a version keeps them, and back. Pure.

The (name, value) pairs in the order received, repeated names kept
(Set-Cookie, Link, Vary), as JSON. A version stores them as a zstd delta on
the previous version's headers (articles.storage.chains), which differ in a
date, a cookie and a request id: tens of bytes instead of hundreds.
"""

import json


class CorruptHeaders(Exception):
    """The stored headers cannot be read back."""


def pack(pairs):
    """The JSON bytes of [(name, value)]."""
    return json.dumps([[name, value] for name, value in pairs], ensure_ascii=False).encode()


def unpack(data):
    """[(name, value)] from pack()'s bytes."""
    try:
        return [(str(name), str(value)) for name, value in json.loads(data)]
    except (UnicodeDecodeError, ValueError, TypeError) as error:
        raise CorruptHeaders(f"the stored headers are unreadable: {error}") from None
