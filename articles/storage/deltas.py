"""A version's body or text as its row keeps it, and back: zstd delta chains. Pure.

Consecutive fetches of one article are nearly the same page: the same
template, the same story give or take a sentence, new timestamps and ad
ids; consecutive texts differ by an edit. So each is stored as a zstd frame
compressed with the previous version's bytes as a raw-content dictionary (a
*delta*, tens to hundreds of bytes), and every KEYFRAME_INTERVAL versions
as a standalone frame (a *keyframe*), so reading any version decodes a
bounded chain.

A row says how its bytes are to be read (`codec`) and, for a delta, which
version of the same article its dictionary is (`base_number`). Rows stored
before (zlib bodies, plain texts) stay readable as they are. Everything
decoded is checked against the digest its row keeps: what comes back is
what was fetched, or CorruptStorage is raised, never other bytes.
"""

import hashlib
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import zstandard

ZLIB = "zlib"  # bodies stored before zstd: the whole body, zlib-compressed
PLAIN = "plain"  # texts stored before zstd: the whole text, as it is
ZSTD = "zstd"  # a keyframe: the whole body or text in one standalone zstd frame
ZSTD_DELTA = "zstd-delta"  # zstd with the base version's bytes as dictionary
CODECS = (ZLIB, PLAIN, ZSTD, ZSTD_DELTA)

# A keyframe every 32 versions. Measured with bench/storage.py on the 88
# real pages: a body keyframe takes 31 KB and a delta 0.9 KB (texts: 2.1 KB
# and 42 bytes), so one keyframe costs as much as 33 deltas, and each one
# beyond an article's first is what would take the archive past git's size
# (git keeps one whole copy per article, deltas up to 50 deep). The bench's
# articles have 5 to 20 versions, as most news stories settle within days:
# at 32 nearly every article keeps a single keyframe, as in git. The price
# is the read: the last of 32 versions decodes 32 frames, in one zstd call
# 0.26 ms for a 53 KB page (2.2 ms frame by frame, a context for each).
# Bodies are read to store the next version (its dictionary) and by
# verify_archive; texts two at a time for a comparison, and by search.
KEYFRAME_INTERVAL = 32
# Level 19: keyframes a seventh smaller than at the default level (3) on
# these pages; its cost (tens of milliseconds a body) is paid once per
# version, on a worker.
LEVEL = 19
# Each frame also carries zstd's checksum (4 bytes), so what has no digest
# of its own (headers) is checked too. Nothing stored is larger than this
# (the fetcher's cap is far lower): a corrupt frame header claiming more is
# refused rather than allocated.
MAX_BYTES = 64 * 1024 * 1024
# A zstd context costs about 18 µs to create, far more than a frame of a
# chain costs to decode in one (1.7 µs a 3 KB text, 3.4 µs a 30 KB body).
# So a version is decoded from its keyframe in one call, each link on the
# one before in the same context; one whose base was just decoded is
# decoded on it instead, with a context of its own, when its chain is
# longer than this.
_CHAIN_LINKS = 8
_contexts = threading.local()  # a context serves one thread at a time


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class CorruptStorage(Exception):
    """The stored bytes do not give back what was archived."""

    def __init__(self, number, reason, part="body"):
        super().__init__(f"the stored {part} of version {number} is corrupt: {reason}")
        self.number = number
        self.part = part
        self.reason = reason


@dataclass(frozen=True)
class Stored:
    """One version's body or text as its row keeps it."""

    number: int
    codec: str
    data: bytes
    base_number: int | None = None
    digest: str = ""  # of what was archived; "" on rows that never recorded it

    @property
    def is_delta(self):
        return self.codec == ZSTD_DELTA


@dataclass(frozen=True)
class Chain:
    """The stored rows of one part (body or text) of an article's versions."""

    rows: Mapping[int, Stored]
    part: str = "body"
    digest_of: Callable[[bytes], str] = sha256


