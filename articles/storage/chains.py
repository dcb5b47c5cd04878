"""A version's body and text in the database: the rows of their delta chains.

The codec is pure (articles.storage.deltas); this module reads the rows a
body or a text is decoded from, and chooses what a new version's body and
text are stored against. It takes Version rows and their manager, so it
needs no import of the models.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from articles.storage import deltas, headers, words

log = logging.getLogger(__name__)


def text_digest(data):
    """textnorm.text_hash of the text these bytes are, hashed as they are: the
    hash of a str is that of its UTF-8 and a NUL. Bytes that are not UTF-8 (a
    corrupt frame) are no text, and match no hash."""
    try:
        data.decode()
    except UnicodeDecodeError:
        return ""
    return hashlib.sha256(data + b"\x00").hexdigest()


@dataclass(frozen=True)
class Part:
    """Which fields of a Version row store one part of what was archived."""

    name: str
    codec: str
    data: str
    base: str
    digest: str | None  # None: the zstd frames' own checksums stand alone
    digest_of: Callable[[bytes], str] | None
    plain: str | None = None  # the field holding it whole on rows stored before

    @cached_property  # read for every row: computed once
    def fields(self):
        named = ("number", self.codec, self.data, self.base, self.digest, self.plain)
        return tuple(name for name in named if name)


BODY = Part("body", "body_codec", "raw_body", "body_base_number", "raw_body_hash", deltas.sha256)
TEXT = Part(
    "text", "text_codec", "stored_text", "text_base_number", "text_hash", text_digest, "plain_text"
)


HEADERS = Part("headers", "headers_codec", "response_headers", "headers_base_number", None, None)


def stored(part, row):
    """A deltas.Stored from a row's part.fields (a dict)."""
    codec = row[part.codec]
    data = row[part.plain].encode() if codec == deltas.PLAIN else bytes(row[part.data] or b"")
    digest = row[part.digest] if part.digest else ""
    return deltas.Stored(row["number"], codec, data, row[part.base], digest)


def _of_version(part, version):
    return stored(part, {name: getattr(version, name) for name in part.fields})


def _chain(part, rows):
    return deltas.Chain(rows, part.name, part.digest_of or deltas.sha256)


def chain_of(part, version):
    """A deltas.Chain holding `version` and every row its `part` is decoded from."""
    chain = _chain(part, {version.number: _of_version(part, version)})
    versions = type(version).objects.filter(article_id=version.article_id)
    while (wanted := deltas.missing_base(version.number, chain)) is not None:
        # One query fetches the longest chain the current interval makes.
        low = max(1, wanted - deltas.KEYFRAME_INTERVAL + 1)
        found = versions.filter(number__range=(low, wanted)).values(*part.fields)
        chain.rows.update((row["number"], stored(part, row)) for row in found)
        if wanted not in chain.rows:
            reason = f"version {wanted}, on which it is based, is missing"
            raise deltas.CorruptStorage(version.number, reason, part.name)
    return chain


def article_chain(part, versions):
    """A deltas.Chain of every row of `versions` (one article's) for `part`."""
    rows = {row["number"]: stored(part, row) for row in versions.values(*part.fields)}
    return _chain(part, rows)


def read(part, version):
    """What `version` archived, byte for byte; CorruptStorage otherwise."""
    return deltas.decode(version.number, chain_of(part, version))


def body_fields(body, after):
    """The Version fields that store `body` for the version after `after` (None: the first)."""
    number = after.number + 1 if after is not None else 1
    _, base = _previous(BODY, after)
    row = deltas.encode(number, body, base)
    return {
        "raw_body": row.data,
        "body_codec": row.codec,
        "body_base_number": row.base_number,
        "raw_body_hash": row.digest,
    }


def text_fields(number, title, text, previous):
    """The Version fields that store `text`, and the words search finds it by."""
    previous_text, base = _previous(TEXT, previous)
    row = deltas.encode(number, text.encode(), base, text_digest)
    before = f"{previous.title}\n{previous_text.decode()}" if previous_text is not None else ""
    return {
        "stored_text": row.data,
        "text_codec": row.codec,
        "text_base_number": row.base_number,
        "text_hash": row.digest,
        "plain_text": "",
        "search_words": words.added(before, f"{title}\n{text}"),
    }


