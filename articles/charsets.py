"""Content-Type parsing and best-effort decoding of fetched pages."""

import codecs
import re

# How far into a page a <meta charset> or XML declaration is looked for; the
# HTML standard has browsers look at the first 1024 bytes, real pages
# sometimes put the tag a little later.
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


def parse_content_type(value):
    """'text/html; charset="UTF-8"' -> ('text/html', 'UTF-8'); a missing charset is None."""
    mime, _, params = (value or "").partition(";")
    charset = None
    for param in params.split(";"):
        name, _, param_value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = param_value.strip().strip("\"'").strip() or None
    return mime.strip().lower(), charset


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
    if encoding and encoding.startswith("utf-16"):
        return "utf-8"
    return encoding


def decode_body(body, header_charset=None):
    """Decode a page: byte-order mark, then the header's charset, then the page's
    own declaration, then UTF-8; bytes that do not fit become U+FFFD."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    encoding = known_encoding(header_charset) or declared_encoding(body) or "utf-8"
    return body.decode(encoding, errors="replace")