def encode(number, data, base=None, digest_of=sha256):
    """Stored form of `data`: a delta against `base` (a (number, bytes) pair) if given."""
    if base is None:
        frame = zstandard.ZstdCompressor(level=LEVEL, write_checksum=True).compress(data)
        return Stored(number, ZSTD, frame, digest=digest_of(data))
    base_number, base_data = base
    compressor = zstandard.ZstdCompressor(
        level=LEVEL, dict_data=_dictionary(base_data), write_checksum=True
    )
    return Stored(number, ZSTD_DELTA, compressor.compress(data), base_number, digest_of(data))


def encode_history(history, digest_of=sha256):
    """[Stored] of a whole history ([(number, bytes)], oldest first) stored afresh:
    a keyframe first and whenever a chain is full, deltas on the previous between."""
    stored, length, previous = [], 0, None
    for number, data in history:
        delta = previous is not None and previous[1] and not needs_keyframe(length)
        row = encode(number, data, previous if delta else None, digest_of)
        length = length + 1 if delta else 1
        stored.append(row)
        previous = (number, data)
    return stored


def needs_keyframe(previous_chain_length):
    """Whether the next version must stand alone rather than be a delta."""
    return previous_chain_length + 1 > KEYFRAME_INTERVAL


def missing_base(number, chain: Chain):
    """The number of the first version the chain of `number` needs and does not hold."""
    wanted = number
    while wanted in chain.rows:
        row = chain.rows[wanted]
        if not row.is_delta:
            return None
        _check_base(row, chain)
        wanted = row.base_number
    return wanted


def chain_length(number, chain: Chain):
    """How many frames reading version `number` decodes (1 for a whole one)."""
    return len(_links(number, chain))


def decode(number, chain: Chain):
    """What version `number` archived; the chain holds its row and those it is based on."""
    return _decode_links(_links(number, chain), chain)


def _decode_links(links, chain):
    """The last link's bytes: a version's rows, its keyframe first."""
    data = _decoded_in_one_call(links, chain)
    if data is not None:
        return data
    # Slower, frame by frame, each checked: which row is corrupt, or bytes
    # stored before zstd.
    number = links[-1].number
    for row in links:
        try:
            data = _decode_verified(row, data, chain)
        except CorruptStorage as error:
            if row.number == number:
                raise
            reason = f"version {row.number}, on which it is based, is corrupt ({error.reason})"
            raise CorruptStorage(number, reason, chain.part) from error
    return data


def decode_each(chain: Chain, numbers) -> Iterator[tuple[int, bytes | CorruptStorage]]:
    """(number, bytes or CorruptStorage) for each of `numbers`, oldest first, decoded
    only as far as the iterator is read: each from its keyframe in one call, or on
    the one before it, just decoded, when that is cheaper (_CHAIN_LINKS)."""
    held = None  # (number, bytes, links) of the last one decoded
    for number in sorted(set(numbers)):
        row = chain.rows.get(number)
        try:
            on_held = held is not None and row is not None and row.is_delta
            if on_held and row.base_number == held[0]:
                links = [*held[2], row]  # its base's links, then its own row
                if len(links) > _CHAIN_LINKS:
                    data = _decode_verified(row, held[1], chain)
                else:
                    data = _decode_links(links, chain)
            else:
                links = _links(number, chain)
                data = _decode_links(links, chain)
        except CorruptStorage as error:
            held = None
            yield number, error
            continue
        held = (number, data, links)
        yield number, data


def decode_all(chain: Chain) -> Iterator[tuple[int, bytes | CorruptStorage]]:
    """(number, bytes or CorruptStorage) for every row, oldest first, each frame decoded once.

    A version's bytes are held only until the last delta based on them is
    read, so an article's whole history costs a few bodies of memory.
    """
    waiting = Counter(row.base_number for row in chain.rows.values() if row.is_delta)
    held = {}
    for number in sorted(chain.rows):
        row = chain.rows[number]
        try:
            data = _decode_after_base(row, held, chain)
        except CorruptStorage as error:
            data = error
        yield number, data
        if waiting[number]:
            held[number] = data
        if row.is_delta:
            waiting[row.base_number] -= 1
            if not waiting[row.base_number]:
                held.pop(row.base_number, None)


