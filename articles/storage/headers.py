"""Response headers as a version row keeps them, and back. Pure.

The (name, value) pairs in the order received, repeated names kept
(Set-Cookie, Link, Vary), as JSON in one zstd frame. An empty value means
"not recorded": versions archived before headers were kept.
"""

import json

import zstandard

LEVEL = 19
# Headers are a few kilobytes at most; a corrupt frame claiming more is refused.
MAX_HEADER_BYTES = 1024 * 1024


class CorruptHeaders(Exception):
    """The stored bytes are not headers this module wrote."""


def pack(pairs):
    """The stored form of [(name, value)]; b"" for None (not recorded)."""
    if pairs is None:
        return b""
    text = json.dumps([[name, value] for name, value in pairs], ensure_ascii=False)
    return zstandard.ZstdCompressor(level=LEVEL).compress(text.encode())


def unpack(data):
    """[(name, value)] from the stored form; None when not recorded."""
    if not data:
        return None
    try:
        if not 0 <= zstandard.frame_content_size(data) <= MAX_HEADER_BYTES:
            raise CorruptHeaders("the frame claims an impossible size")
        pairs = json.loads(zstandard.ZstdDecompressor().decompress(data))
        return [(str(name), str(value)) for name, value in pairs]
    except (zstandard.ZstdError, UnicodeDecodeError, ValueError, TypeError) as error:
        raise CorruptHeaders(f"the stored headers are unreadable: {error}") from None
