"""What a fetched body really is, whatever its Content-Type says.

Servers label PDFs, pictures and archives text/html (a CMS that serves
attachments through its page handler, a misconfigured CDN). A browser
would show such a body as garbage; the archive must not keep it as a
version. Pure: bytes (and the stated charset) in, a description or None out.
"""

import codecs
import re

# Signatures at the start of the body: (bytes, what it is). Only those that
# no web page can start with; ambiguous ones ("BM", "MZ") need more below.
MAGIC_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"%!PS-Adobe", "a PostScript document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"OTTO\x00", "a font"),
    (b"\x00\x01\x00\x00\x00", "a font"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an office document (Word, Excel or PowerPoint)"),
    (b"{\\rtf", "an RTF document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program (ELF)"),
    (b"\xca\xfe\xba\xbe", "a program (Java class)"),
    (b"\x00asm", "a program (WebAssembly)"),
    (b"ID3\x02", "an MP3 audio file"),
    (b"ID3\x03", "an MP3 audio file"),
    (b"ID3\x04", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"\x1aE\xdf\xa3", "a Matroska or WebM video"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
# Zip containers whose first entry names what they hold.
_ZIP_KINDS = (
    (b"word/", "a Word document (zip)"),
    (b"xl/", "an Excel workbook (zip)"),
    (b"ppt/", "a PowerPoint presentation (zip)"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file (zip)"),
    (b"application/epub+zip", "an EPUB book (zip)"),
    (b"META-INF/", "a Java archive (zip)"),
)
_ZIP_HEAD_BYTES = 2048

# The bytes the WHATWG MIME sniffing standard calls "binary data bytes": C0
# controls other than tab, line feed, form feed, carriage return and escape
# (ISO-2022 text uses escape). No text encoding a page can be in (other than
# UTF-16 and UTF-32) uses them for letters.
BINARY_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_WITHOUT_BINARY_CHARACTERS = dict.fromkeys(BINARY_BYTES)
# Above this share of binary bytes a body is not text: compressed or encoded
# data has about 10%, a page with a few stray control characters far under 0.1%.
MAX_BINARY_SHARE = 0.01
# A NUL in the first bytes is binary, as browsers sniff it (the standard's
# "resource header" is 1,445 bytes); a stray NUL later is only dropped when
# the page is decoded.
NUL_HEAD_BYTES = 1445
_WIDE_ENCODINGS = ("utf-16", "utf-32")


def _magic(body):
    for signature, kind in MAGIC_SIGNATURES:
        if body.startswith(signature):
            if kind == "a zip archive":
                return _zip_kind(body)
            return kind
    if _BZIP2.match(body):
        return "a bzip2 archive"
    if body[:4] == b"RIFF" and body[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[body[8:12]]
    if body[4:8] == b"ftyp":
        return "an MP4, QuickTime or HEIF file"
    if body[257:262] == b"ustar":
        return "a tar archive"
    return None


def _zip_kind(body):
    head = body[:_ZIP_HEAD_BYTES]
    for marker, kind in _ZIP_KINDS:
        if marker in head:
            return kind
    return "a zip archive"


def _wide_text(body, charset):
    """The body decoded, if it is UTF-16 or UTF-32 by its byte-order mark or stated charset."""
    if body.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return body.decode("utf-32", errors="replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    try:
        name = codecs.lookup(charset).name if charset else ""
    except LookupError:
        return None
    if name.startswith(_WIDE_ENCODINGS):
        return body.decode(name, errors="replace")
    return None


def binary_share(data):
    """The share of binary data bytes (or code points) in data, 0 for empty data."""
    if not data:
        return 0.0
    if isinstance(data, str):
        kept = data.translate(_WITHOUT_BINARY_CHARACTERS)
    else:
        kept = data.translate(None, BINARY_BYTES)
    return (len(data) - len(kept)) / len(data)


def sniff_non_html(body, charset=None):
    """What the body is when it is not text a page could be in ("a PDF document"), or None.

    charset is the one the Content-Type header stated: a page in UTF-16
    is full of NUL bytes, and is text all the same.
    """
    if kind := _magic(body):
        return kind
    wide = _wide_text(body, charset)
    if wide is not None:
        share = binary_share(wide)
    else:
        if b"\x00" in body[:NUL_HEAD_BYTES]:
            return "binary data (NUL bytes at its start)"
        share = binary_share(body)
    if share > MAX_BINARY_SHARE:
        return f"binary data ({share:.0%} of it control bytes)"
    return None