def _decode_after_base(row, held, chain):
    if not row.is_delta:
        return _decode_verified(row, None, chain)
    _check_base(row, chain)
    base = held.get(row.base_number)
    if isinstance(base, CorruptStorage):
        reason = f"version {row.base_number}, on which it is based, is corrupt"
        raise CorruptStorage(row.number, reason, chain.part)
    if base is None:  # its base is not among the rows: decode() says so
        return decode(row.number, chain)
    return _decode_verified(row, base, chain)


def _links(number, chain):
    """The rows to decode for version `number`, its keyframe first."""
    rows = []
    wanted = number
    while True:
        row = chain.rows.get(wanted)
        if row is None:
            reason = f"version {wanted}, on which it is based, is missing"
            raise CorruptStorage(number, reason, chain.part)
        rows.append(row)
        if not row.is_delta:
            return rows[::-1]
        _check_base(row, chain)
        wanted = row.base_number


def _check_base(row, chain):
    # Bases are always earlier versions, so a chain cannot loop.
    if row.base_number is None or row.base_number >= row.number:
        raise CorruptStorage(row.number, f"its base is version {row.base_number}", chain.part)


def _context():
    context = getattr(_contexts, "decompressor", None)
    if context is None:
        context = _contexts.decompressor = zstandard.ZstdDecompressor()
    return context


def _decoded_in_one_call(links, chain):
    """The last link's bytes, its chain of zstd frames decoded in one call and
    checked against its digest; None where that cannot tell (no digest, bytes
    stored before zstd, a frame that does not decode): decode() then goes frame
    by frame and says which row is corrupt."""
    last = links[-1]
    if not last.digest or links[0].codec != ZSTD:
        return None
    if any(row.codec != ZSTD_DELTA for row in links[1:]):
        return None
    frames = [row.data for row in links]
    try:
        if not all(0 <= zstandard.frame_content_size(frame) <= MAX_BYTES for frame in frames):
            return None
        data = _context().decompress_content_dict_chain(frames)
    except zstandard.ZstdError:
        return None
    return data if chain.digest_of(data) == last.digest else None


def _decode_verified(row, base, chain):
    data = _decode_one(row, base, chain.part)
    if row.digest and chain.digest_of(data) != row.digest:
        raise CorruptStorage(row.number, "what it decodes to does not match its hash", chain.part)
    return data


def _decode_one(row, base, part):
    if row.codec == PLAIN:
        return row.data
    if row.codec == ZLIB:
        try:
            return zlib.decompress(row.data) if row.data else b""
        except zlib.error as error:
            raise CorruptStorage(row.number, f"zlib: {error}", part) from None
    if row.codec not in CODECS:
        raise CorruptStorage(row.number, f"unknown codec {row.codec!r}", part)
    try:
        size = zstandard.frame_content_size(row.data)
        if not 0 <= size <= MAX_BYTES:
            raise CorruptStorage(row.number, f"its frame claims {size} bytes", part)
        if not row.is_delta:
            return _context().decompress(row.data)
        return zstandard.ZstdDecompressor(dict_data=_dictionary(base)).decompress(row.data)
    except zstandard.ZstdError as error:
        raise CorruptStorage(row.number, f"zstd: {error}", part) from None


def _dictionary(data):
    return zstandard.ZstdCompressionDict(data, dict_type=zstandard.DICT_TYPE_RAWCONTENT)


def compress_copy(data, level=3):
    """A standalone zstd frame of `data`: a second copy kept for speed
    (articles.latesttexts), where a fast level beats a small frame."""
    return zstandard.ZstdCompressor(level=level, write_checksum=True).compress(data)


def decompress_copy(number, frame, part="text copy"):
    """What compress_copy stored; CorruptStorage if the frame does not give it back."""
    try:
        size = zstandard.frame_content_size(frame)
        if not 0 <= size <= MAX_BYTES:
            raise CorruptStorage(number, f"its frame claims {size} bytes", part)
        return _context().decompress(frame)
    except zstandard.ZstdError as error:
        raise CorruptStorage(number, f"zstd: {error}", part) from None