def header_fields(pairs, after):
    """The Version fields that store the response headers, a delta on the previous ones'."""
    number = after.number + 1 if after is not None else 1
    recorded = after is not None and after.headers_codec
    _, base = _previous(HEADERS, after if recorded else None)
    row = deltas.encode(number, headers.pack(pairs), base)
    return {
        "response_headers": row.data,
        "headers_codec": row.codec,
        "headers_base_number": row.base_number,
    }


def read_headers(version):
    """[(name, value)], or None for a version archived before headers were kept."""
    if not version.headers_codec:
        return None
    try:
        return headers.unpack(read(HEADERS, version))
    except deltas.CorruptStorage as error:
        raise headers.CorruptHeaders(str(error)) from None


def _previous(part, previous):
    """(the previous version's bytes or None, the delta base or None).

    A delta while the previous chain is shorter than the keyframe interval;
    a keyframe otherwise, and whenever the previous version cannot be read,
    so a damaged row never spreads to the versions after it.
    """
    if previous is None:
        return None, None
    try:
        chain = chain_of(part, previous)
        data = deltas.decode(previous.number, chain)
    except deltas.CorruptStorage as error:
        log.warning("storing a keyframe after article=%s: %s", previous.article_id, error)
        return None, None
    if not data or deltas.needs_keyframe(deltas.chain_length(previous.number, chain)):
        return data, None  # an empty dictionary saves nothing
    return data, (previous.number, data)


def number_ranges(model, ranges, back_to_keyframe=None):
    """A filter() condition: the versions (rows of `model`) of each (article_id,
    lowest, highest) numbered from lowest to highest. With `back_to_keyframe`
    (a Part), each range starts instead at the newest row at or below its
    lowest that the part decodes from alone (on SQLite, KEYFRAME_INTERVAL - 1
    rows below its lowest): all of the chains the range needs.

    Written as SQL: Django took longer to build a Q of a hundred ORs than
    PostgreSQL took to answer it (a search reads a page of articles' chains at
    once). On PostgreSQL the ranges are three arrays, joined to the versions'
    (article_id, number) index: psycopg parses a statement of more than 50
    parameters again on every run, and the planner answered an EXISTS over
    the arrays with a scan of every version."""
    ranges = list(ranges)
    if not ranges:
        return Q(pk__in=[])
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        pk, low = model._meta.pk.column, "r.low"
        if back_to_keyframe:
            low = (
                f'COALESCE((SELECT max(k.number) FROM "{table}" k WHERE k.article_id = '  # noqa: S608
                f"r.article_id AND k.number <= r.low AND k.{back_to_keyframe.codec} <> "
                f"'{deltas.ZSTD_DELTA}'), 1)"
            )
        sql = (
            f'"{table}"."{pk}" IN (SELECT w."{pk}" FROM '  # noqa: S608 (constants)
            "unnest(%s::bigint[], %s::integer[], %s::integer[]) AS r(article_id, low, high) "
            f'JOIN "{table}" w ON w.article_id = r.article_id '
            f"AND w.number BETWEEN {low} AND r.high)"
        )
        params = [list(column) for column in zip(*ranges, strict=True)]
    else:
        if back_to_keyframe:
            before = deltas.KEYFRAME_INTERVAL - 1
            ranges = [(a, max(1, low - before), high) for a, low, high in ranges]
        one = f'("{table}".article_id = %s AND "{table}".number BETWEEN %s AND %s)'
        params = [value for one_range in ranges for value in one_range]
        sql = f"({' OR '.join([one] * len(ranges))})"
    return RawSQL(sql, params, output_field=BooleanField())  # noqa: S611 (constants, parameters)


def windows(versions, wanted, fields=()):
    """({article_id: {number: Stored}}, {(article_id, number): (values of `fields`)}):
    the text rows each wanted number needs, from its keyframe, in one query."""
    spans = ((article_id, min(numbers), max(numbers)) for article_id, numbers in wanted.items())
    rows, values = {}, {}
    # Unordered: Version's own order joins each row's article.
    found = versions.filter(number_ranges(versions.model, spans, TEXT)).order_by()
    for row in found.values("article_id", *fields, *TEXT.fields):
        rows.setdefault(row["article_id"], {})[row["number"]] = stored(TEXT, row)
        values[row["article_id"], row["number"]] = tuple(row[name] for name in fields)
    return rows, values


