"""Whole articles at a time: storing their versions afresh, and checking them.

The work of `manage.py compact_archive` and `manage.py verify_archive`,
one article a call, so either command can stop anywhere and start again.
"""

from django.db import transaction
from django.db.models import Q

from articles.models import Article, Version
from articles.storage import chains, deltas, headers, words

STORED_FIELDS = [
    "raw_body",
    "body_codec",
    "body_base_number",
    "raw_body_hash",
    "plain_text",
    "stored_text",
    "text_codec",
    "text_base_number",
    "text_hash",
    "search_words",
    "search_vector",
]


def articles_stored_before():
    """Ids of the articles with versions stored before delta chains (zlib, plain)."""
    older = Q(body_codec=Version.BodyCodec.ZLIB) | Q(text_codec=Version.TextCodec.PLAIN)
    ids = Version.objects.filter(older).order_by().values_list("article_id", flat=True)
    return sorted(set(ids))


def articles_with_versions():
    return list(
        Article.objects.filter(versions__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
        .order_by("pk")
    )


def _decoded(part, versions):
    """{number: bytes} of every version; the first CorruptStorage found is raised."""
    decoded = {}
    for number, data in deltas.decode_all(chains.article_chain(part, versions)):
        if isinstance(data, deltas.CorruptStorage):
            raise data
        decoded[number] = data
    return decoded


def compact_article(article_id):
    """Store an article's versions afresh as zstd delta chains; the number rewritten.

    One transaction under the article's row lock, so a check storing a new
    version waits. CorruptStorage, and nothing changed, if a version cannot
    be read back exactly: a damaged row is never re-stored as if it were good.
    """
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article_id).first()
        versions = Version.objects.filter(article_id=article_id)
        bodies = _decoded(chains.BODY, versions)
        texts = _decoded(chains.TEXT, versions)
        rows = list(versions.order_by("number"))
        body_rows = deltas.encode_history([(v.number, bodies[v.number]) for v in rows])
        text_rows = deltas.encode_history(
            [(v.number, texts[v.number]) for v in rows], chains.text_digest
        )
        before = ""
        for version, body, text in zip(rows, body_rows, text_rows, strict=True):
            version.raw_body, version.body_codec = body.data, body.codec
            version.body_base_number, version.raw_body_hash = body.base_number, body.digest
            version.stored_text, version.text_codec = text.data, text.codec
            version.text_base_number, version.text_hash = text.base_number, text.digest
            version.plain_text = ""
            now = f"{version.title}\n{texts[version.number].decode()}"
            version.search_words, before = words.added(before, now), now
            version.search_vector = None  # indexed afresh, after commit
        Version.objects.bulk_update(rows, STORED_FIELDS, batch_size=100)
        return len(rows)


def corrupt_versions(article_id):
    """[(version, message)] of the article's versions whose body, text or headers
    do not read back as archived (each body and text against its SHA-256)."""
    versions = Version.objects.filter(article_id=article_id)
    found = {}
    for part in (chains.BODY, chains.TEXT):
        for number, data in deltas.decode_all(chains.article_chain(part, versions)):
            if isinstance(data, deltas.CorruptStorage):
                found.setdefault(number, []).append(str(data))
    recorded = versions.exclude(headers_codec="")
    for number, data in deltas.decode_all(chains.article_chain(chains.HEADERS, recorded)):
        try:
            if isinstance(data, deltas.CorruptStorage):
                raise data
            headers.unpack(data)
        except (deltas.CorruptStorage, headers.CorruptHeaders) as error:
            found.setdefault(number, []).append(str(error))
    by_number = {v.number: v for v in versions.filter(number__in=found)}
    return [(by_number[n], "; ".join(found[n])) for n in sorted(found)]


def responses(article_id):
    """(number, body, header pairs) of every version of the article, oldest first,
    each stored frame decoded once (reading versions one by one decodes each
    delta chain again for every version on it). The body is a CorruptStorage,
    the pairs None (not recorded) or a CorruptHeaders, where they do not read back."""
    versions = Version.objects.filter(article_id=article_id)
    bodies = deltas.decode_all(chains.article_chain(chains.BODY, versions))
    recorded = versions.exclude(headers_codec="")
    found = deltas.decode_all(chains.article_chain(chains.HEADERS, recorded))
    pending = next(found, None)
    for number, body in bodies:
        pairs = None
        if pending is not None and pending[0] == number:
            pairs, pending = _unpacked(pending[1]), next(found, None)
        yield number, body, pairs


def _unpacked(data):
    if isinstance(data, deltas.CorruptStorage):
        return headers.CorruptHeaders(str(data))
    try:
        return headers.unpack(data)
    except headers.CorruptHeaders as error:
        return error


def texts(article_id):
    """(number, text or CorruptStorage) of every version of the article, oldest first,
    each stored frame decoded once: for exports, which read every version."""
    versions = Version.objects.filter(article_id=article_id)
    for number, data in deltas.decode_all(chains.article_chain(chains.TEXT, versions)):
        yield number, data if isinstance(data, deltas.CorruptStorage) else data.decode()
