"""Extraction takes bounded work: a page beyond its bounds is refused as too big to extract."""

import mmap
import os
import signal
import threading
import time

import pytest

from articles.checking.bounded import ExtractorCrashed, extract_bounded
from articles.extraction import ExtractionError
from articles.extraction.limits import (
    MAX_TAGS,
    MAX_TEXT_RUN_CHARS,
    PageTooComplex,
    complexity_problem,
)

STORY = "harbour-bridge-closure"


def single_text_node(chars):
    """A page whose article is one paragraph of `chars` characters, no tag inside."""
    return f"<html><body><article><p>{'word ' * (chars // 5)}</p></article></body></html>"


def many_paragraphs(count):
    """Ordinary markup, a lot of it: cheap to measure, slow to score."""
    paragraph = "<div><p>Some words in a paragraph of the story, and a few more.</p></div>"
    return f"<html><body><article>{paragraph * count}</article></body></html>"


def test_a_long_text_run_is_measured_before_parsing():
    problem = complexity_problem(single_text_node(4_500_000))

    assert problem == (
        "it has a run of 4,500,000 characters of text with no tag "
        f"(the limit is {MAX_TEXT_RUN_CHARS:,})"
    )
    assert complexity_problem(single_text_node(MAX_TEXT_RUN_CHARS - 10)) is None