def _decode_all_of(chain, numbers):
    """{number: text} of those wanted that decode (deltas.decode_each)."""
    return {
        number: data.decode()
        for number, data in deltas.decode_each(chain, numbers)
        if not isinstance(data, deltas.CorruptStorage)
    }


def _decode_texts(versions, rows, wanted):
    texts = {}
    for article_id, numbers in wanted.items():
        chain = _chain(TEXT, rows.get(article_id, {}))
        if len(numbers) > 1:
            found = _decode_all_of(chain, numbers)
            texts.update(((article_id, number), text) for number, text in found.items())
            numbers = [number for number in numbers if number not in found]
        for number in numbers:
            try:
                if deltas.missing_base(number, chain) is not None:
                    # Stored under a longer keyframe interval: read the article's rows.
                    chain = article_chain(TEXT, versions.filter(article_id=article_id))
                texts[article_id, number] = deltas.decode(number, chain).decode()
            except deltas.CorruptStorage as error:
                log.warning("article=%s: %s", article_id, error)
    return texts


def read_texts(versions, wanted):
    """{(article_id, number): text} of the versions wanted ({article_id: [numbers]}).

    One query reads the chains of them all (for search, a page of articles
    at a time); a corrupt one is left out (verify_archive reports it).
    """
    return _decode_texts(versions, windows(versions, wanted)[0], wanted)


def read_versions(versions, wanted, fields):
    """{(article_id, number): (*values of `fields`, text)} of the versions wanted
    ({article_id: [numbers]}), as read_texts reads them, in the same one query."""
    rows, values = windows(versions, wanted, fields)
    texts = _decode_texts(versions, rows, wanted)
    return {key: (*values[key], text) for key, text in texts.items()}


def read_from(rows, values, article_id, numbers):
    """(number, (*values, text) or None) of these versions of one article, oldest
    first, from rows read already (windows' shape): None for one that does not
    decode (corrupt, or based on a row not read)."""
    chain = _chain(TEXT, rows.get(article_id, {}))
    for number, data in deltas.decode_each(chain, numbers):
        if isinstance(data, deltas.CorruptStorage):
            yield number, None
        else:
            yield number, (*values[article_id, number], data.decode())


def read_standalone(versions, ranges, fields):
    """{(article_id, number): (*values of `fields`, text)} of the versions in the
    ranges ((article_id, lowest, highest)) that stand alone, keyframes and rows
    stored before delta chains: one query, no chain (a corrupt one left out)."""
    ranges = list(ranges)
    found = (
        versions.filter(number_ranges(versions.model, ranges))
        .order_by()
        .exclude(**{TEXT.codec: deltas.ZSTD_DELTA})
    )
    rows, values = {}, {}
    for row in found.values("article_id", *fields, *TEXT.fields):
        rows.setdefault(row["article_id"], {})[row["number"]] = stored(TEXT, row)
        values[row["article_id"], row["number"]] = tuple(row[name] for name in fields)
    return standalone(rows, values, ranges)


def standalone(rows, values, ranges):
    """read_standalone of rows read already, in windows' shape."""
    found = {}
    for article_id, lowest, highest in ranges:
        for number, row in rows.get(article_id, {}).items():
            if row.is_delta or not lowest <= number <= highest:
                continue
            try:
                text = deltas.decode(number, _chain(TEXT, {number: row})).decode()
            except deltas.CorruptStorage as error:
                log.warning("article=%s: %s", article_id, error)
                continue
            found[article_id, number] = (*values[article_id, number], text)
    return found


def texts_of(loaded):
    """{(article_id, number): text} of versions already loaded, with at most one
    query for the rows their chains reach beyond them."""
    rows, wanted, missing = {}, {}, {}
    for version in loaded:
        rows.setdefault(version.article_id, {})[version.number] = _of_version(TEXT, version)
        wanted.setdefault(version.article_id, []).append(version.number)
    for article_id, numbers in wanted.items():
        chain = _chain(TEXT, rows[article_id])
        for number in numbers:
            try:
                base = deltas.missing_base(number, chain)
            except deltas.CorruptStorage:
                continue  # decoding says so
            if base is not None:
                missing.setdefault(article_id, []).append(base)
    manager = type(loaded[0]).objects
    if missing:
        for article_id, found in windows(manager, missing)[0].items():
            rows[article_id] = {**found, **rows[article_id]}
    return _decode_texts(manager, rows, wanted)
