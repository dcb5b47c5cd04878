"""Versions stored as delta chains, through real checks of the local news site."""

import random
import zlib
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import requests
from django.core.management import CommandError, call_command

from articles import textnorm
from articles.checking.check import check_article
from articles.fetching import Fetcher
from articles.models import Check, Version
from articles.reader import search
from articles.storage import archive, deltas
from articles.storage.headers import CorruptHeaders
from newsroom.stories import random_edit

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SLUG = "harbour-bridge-closure"


@pytest.fixture
def short_chains(monkeypatch):
    """A keyframe every 4 versions, so a short history holds several chains."""
    monkeypatch.setattr(deltas, "KEYFRAME_INTERVAL", 4)


def checked_history(article, newsroom, edits, seed=7):
    """Check the article, then edit and check it `edits` times; the outcomes."""
    rng = random.Random(seed)
    outcomes = [check_article(article.pk, Fetcher(), now=NOW).outcome]
    for n in range(1, edits + 1):
        with newsroom.lock:
            random_edit(newsroom.story(SLUG), rng)
        later = NOW + timedelta(minutes=15 * n)
        outcomes.append(check_article(article.pk, Fetcher(), now=later).outcome)
    return outcomes


def make_legacy(article):
    """Store the article's versions as before delta chains: zlib bodies, plain texts."""
    for version in article.versions.order_by("number"):
        body, text = version.raw_html(), version.text
        Version.objects.filter(pk=version.pk).update(
            raw_body=zlib.compress(body),
            body_codec="zlib",
            body_base_number=None,
            plain_text=text,
            stored_text=b"",
            text_codec="plain",
            text_base_number=None,
            search_words="",
            response_headers=b"",
            headers_codec="",
            headers_base_number=None,
        )


