"""Bytes to text, the way a browser reads a page.

The one decoder of fetched pages, in the browser's order: a byte-order
mark, then the charset of the HTTP Content-Type header, then the page's own
declaration (<meta charset>, <meta http-equiv> or an XML declaration),
then UTF-8. Bytes that do not fit become U+FFFD. Pure: no I/O.
"""

import codecs
import re

# How far into a page a declaration is looked for; the HTML standard has
# browsers look at the first 1024 bytes, real pages sometimes put the tag a
# little later.
SNIFF_BYTES = 4096

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252, and so do the pages that use them.
_WINDOWS_1252_ALIASES = {"iso8859-1", "latin-1", "ascii"}


def known_encoding(label):
    """The Python codec name for a charset label, or None if Python has no such codec."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def declared_encoding(body):
    """The charset a page declares in its first bytes (<meta> or <?xml?>), or None."""
    head = body[:SNIFF_BYTES]
    match = _XML_ENCODING.match(head.lstrip()) or _META_CHARSET.search(head)
    if not match:
        return None
    encoding = known_encoding(match.group(1).decode("ascii"))
    # A page that is readable as ASCII bytes cannot really be UTF-16, whatever
    # its <meta> says; the HTML standard reads such a declaration as UTF-8.
    if encoding and encoding.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return encoding


def decode_html(body, header_charset=None):
    """The text of a page given as served (bytes) with its Content-Type charset.

    Text is returned as it is: it was decoded already.
    """
    if isinstance(body, str):
        return body
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    encoding = known_encoding(header_charset) or declared_encoding(body) or "utf-8"
    return body.decode(encoding, errors="replace").removeprefix("\ufeff")
