"""The pure storage code: delta chains of bodies and texts, headers, search words."""

import zlib

import pytest

from articles.storage import deltas, headers, words

PAGE = b"<!DOCTYPE html><html><head><title>Harbour bridge</title></head><body>" + b"".join(
    b"<p>Paragraph %d of the story, with words enough to be a real page.</p>" % n
    for n in range(200)
)


def edited(n):
    """The page after n edits: a sentence reworded, a timestamp and an ad id changed."""
    page = PAGE.replace(b"Paragraph 7 ", b"Paragraph seven (edit %d) " % n)
    return page + b"<footer>Updated %d minutes ago; ad %08x</footer></body></html>" % (n, n * 7919)


def stored_history(count, interval=None, monkeypatch=None):
    if interval:
        monkeypatch.setattr(deltas, "KEYFRAME_INTERVAL", interval)
    history = [(n, edited(n)) for n in range(1, count + 1)]
    rows = deltas.encode_history(history)
    return history, deltas.Chain({row.number: row for row in rows})


def test_a_history_is_a_keyframe_then_small_deltas_on_the_previous_version():
    history, chain = stored_history(5)
    rows = [chain.rows[n] for n in range(1, 6)]
    assert [r.codec for r in rows] == ["zstd"] + ["zstd-delta"] * 4
    assert [r.base_number for r in rows] == [None, 1, 2, 3, 4]
    assert all(len(r.data) < len(rows[0].data) / 5 for r in rows[1:])
    assert all(r.digest == deltas.sha256(body) for r, (_, body) in zip(rows, history, strict=True))


def test_every_version_decodes_byte_for_byte(monkeypatch):
    history, chain = stored_history(11, interval=4, monkeypatch=monkeypatch)
    for number, body in history:
        assert deltas.decode(number, chain) == body
    assert dict(deltas.decode_all(chain)) == dict(history)


def test_a_keyframe_starts_each_chain_so_reads_stay_bounded(monkeypatch):
    _, chain = stored_history(11, interval=4, monkeypatch=monkeypatch)
    keyframes = [n for n, row in sorted(chain.rows.items()) if row.codec == deltas.ZSTD]
    assert keyframes == [1, 5, 9]
    assert max(deltas.chain_length(n, chain) for n in chain.rows) == 4


def test_reading_some_versions_decodes_only_their_chains(monkeypatch):
    history, chain = stored_history(11, interval=4, monkeypatch=monkeypatch)
    # Keyframes at 1, 5 and 9: versions 5 and 10 need 5, then 9 and 10.
    needed = deltas.Chain({n: chain.rows[n] for n in (5, 9, 10)})
    decoded = dict(deltas.decode_each(needed, [10, 5]))
    assert decoded == {n: body for n, body in history if n in (5, 10)}


def test_versions_read_in_turn_decode_alike_from_their_keyframe_or_their_base(monkeypatch):
    history, chain = stored_history(12, interval=12, monkeypatch=monkeypatch)
    # With chains longer than this, a version is decoded on its base just read.
    monkeypatch.setattr(deltas, "_CHAIN_LINKS", 3)
    assert dict(deltas.decode_each(chain, range(1, 13))) == dict(history)
    assert dict(deltas.decode_each(chain, [2, 7, 12])) == {n: history[n - 1][1] for n in (2, 7, 12)}


def test_a_version_whose_chain_is_broken_is_reported_and_the_others_read(monkeypatch):
    history, chain = stored_history(6, interval=4, monkeypatch=monkeypatch)
    broken = deltas.Chain({n: row for n, row in chain.rows.items() if n != 5})
    decoded = dict(deltas.decode_each(broken, [2, 6]))
    assert decoded[2] == history[1][1]
    assert "version 5, on which it is based, is missing" in str(decoded[6])
    with pytest.raises(deltas.CorruptStorage):
        deltas.decode(6, broken)


def test_a_chain_whose_last_row_has_no_digest_is_read_frame_by_frame():
    history, chain = stored_history(4)
    chain.rows[4] = deltas.Stored(4, deltas.ZSTD_DELTA, chain.rows[4].data, 3)
    assert deltas.decode(4, chain) == history[3][1]
    chain.rows[2] = flipped(chain.rows[2])
    with pytest.raises(deltas.CorruptStorage, match="version 2, on which it is based"):
        deltas.decode(4, chain)


def test_rows_stored_before_read_as_they_are():
    body, text = edited(1), "The text.\n\nIn two paragraphs."
    old_body = deltas.Stored(1, deltas.ZLIB, zlib.compress(body), digest=deltas.sha256(body))
    no_body = deltas.Stored(2, deltas.ZLIB, b"")
    assert deltas.decode(1, deltas.Chain({1: old_body})) == body
    assert deltas.decode(2, deltas.Chain({2: no_body})) == b""
    old_text = deltas.Stored(1, deltas.PLAIN, text.encode())
    assert deltas.decode(1, deltas.Chain({1: old_text}, "text")) == text.encode()


def test_a_delta_on_a_row_stored_before_decodes():
    first, second = edited(1), edited(2)
    old = deltas.Stored(1, deltas.ZLIB, zlib.compress(first), digest=deltas.sha256(first))
    new = deltas.encode(2, second, base=(1, first))
    assert deltas.decode(2, deltas.Chain({1: old, 2: new})) == second


