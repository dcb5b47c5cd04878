"""Bytes to text, the way a browser reads a page.

The one decoder of fetched pages, in the browser's order: a byte-order
mark, then the charset of the HTTP Content-Type header, then the page's own
declaration (<meta charset>, <meta http-equiv> or an XML declaration),
then, for a page that declares nothing, UTF-8 if the bytes are valid UTF-8,
else the encoding charset-normalizer finds in the page's text. Labels are
read as browsers read them (the WHATWG Encoding standard: "iso-8859-1" is
windows-1252, "gb2312" is GB18030...). Bytes that do not fit become
U+FFFD, and control characters no HTML parser keeps are dropped. Pure: no
I/O.
"""

import codecs
import re

from charset_normalizer import from_bytes

# How far into a page a declaration is looked for; the HTML standard has
# browsers look at the first 1024 bytes, real pages sometimes put the tag a
# little later.
SNIFF_BYTES = 4096
# Detection reads this much of the page's text (markup removed): more only
# makes it slower, an article's first paragraphs settle the question.
DETECTION_BYTES = 64 * 1024
# An undeclared page with this many good UTF-8 characters for each damaged
# sequence is UTF-8 with a few bad bytes (a broken template, a cut
# character), not another encoding.
UTF_8_GOOD_PER_ERROR = 9
# Decodings this close to the calmest are told apart by their language.
CHAOS_MARGIN = 0.02

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# What browsers decode a label's bytes with, by Python's name for the label
# (the WHATWG Encoding standard maps these labels to the wider encoding,
# and the pages that use the labels rely on it).
_BROWSER_ENCODINGS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    # A "utf-16" label without a byte-order mark is little-endian.
    "utf-16": "utf-16-le",
}
# Tags and character references: what detection should not read, since
# their ASCII drowns the few bytes that tell encodings apart. A tag ends at
# the next "<" too, so no hostile page makes this scan quadratic.
_MARKUP = re.compile(rb"<[^<>]*>|&#?\w+;")
# Characters an HTML parser drops or an XML tree cannot hold (lxml refuses
# them): C0 controls but tab, line feed and carriage return, and the two
# non-characters U+FFFE and U+FFFF. Vertical tab and form feed are spaces.
_UNPARSABLE = dict.fromkeys([*range(0x09), *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
_UNPARSABLE.update({0x0B: " ", 0x0C: " "})


def known_encoding(label):
    """The Python codec a browser would decode a charset label with, or None if there is none."""
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _BROWSER_ENCODINGS.get(name, name)


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


def _is_mostly_utf_8(body):
    """Valid UTF-8, or UTF-8 with a few damaged sequences among many good ones.

    A page in another encoding is almost never valid UTF-8 beyond its
    ASCII: its letters come out as errors, few or none as characters.
    """
    text = body.decode("utf-8", errors="replace")
    errors = text.count("\ufffd") - body.count("\ufffd".encode())
    if errors <= 0:
        return True
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - errors
    return wide >= UTF_8_GOOD_PER_ERROR * errors


def detected_encoding(body):
    """The encoding of a page that declares none: UTF-8 if it is (mostly) UTF-8, else
    what charset-normalizer reads in its text, else windows-1252 (as browsers fall back)."""
    if _is_mostly_utf_8(body):
        return "utf-8"
    text = _MARKUP.sub(b" ", body)[:DETECTION_BYTES]
    return known_encoding(_likeliest(from_bytes(text))) or "cp1252"


def _likeliest(matches):
    """Of charset-normalizer's matches, the one whose text reads most like a language.

    Its own pick is the least "chaotic" decoding, but between single-byte
    code pages that chaos differs by a hair (French read as Baltic
    windows-1257 turns "très" into "trčs" and scores as calm as windows-1252):
    among the near-calmest, the likeliest language decides.
    """
    matches = list(matches)
    if not matches:
        return None
    calmest = min(match.chaos for match in matches)
    near = [match for match in matches if match.chaos <= calmest + CHAOS_MARGIN]
    return max(near, key=lambda match: match.coherence).encoding


def page_encoding(body, header_charset=None):
    """The codec to decode a page's bytes with, in the order browsers choose it."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return encoding
    return known_encoding(header_charset) or declared_encoding(body) or detected_encoding(body)


def parsable(text):
    """The text without the control characters no HTML parser keeps."""
    return text.translate(_UNPARSABLE)


def decode_html(body, header_charset=None):
    """The text of a page given as served (bytes) with its Content-Type charset.

    Text is returned as it is, less unparsable controls: it was decoded already.
    """
    if isinstance(body, str):
        return parsable(body)
    text = body.decode(page_encoding(body, header_charset), errors="replace")
    return parsable(text.removeprefix("\ufeff"))
