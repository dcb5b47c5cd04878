"""Extraction within a time and a memory bound, in RQ workers and in-process alike.

Extraction is third-party parsing of hostile markup: a page can make it
take seconds and hundreds of megabytes. It runs in a forked child process,
so that a time limit can stop it wherever it is (a signal cannot reach a
worker thread, and RQ's own job timeout uses SIGALRM) and a memory limit
(RLIMIT_AS) fails it without touching the worker. The child only decodes
and extracts: it never uses the parent's database connection or cache.
Where fork does not exist, extraction runs in the process, with the
measure of articles.extraction.limits as its only bound.
"""

import logging
import multiprocessing
import os
import resource
import signal
import time
import traceback
import warnings

from django.conf import settings

from articles.extraction import ExtractionError, extract
from articles.extraction.decoding import decode_html
from articles.extraction.limits import PageTooComplex, check_complexity

log = logging.getLogger(__name__)

_HAS_FORK = "fork" in multiprocessing.get_all_start_methods()
# Python warns that fork() in a process with threads (the lease renewer, the
# in-process worker) may deadlock the child on a lock another thread held.
# The child here takes no such lock: it runs pure extraction code, never
# the database driver, the cache or a socket, and Python re-creates its own
# import and logging locks in a forked child. A fork server would avoid the
# warning but start a fresh interpreter in each RQ work horse, every job.
warnings.filterwarnings(
    "ignore",
    message=r"This process .* is multi-threaded, use of fork\(\) may lead to deadlocks",
    category=DeprecationWarning,
)


class ExtractorCrashed(Exception):
    """The extractor raised something other than ExtractionError (a bug, or a hostile page)."""


def extract_bounded(body, url="", charset=None, **options):
    """extract(), refusing with PageTooComplex a page beyond the measure, or one
    whose extraction takes longer than NEWSDIFFS_EXTRACTION_SECONDS or more
    than NEWSDIFFS_EXTRACTION_MEMORY_MB."""
    if not _HAS_FORK:
        return _extract(body, url, charset, options)
    seconds = settings.NEWSDIFFS_EXTRACTION_SECONDS
    memory_mb = settings.NEWSDIFFS_EXTRACTION_MEMORY_MB
    receiver, sender = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(sender, body, url, charset, options, memory_mb), daemon=True
    )
    child.start()
    sender.close()
    try:
        _await_answer(receiver, child, seconds, memory_mb)
        try:
            kind, value = receiver.recv()
        except EOFError:
            raise _died(child, memory_mb) from None
    finally:
        receiver.close()
        _stop(child)
    return _outcome(kind, value, memory_mb)


# How often the parent looks at the child's memory while it waits.
_WATCH_SECONDS = 0.05


def _await_answer(receiver, child, seconds, memory_mb):
    """Wait for the child's answer; stop it past the time or the memory bound.

    The memory is the child's own: the pages it wrote since the fork
    (private pages, from /proc). RLIMIT_AS alone misses an extraction that
    reuses heap the worker had freed but kept mapped, as a long-lived
    worker has plenty of.
    """
    deadline = time.monotonic() + seconds
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PageTooComplex(
                f"the page is too big to extract: extraction took longer than {seconds:g} s "
                "(NEWSDIFFS_EXTRACTION_SECONDS) and was stopped"
            )
        if receiver.poll(min(remaining, _WATCH_SECONDS)):
            return
        private = _private_bytes(child.pid)
        if private is not None and private > memory_mb * 1024 * 1024:
            raise _memory_exceeded(memory_mb)


def _private_bytes(pid):
    """Bytes of memory the process holds for itself alone; None if /proc cannot say."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            kilobytes = sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))
    except (OSError, ValueError, IndexError):
        return None
    return kilobytes * 1024


def _extract(body, url, charset, options):
    text = decode_html(body, charset)
    check_complexity(text)
    return extract(text, url=url, **options)


def _child(sender, body, url, charset, options, memory_mb):
    # A crash on a hostile page must not write the worker's memory (its
    # settings, its database password) to a core file.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _limit_memory(memory_mb)
    try:
        result = ("content", _extract(body, url, charset, options))
    except PageTooComplex as error:
        result = ("too_complex", str(error))
    except ExtractionError as error:
        result = ("no_article", str(error))
    except MemoryError:
        result = ("memory", "")
    except Exception as error:
        detail = "".join(traceback.format_exception_only(error)).strip()
        result = ("crash", f"{type(error).__name__}: {detail}")
    sender.send(result)
    sender.close()


def _limit_memory(memory_mb):
    """Let the child grow by memory_mb over what it inherited, and no more."""
    try:
        with open("/proc/self/statm") as statm:
            inherited = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return  # no /proc: the time bound still holds
    limit = inherited + memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _memory_exceeded(memory_mb):
    return PageTooComplex(
        f"the page is too big to extract: extraction needed more than {memory_mb} MB "
        "(NEWSDIFFS_EXTRACTION_MEMORY_MB)"
    )


def _outcome(kind, value, memory_mb):
    if kind == "content":
        return value
    if kind == "too_complex":
        raise PageTooComplex(value)
    if kind == "no_article":
        raise ExtractionError(value)
    if kind == "memory":
        raise _memory_exceeded(memory_mb)
    raise ExtractorCrashed(value)


def _died(child, memory_mb):
    """The error for a child that exited without an answer."""
    child.join(1)
    code = child.exitcode
    if code == -signal.SIGKILL:  # the kernel's out-of-memory killer
        return _memory_exceeded(memory_mb)
    if code in (-signal.SIGABRT, -signal.SIGSEGV):
        # C code (libxml2) that meets a failed allocation at RLIMIT_AS can
        # abort rather than raise MemoryError; a parser bug looks the same.
        return PageTooComplex(
            f"the page is too big to extract: the extraction process died of signal {-code}, "
            f"most likely at its {memory_mb} MB bound (NEWSDIFFS_EXTRACTION_MEMORY_MB)"
        )
    return ExtractorCrashed(f"the extraction process exited with code {code}")


def _stop(child):
    if child.is_alive():
        child.kill()
    child.join()
    child.close()