def flipped(row, at=None):
    data = bytearray(row.data)
    data[len(data) // 2 if at is None else at] ^= 0x40
    return deltas.Stored(row.number, row.codec, bytes(data), row.base_number, row.digest)


def test_a_flipped_byte_in_a_delta_is_corrupt_never_other_bytes():
    _, chain = stored_history(4)
    chain.rows[3] = flipped(chain.rows[3])
    with pytest.raises(deltas.CorruptStorage, match="version 3 is corrupt"):
        deltas.decode(3, chain)


def test_versions_based_on_a_corrupt_one_are_corrupt_too_and_the_others_read():
    history, chain = stored_history(5)
    chain.rows[2] = flipped(chain.rows[2])
    results = dict(deltas.decode_all(chain))
    assert results[1] == history[0][1]
    assert all(isinstance(results[n], deltas.CorruptStorage) for n in (2, 3, 4, 5))
    assert "version 2, on which it is based, is corrupt" in str(results[3])
    with pytest.raises(deltas.CorruptStorage, match="the stored body of version 4"):
        deltas.decode(4, chain)


@pytest.mark.parametrize(
    "damage",
    [
        lambda row: deltas.Stored(
            row.number, row.codec, row.data[:-3], row.base_number, row.digest
        ),
        lambda row: deltas.Stored(row.number, row.codec, b"junk", row.base_number, row.digest),
        lambda row: deltas.Stored(row.number, "lzma", row.data, row.base_number, row.digest),
        lambda row: deltas.Stored(row.number, row.codec, row.data, row.number, row.digest),
        lambda row: flipped(row, at=5),  # the frame header: its claimed size
    ],
    ids=["truncated", "garbage", "unknown codec", "based on itself", "header"],
)
def test_damage_of_any_kind_is_reported(damage):
    _, chain = stored_history(3)
    chain.rows[2] = damage(chain.rows[2])
    with pytest.raises(deltas.CorruptStorage):
        deltas.decode(2, chain)


def test_a_missing_base_is_reported_and_can_be_asked_for():
    _, chain = stored_history(4)
    del chain.rows[2]
    assert deltas.missing_base(4, chain) == 2
    assert deltas.missing_base(1, chain) is None
    with pytest.raises(deltas.CorruptStorage, match="version 2, on which it is based, is missing"):
        deltas.decode(4, chain)


def test_a_corrupt_zlib_row_is_reported():
    row = deltas.Stored(1, deltas.ZLIB, b"not zlib at all")
    with pytest.raises(deltas.CorruptStorage, match="zlib"):
        deltas.decode(1, deltas.Chain({1: row}))


def test_texts_are_checked_with_their_own_hash():
    def text_digest(data):
        return "text:" + deltas.sha256(data)

    rows = deltas.encode_history([(1, b"One."), (2, b"One. Two.")], text_digest)
    chain = deltas.Chain({r.number: r for r in rows}, "text", text_digest)
    assert deltas.decode(2, chain) == b"One. Two."
    chain.rows[2] = deltas.Stored(2, rows[1].codec, rows[1].data, 1, "text:0")
    with pytest.raises(deltas.CorruptStorage, match="stored text of version 2"):
        deltas.decode(2, chain)


def test_an_empty_version_is_stored_whole_and_the_next_too():
    rows = deltas.encode_history([(1, b""), (2, b"Now a page.")])
    assert [r.codec for r in rows] == ["zstd", "zstd"]
    assert deltas.decode(2, deltas.Chain({r.number: r for r in rows})) == b"Now a page."


def test_headers_keep_order_and_repeated_names():
    pairs = [("Set-Cookie", "a=1"), ("Content-Type", "text/html"), ("Set-Cookie", "b=2; Secure")]
    assert headers.unpack(headers.pack(pairs)) == pairs
    assert headers.unpack(headers.pack([("X-Name", "Zoë")])) == [("X-Name", "Zoë")]


@pytest.mark.parametrize("data", [b"junk", b'{"a": 1}', b"[[1]]", b"\xff"])
def test_unreadable_headers_are_reported(data):
    with pytest.raises(headers.CorruptHeaders):
        headers.unpack(data)


def test_frames_carry_a_checksum_so_parts_without_a_digest_are_checked_too():
    rows = deltas.encode_history([(1, b"Date: Monday"), (2, b"Date: Tuesday")], lambda _: "")
    chain = deltas.Chain({r.number: r for r in rows}, "headers")
    assert deltas.decode(2, chain) == b"Date: Tuesday"
    chain.rows[2] = flipped(chain.rows[2], at=len(chain.rows[2].data) - 6)
    with pytest.raises(deltas.CorruptStorage, match="stored headers of version 2"):
        deltas.decode(2, chain)


def test_search_words_are_those_the_previous_version_lacked():
    assert words.distinct("The ferry, the FERRY and the bridge") == [
        "the",
        "ferry",
        "and",
        "bridge",
    ]
    assert words.added("", "Harbour bridge") == "harbour bridge"
    assert (
        words.added("Harbour bridge closes", "Harbour bridge closes; a ferry runs")
        == "a ferry runs"
    )
    assert words.added("A ferry runs", "A ferry") == ""
