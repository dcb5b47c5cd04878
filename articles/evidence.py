"""A version's stored response written back out as an HTTP message. Pure.

A version keeps the status code, the headers as received and the body as
read: decompressed from its Content-Encoding and de-chunked. Written out
with the headers as received, the message would say "gzip" over bytes that
are not, and any reader (warcio, pywb, a browser opening the .http file)
would fail on them. So the headers that describe the transfer rather than
the page are kept under the prefix web archives use for a header they had
to change (pywb's X-Archive-Orig-), and Content-Length is the kept body's.

The protocol version and reason phrase were not kept: the status line says
HTTP/1.1 (what the fetcher speaks) and the standard phrase of the code.
"""

from http import HTTPStatus

# Headers about the bytes on the wire, no longer true of the body as kept.
TRANSFER_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
RENAMED_PREFIX = "X-Archive-Orig-"
PROTOCOL = "HTTP/1.1"
# Versions archived before headers (or the status) were kept say so rather
# than passing off an invented header as what the newsroom sent.
HEADERS_NOT_RECORDED = (
    "X-Newsdiffs-Headers",
    "not recorded (archived before response headers were kept)",
)
STATUS_NOT_RECORDED = (
    "X-Newsdiffs-Status",
    "not recorded (a version is only archived from a successful answer)",
)


def status_text(status):
    """'200 OK' for the stored code; a code not recorded is written as 200 (see headers())."""
    code = status or HTTPStatus.OK
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def status_line(status):
    return f"{PROTOCOL} {status_text(status)}"


def _one_line(text):
    # A hostile server's header must not start a header or a body of its own.
    return text.replace("\r", " ").replace("\n", " ")


def headers(status, pairs, body_length):
    """[(name, value)] to write before the kept body; `pairs` None when not recorded."""
    if pairs is None:
        written = [HEADERS_NOT_RECORDED]
    else:
        written = [
            (RENAMED_PREFIX + name if name.lower() in TRANSFER_HEADERS else name, value)
            for name, value in pairs
        ]
    if not status:
        written.append(STATUS_NOT_RECORDED)
    written.append(("Content-Length", str(body_length)))
    return [(_one_line(name), _one_line(value)) for name, value in written]


def http_message(status, pairs, body):
    """The whole response as bytes: status line, headers, a blank line, the body.

    Header text goes back to bytes as Latin-1, the way HTTP clients read it.
    """
    lines = [status_line(status)]
    lines += [f"{name}: {value}" for name, value in headers(status, pairs, len(body))]
    head = "\r\n".join(lines) + "\r\n\r\n"
    return head.encode("latin-1", errors="replace") + body
