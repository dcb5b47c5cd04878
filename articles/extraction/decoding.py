"""Bytes to text the way a browser would: BOM, then <meta charset>, then UTF-8."""

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
# Browsers read the declaration only near the top of the page.
_PRESCAN_BYTES = 4096


def declared_encoding(body: bytes) -> str | None:
    """The encoding the page declares (BOM first), or None."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that claims UTF-16 in a meta tag cannot be, or the tag was unreadable.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    # As browsers do: latin-1 labels mean windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def decode_html(body: bytes | str) -> str:
    if isinstance(body, str):
        return body
    encoding = declared_encoding(body) or "utf-8"
    text = body.decode(encoding, "replace")
    return text.removeprefix("\ufeff")