def flip_a_byte(version, field):
    data = bytearray(getattr(version, field))
    data[len(data) // 2] ^= 0x40
    Version.objects.filter(pk=version.pk).update(**{field: bytes(data)})


def test_every_version_of_a_history_reads_back_byte_for_byte(track, newsroom, short_chains):
    article = track(SLUG)
    checked_history(article, newsroom, edits=10)
    versions = list(article.versions.order_by("number"))
    assert len(versions) == 11
    assert [v.body_codec for v in versions[:6]] == ["zstd"] + ["zstd-delta"] * 3 + [
        "zstd",
        "zstd-delta",
    ]
    assert max(v.body_base_number or 0 for v in versions) == 10
    for version in Version.objects.filter(article=article):
        assert textnorm.bytes_hash(version.raw_html()) == version.raw_body_hash
        assert textnorm.text_hash(version.text) == version.text_hash
    served = requests.get(newsroom.article_url(SLUG), timeout=5).content
    assert versions[-1].raw_html() == served
    assert versions[-1].text == "\n\n".join(newsroom.story(SLUG).paragraphs)


def test_a_version_is_a_small_delta_on_the_one_before(track, newsroom):
    article = track(SLUG)
    checked_history(article, newsroom, edits=2)
    first, second, _ = article.versions.order_by("number")
    assert (second.body_codec, second.body_base_number) == ("zstd-delta", 1)
    assert (second.text_codec, second.text_base_number) == ("zstd-delta", 1)
    assert len(second.raw_body) < len(first.raw_body) / 3
    assert second.plain_text == ""


def test_the_response_headers_of_a_real_fetch_are_kept(track, newsroom):
    article = track(SLUG)
    check_article(article.pk, Fetcher(), now=NOW)
    pairs = article.latest_version().header_pairs()
    names = [name for name, _ in pairs]
    assert ("ETag", f'"{SLUG}-1"') in pairs
    assert ("Content-Type", "text/html; charset=utf-8") in pairs
    assert "Last-Modified" in names
    assert "Date" in names


def test_storage_does_not_change_which_versions_are_made(track, newsroom, short_chains):
    article = track(SLUG)
    story = newsroom.story(SLUG)
    original = list(story.paragraphs)
    outcomes = [check_article(article.pk, Fetcher(), now=NOW).outcome]

    def edit_and_check(minutes, **changes):
        newsroom.edit(SLUG, **changes)
        later = NOW + timedelta(minutes=minutes)
        outcomes.append(check_article(article.pk, Fetcher(), now=later).outcome)

    edit_and_check(15)  # a new revision, the same words
    edit_and_check(30, paragraphs=[original[0].upper(), *original[1:]])
    edit_and_check(45, paragraphs=[*original, "A ferry service will run every twenty minutes."])
    make_legacy(article)  # the versions so far stored before delta chains
    edit_and_check(60, paragraphs=original)  # back to version 1's words
    edit_and_check(75, paragraphs=[*original, "Tickets are free."])
    assert outcomes == [
        Check.Outcome.NEW_VERSION,
        Check.Outcome.UNCHANGED,
        Check.Outcome.BORING,
        Check.Outcome.NEW_VERSION,
        Check.Outcome.NEW_VERSION,
        Check.Outcome.NEW_VERSION,
    ]
    versions = list(article.versions.order_by("number"))
    assert versions[3].reverts_to.number == 1
    assert versions[2].header_pairs() is None  # stored before headers were kept
    assert [(v.headers_codec, v.headers_base_number) for v in versions[3:]] == [
        ("zstd", None),
        ("zstd-delta", 4),
    ]
    assert ("ETag", f'"{SLUG}-6"') in versions[4].header_pairs()
    assert (versions[3].text_codec, versions[3].text_base_number) == ("zstd-delta", 3)
    assert [v.text for v in versions[3:]] == [
        "\n\n".join(original),
        "\n\n".join([*original, "Tickets are free."]),
    ]


def test_a_flipped_byte_in_a_stored_delta_is_reported_never_served(track, newsroom):
    article = track(SLUG)
    checked_history(article, newsroom, edits=3)
    third = article.versions.get(number=3)
    flip_a_byte(third, "raw_body")
    with pytest.raises(deltas.CorruptStorage, match="stored body of version 3 is corrupt"):
        article.versions.get(number=3).raw_html()
    with pytest.raises(deltas.CorruptStorage, match="version 3, on which it is based"):
        article.versions.get(number=4).raw_html()
    assert article.versions.get(number=2).raw_html()
    out = StringIO()
    with pytest.raises(CommandError, match="2 corrupt versions"):
        call_command("verify_archive", stdout=out)
    reported = [line for line in out.getvalue().splitlines() if line.startswith("CORRUPT")]
    assert [line.split(")")[0].split(", ")[1] for line in reported] == ["version 3", "version 4"]
    assert f"CORRUPT version {third.pk} (article {article.pk}, version 3)" in out.getvalue()


def test_a_corrupt_text_is_reported_and_not_shown_as_the_text(track, newsroom, admin_client):
    article = track(SLUG)
    checked_history(article, newsroom, edits=2)
    second = article.versions.get(number=2)
    flip_a_byte(second, "stored_text")
    with pytest.raises(deltas.CorruptStorage, match="stored text of version 2"):
        _ = article.versions.get(number=2).text
    with pytest.raises(CommandError):
        call_command("verify_archive", stdout=StringIO())
    page = admin_client.get(f"/admin/articles/version/{second.pk}/change/").content.decode()
    assert "stored text of version 2 is corrupt" in page


def test_corrupt_headers_are_reported(track, newsroom, admin_client):
    article = track(SLUG)
    checked_history(article, newsroom, edits=2)
    second = article.versions.get(number=2)
    assert second.headers_codec == "zstd-delta"
    flip_a_byte(second, "response_headers")
    with pytest.raises(CorruptHeaders, match="stored headers of version 2 is corrupt"):
        article.versions.get(number=2).header_pairs()
    out = StringIO()
    with pytest.raises(CommandError, match="2 corrupt versions"):
        call_command("verify_archive", stdout=out)
    assert "version 2, on which it is based, is corrupt" in out.getvalue()
    page = admin_client.get(f"/admin/articles/version/{second.pk}/change/").content.decode()
    assert "stored headers of version 2 is corrupt" in page


def test_a_sound_archive_verifies_rows_stored_before_too(track, newsroom):
    article, older = track(SLUG), track("library-opening-hours")
    checked_history(article, newsroom, edits=2)
    check_article(older.pk, Fetcher(), now=NOW)
    make_legacy(older)
    out = StringIO()
    call_command("verify_archive", stdout=out)
    assert "every version reads back whole" in out.getvalue()


def test_compact_archive_converts_older_rows_and_is_idempotent(track, newsroom, short_chains):
    article = track(SLUG)
    checked_history(article, newsroom, edits=5)
    before = [(v.raw_html(), v.text) for v in article.versions.order_by("number")]
    make_legacy(article)
    assert archive.articles_stored_before() == [article.pk]
    out = StringIO()
    call_command("compact_archive", stdout=out)
    assert "1 articles stored as delta chains (6 versions)" in out.getvalue()
    versions = list(article.versions.order_by("number"))
    assert [v.body_codec for v in versions] == ["zstd"] + ["zstd-delta"] * 3 + [
        "zstd",
        "zstd-delta",
    ]
    assert [v.text_codec for v in versions] == [v.body_codec for v in versions]
    assert [(v.raw_html(), v.text) for v in versions] == before
    assert all(v.plain_text == "" for v in versions)
    assert versions[0].search_words.startswith("harbour bridge")
    out = StringIO()
    call_command("compact_archive", stdout=out)
    assert "0 articles stored" in out.getvalue()
    assert [(v.raw_html(), v.text) for v in article.versions.order_by("number")] == before


def test_compact_archive_can_stop_anywhere_and_carry_on(track, newsroom, monkeypatch):
    first, second = track(SLUG), track("library-opening-hours")
    for article in (first, second):
        check_article(article.pk, Fetcher(), now=NOW)
        make_legacy(article)
    compact = archive.compact_article

    def interrupted(article_id):
        if article_id == second.pk:
            raise KeyboardInterrupt
        return compact(article_id)

    monkeypatch.setattr(archive, "compact_article", interrupted)
    with pytest.raises(KeyboardInterrupt):
        call_command("compact_archive", stdout=StringIO())
    assert archive.articles_stored_before() == [second.pk]
    monkeypatch.setattr(archive, "compact_article", compact)
    call_command("compact_archive", stdout=StringIO())
    assert archive.articles_stored_before() == []


def test_compact_archive_leaves_a_corrupt_article_as_it_was(track, newsroom):
    article = track(SLUG)
    checked_history(article, newsroom, edits=1)
    make_legacy(article)
    flip_a_byte(article.versions.get(number=2), "raw_body")
    err = StringIO()
    call_command("compact_archive", stdout=StringIO(), stderr=err)
    assert f"article {article.pk} left as it was" in err.getvalue()
    assert set(article.versions.values_list("body_codec", flat=True)) == {"zlib"}


def test_search_finds_versions_stored_before_and_after_compaction(track, newsroom):
    article = track(SLUG)
    checked_history(article, newsroom, edits=1)
    make_legacy(article)
    word = newsroom.story(SLUG).paragraphs[0].split()[2]
    assert [r.version.number for r in search.search(word, limit=5)] == [2]
    call_command("compact_archive", stdout=StringIO())
    assert [r.version.number for r in search.search(word, limit=5)] == [2]


def test_versions_written_without_save_keep_their_text_plain(track):
    article = track(SLUG)
    Version.objects.bulk_create(
        [Version(article=article, number=1, text="Kept.", text_hash=textnorm.text_hash("Kept."))]
    )
    version = article.versions.get()
    assert (version.text_codec, version.text) == ("plain", "Kept.")


def test_a_page_with_a_corrupt_text_answers_the_error_page_not_garbage(track, newsroom, client):
    article = track(SLUG)
    checked_history(article, newsroom, edits=1)
    flip_a_byte(article.versions.get(number=2), "stored_text")
    client.raise_request_exception = False
    response = client.get(f"/articles/{article.pk}/diff/1/2/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_after_a_damaged_version_the_next_one_is_stored_whole(track, newsroom):
    article = track(SLUG)
    checked_history(article, newsroom, edits=1)
    flip_a_byte(article.versions.get(number=2), "raw_body")
    checked_history(article, newsroom, edits=1, seed=8)
    third = article.versions.get(number=3)
    assert (third.body_codec, third.body_base_number) == ("zstd", None)
    assert textnorm.bytes_hash(third.raw_html()) == third.raw_body_hash