def test_too_many_tags_are_measured_before_parsing():
    page = "<b></b>" * (MAX_TAGS // 2 + 1)

    assert complexity_problem(page) == f"it has {MAX_TAGS + 2:,} tags (the limit is {MAX_TAGS:,})"
    assert complexity_problem("<b></b>" * (MAX_TAGS // 2)) is None


def test_scripts_styles_comments_and_attributes_are_not_text():
    data = "x" * (MAX_TEXT_RUN_CHARS + 1)
    page = (
        f"<script>{data}</script><SCRIPT type='json'>{data}</SCRIPT ><style>{data}</style>"
        f"<!--{data}--><template>{data}</template><img src='data:image/png;base64,{data}'>"
        "<p>The story.</p>"
    )

    assert complexity_problem(page) is None


def test_hostile_markup_is_measured_in_one_pass():
    unclosed = "<script>" * 50_000 + "x" * 3_000_000
    no_closing_bracket = "a<b " * 50_000 + "x" * 3_000_000

    started = time.monotonic()
    assert complexity_problem(unclosed) is None
    assert complexity_problem(no_closing_bracket) is None
    assert time.monotonic() - started < 2


def test_a_page_within_bounds_is_extracted_as_extract_would(settings):
    page = many_paragraphs(30).encode()

    content = extract_bounded(page, url="https://example.com/story")

    assert content.text.startswith("Some words in a paragraph of the story")
    assert len(content.paragraphs()) == 30


def test_a_page_with_no_article_is_still_an_extraction_error():
    with pytest.raises(ExtractionError) as caught:
        extract_bounded(b"<html><body><nav>Home</nav></body></html>")

    assert not isinstance(caught.value, PageTooComplex)


def test_a_slow_extraction_is_stopped_at_the_time_bound(settings):
    settings.NEWSDIFFS_EXTRACTION_SECONDS = 0.5
    page = many_paragraphs(10_000)
    assert complexity_problem(page) is None  # only the clock can stop this one

    started = time.monotonic()
    with pytest.raises(PageTooComplex) as caught:
        extract_bounded(page.encode())

    assert time.monotonic() - started < 3
    assert "took longer than 0.5 s (NEWSDIFFS_EXTRACTION_SECONDS)" in str(caught.value)


def test_the_time_bound_holds_on_a_worker_thread(settings):
    """In-process jobs run on a thread, where no signal can interrupt them."""
    settings.NEWSDIFFS_EXTRACTION_SECONDS = 0.5
    raised = []

    def work():
        try:
            extract_bounded(many_paragraphs(10_000).encode())
        except PageTooComplex as error:
            raised.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(10)

    assert not worker.is_alive()
    assert len(raised) == 1


def test_an_extraction_that_needs_too_much_memory_is_refused(settings):
    settings.NEWSDIFFS_EXTRACTION_SECONDS = 60
    settings.NEWSDIFFS_EXTRACTION_MEMORY_MB = 16
    # 4 MB in 2,000 long paragraphs: within the measure, some 70 MB to extract.
    paragraph = f"<p>{'Some words of the story. ' * 80}</p>"
    page = f"<html><body><article>{paragraph * 2000}</article></body></html>"
    assert complexity_problem(page) is None

    with pytest.raises(PageTooComplex) as caught:
        extract_bounded(page.encode())

    assert "needed more than 16 MB (NEWSDIFFS_EXTRACTION_MEMORY_MB)" in str(caught.value)


def test_an_extractor_crash_is_reported_not_raised_as_is(monkeypatch):
    def crash(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("articles.checking.bounded.extract", crash)

    with pytest.raises(ExtractorCrashed) as caught:
        extract_bounded(many_paragraphs(3).encode())

    assert "KeyError" in str(caught.value)


@pytest.mark.django_db
def test_a_huge_text_node_is_refused_and_the_last_version_stays(track, newsroom):
    from articles.checking.check import check_article
    from articles.fetching import Fetcher
    from articles.models import Check

    article = track(STORY)
    check_article(article.pk, Fetcher())
    newsroom.answer(
        newsroom.story(STORY).path,
        body=single_text_node(4_500_000),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )

    check = check_article(article.pk, Fetcher())

    assert check.outcome == Check.Outcome.TOO_COMPLEX
    assert check.get_outcome_display() == "Too big to extract"
    assert "run of 4,500,000 characters" in check.message
    assert check.http_status == 200
    article.refresh_from_db()
    assert article.version_count == 1


@pytest.mark.django_db
def test_a_page_too_slow_to_extract_is_refused_by_the_check(track, newsroom, settings):
    from articles.checking.check import check_article
    from articles.fetching import Fetcher
    from articles.models import Check

    settings.NEWSDIFFS_EXTRACTION_SECONDS = 0.5
    article = track(STORY)
    newsroom.answer(
        newsroom.story(STORY).path,
        body=many_paragraphs(10_000),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )

    check = check_article(article.pk, Fetcher())

    assert check.outcome == Check.Outcome.TOO_COMPLEX
    assert "NEWSDIFFS_EXTRACTION_SECONDS" in check.message
    assert check.duration_ms < 3000
    assert not article.versions.exists()


def test_an_extraction_that_aborts_is_taken_for_the_memory_bound(monkeypatch):
    """libxml2 can abort on an allocation refused at RLIMIT_AS instead of raising."""
    monkeypatch.setattr("articles.checking.bounded.extract", lambda *args, **kwargs: os.abort())

    with pytest.raises(PageTooComplex) as caught:
        extract_bounded(many_paragraphs(3).encode())

    assert f"died of signal {signal.SIGABRT}" in str(caught.value)


def test_an_extraction_process_that_exits_without_an_answer_is_a_crash(monkeypatch):
    monkeypatch.setattr("articles.checking.bounded.extract", lambda *args, **kwargs: os._exit(3))

    with pytest.raises(ExtractorCrashed) as caught:
        extract_bounded(many_paragraphs(3).encode())

    assert str(caught.value) == "the extraction process exited with code 3"


def test_the_memory_watch_counts_what_a_process_holds_for_itself():
    from articles.checking.bounded import _private_bytes

    before = _private_bytes(os.getpid())
    # Fresh pages from the kernel: a bytearray may reuse memory malloc kept
    # from an earlier test, already counted before.
    held = mmap.mmap(-1, 64 * 1024 * 1024)
    for offset in range(0, len(held), mmap.PAGESIZE):
        held[offset] = 1
    assert _private_bytes(os.getpid()) - before >= 60 * 1024 * 1024
    held.close()
    assert _private_bytes(2**22 + 12345) is None  # no such process
