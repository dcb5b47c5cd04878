"""Checking one article: fetch, detect a change, save a version, schedule.

The network and the extractor run outside any transaction; the decision
and the write happen in one transaction holding the article's row lock, so
two workers checking the same article cannot store the same change twice.
"""

import logging
import time
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import content, textnorm
from articles.checking.bounded import extract_bounded
from articles.checking.plausibility import collapse_reason, looks_like_wall
from articles.comparison import diffing, labels, stored
from articles.extraction import ExtractionError
from articles.extraction.limits import PageTooComplex
from articles.fetching import FetchError
from articles.models import Article, ChangedTextPending, Check, Version
from articles.storage import changeindex, searchindex
from notify import outbox

log = logging.getLogger(__name__)


@dataclass
class Page:
    """What one fetch yielded, ready to compare with the last version."""

    url: str
    status: int
    body: bytes
    content: content.Content

    @property
    def text(self):
        return self.content.text

    @property
    def text_hash(self):
        return self.content.text_hash


def _elapsed_ms(started):
    return int((time.monotonic() - started) * 1000)


def _reverted_version(article, latest, page):
    candidates = article.versions.filter(text_hash=page.text_hash).exclude(pk=latest.pk)
    for earlier in candidates.order_by("-number").defer("raw_body"):
        if content.is_same(earlier, page.content):
            return earlier
    return None


def _record(article, outcome, started, now, status=None, message="", version=None):
    check = Check.objects.create(
        kind=Check.Kind.ARTICLE,
        source_id=article.source_id,
        article=article,
        url=article.url,
        checked_at=now,
        http_status=status,
        duration_ms=_elapsed_ms(started),
        outcome=outcome,
        message=message,
        version=version,
    )
    _log(check)
    return check


def _log(check, level=logging.INFO):
    log.log(
        level,
        "check article=%s source=%s outcome=%s status=%s ms=%s %s",
        check.article_id,
        check.source_id,
        check.outcome,
        check.http_status,
        check.duration_ms,
        check.message,
    )


def _record_failure(article_id, error, started, now):
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        missing = getattr(error, "is_missing", False)
        article.schedule_after_failure(now, missing=missing)
        article.quiet_check_id = None  # the next quiet check starts a new run
        article.save()
        outcome = Check.failure_outcome(error)
        return _record(article, outcome, started, now, getattr(error, "status", None), str(error))


def _fitting(value, field):
    # A validator longer than its column is dropped, not cut: a cut ETag would
    # never match, and an error would lose the check.
    return value if len(value) <= Article._meta.get_field(field).max_length else ""


def _keep_validators(article, result):
    article.etag = _fitting(result.etag, "etag")
    article.last_modified = _fitting(result.last_modified, "last_modified")


def record_crash(article_id, error):
    """Record a check that ended in an unexpected exception, and back off."""
    message = f"the check failed unexpectedly: {type(error).__name__}: {error}"
    log.exception("check article=%s crashed", article_id)
    try:
        failure = FetchError(message[:2000])
        _record_failure(article_id, failure, time.monotonic(), timezone.now())
    except Exception:
        log.exception("could not record the crash of article=%s", article_id)


def _record_quiet(article, outcome, result, started, now, body_hash=None, held=None):
    """A check that reached the page and found nothing to archive.

    Most checks are these, so they take no lock and cost two statements:
    the log row joins the article's run of quiet checks (or starts one) and
    the schedule is one conditional UPDATE. With `held` (a QuietChecks of a
    batch) both are left to it, to be written with the batch's others.
    Returns the check as recorded (for a folded one: this check's own fields).
    """
    duration_ms = _elapsed_ms(started)
    check = Check.quiet(article, outcome, now, result.status, duration_ms)
    if not result.not_modified:
        _keep_validators(article, result)
    if body_hash is not None:
        article.last_body_hash = body_hash
    # Most checks are quiet: at INFO they would bury the ones that did something.
    _log(check, logging.DEBUG)
    if held is not None:
        held.add(article, check)
        return check
    # Each statement commits on its own. A transaction would cost two more
    # round trips (BEGIN, COMMIT) and buy nothing: the log row is true
    # whether or not the schedule's UPDATE applies (it does not when the
    # row moved meanwhile), and a worker killed between the two leaves the
    # article due, to be checked again soon.
    if not Check.fold(check.pk, outcome, now, result.status, duration_ms):
        check.insert_row()
        article.quiet_check_id = check.pk
    article.save_quiet_check(now)
    return check


def _record_suspicious(article, reason, result, started, now):
    """A page that is not the article (a wall, an error page served with 200).

    The last version stands; the validators and body hash are left as they
    were, so the next fetch is read afresh, and that fetch comes soon.
    """
    article.schedule_after_suspicious(now)
    article.quiet_check_id = None
    article.save()
    return _record(article, Check.Outcome.SUSPICIOUS, started, now, result.status, reason)


def _is_confirmed_shrink(article, latest, page):
    """The same much shorter text, fetch after fetch, and no wall: the newsroom cut it.

    A paywall or an error page never passes; a real trim is archived once
    NEWSDIFFS_SHRINK_CONFIRMATIONS fetches in a row have shown it.
    """
    return (
        not looks_like_wall(latest.text, page.text)
        and article.suspicious_text_hash == page.text_hash
        and article.consecutive_suspicious + 1 >= settings.NEWSDIFFS_SHRINK_CONFIRMATIONS
    )


class _ExtractionRefused(FetchError):
    """A page beyond extraction's bounds, logged as too big to extract."""

    check_outcome = PageTooComplex.check_outcome


class _LatestMoved(Exception):
    """Another worker stored a version since the diff was computed: compute it again."""


# Times the diff is computed again when other workers keep storing versions.
_STORE_ATTEMPTS = 3


def _store_changed(article, page, result, body_hash, started, now, held):
    """Diff against the latest version outside any lock, then store under the lock.

    Nothing slower than a hash runs while the article's row is locked: the
    comparison is computed first, and if the latest version moved on in the
    meantime (another worker stored one), it is computed again. New bytes
    with the same content (a changing ad slot, a token) are a quiet check.
    """
    article_id = article.pk
    for _ in range(_STORE_ATTEMPTS):
        latest = _latest_version(article_id)
        rows = None
        found = _Labels()
        if latest is not None:
            if content.is_same(latest, page.content):
                if latest.number == article.version_count:
                    outcome = Check.Outcome.UNCHANGED
                    return _record_quiet(article, outcome, result, started, now, body_hash, held)
                article.refresh_from_db()
                continue
            rows = diffing.compare(latest.paragraphs(), page.content.paragraphs())
            found = _label(article_id, latest, page, rows, now)
        try:
            return _store(article_id, page, result, body_hash, started, now, latest, rows, found)
        except _LatestMoved:
            continue
    failure = FetchError(
        f"other checks stored {_STORE_ATTEMPTS} versions of this article while this one "
        "compared its page; it will be checked again",
        url=page.url,
        status=page.status,
    )
    return _record_failure(article_id, failure, started, now)


@dataclass
class _Labels:
    """The labels of a change, and the rules that failed on it (for the check log)."""

    details: dict | None = None
    errors: list | None = None

    def message(self):
        if not self.errors:
            return ""
        return "labelling failed, the version is stored without: " + "; ".join(self.errors)


def _recent_headlines(article_id, latest, now):
    """The headlines shown within the headline-test window, the latest version's last."""
    since = now - labels.HEADLINE_TEST_WINDOW
    shown = Version.objects.filter(article_id=article_id, number__lte=latest.number)
    shown = shown.filter(archived_at__gte=since) | shown.filter(pk=latest.pk)
    rows = shown.order_by("number").values_list("title", "archived_at")
    return [labels.Headline(title, archived_at) for title, archived_at in rows]


def _label(article_id, latest, page, rows, now):
    """Label the change, outside the lock; a failing rule costs its label, never the version."""
    found = _Labels(errors=[])

    def failed(slug, error):
        log.error("labelling article=%s rule=%s failed", article_id, slug, exc_info=error)
        found.errors.append(f"{slug}: {type(error).__name__}: {error}"[:300])

    try:
        headlines = _recent_headlines(article_id, latest, now)
        edit = labels.Edit(latest.content(), page.content, rows, headlines, now)
        found.details = labels.label_edit(edit, on_error=failed)
    except Exception as error:
        failed("all labels", error)
        found.details = {}
    return found


def _latest_version(article_id):
    versions = Version.objects.filter(article_id=article_id).defer("raw_body")
    return versions.order_by("-number").first()


def _store(article_id, page, result, body_hash, started, now, expected_latest, rows, found):
    """Store a version if the page changed, under the row lock; `rows` diff it from
    `expected_latest`, which must still be the latest version."""
    with transaction.atomic():
        article = Article.objects.select_for_update().select_related("source").get(pk=article_id)
        latest = _latest_version(article_id)
        if getattr(latest, "pk", None) != getattr(expected_latest, "pk", None):
            raise _LatestMoved
        if latest is not None:
            reason = collapse_reason(latest.text, page.text)
            if reason and not _is_confirmed_shrink(article, latest, page):
                article.suspicious_text_hash = page.text_hash
                return _record_suspicious(article, reason, result, started, now)
        _keep_validators(article, result)
        article.last_body_hash = body_hash
        version = _new_version(article, latest, page, result, now, rows, found.details or {})
        if latest is not None:
            stored.keep(latest, version, rows)
        # The outbox rows commit with the version, or neither does.
        outbox.record_new_version(version, latest, article.source, article.url, now)
        article.schedule_after_success(now)
        article.quiet_check_id = None
        article.save()
        outcome = Check.Outcome.BORING if version.is_boring else Check.Outcome.NEW_VERSION
        message = found.message()
        return _record(article, outcome, started, now, result.status, message, version=version)


def _new_version(article, latest, page, result, now, rows, label_details):
    is_boring = latest is not None and content.is_boring_change(latest, page.content)
    # The sizes the comparison page shows: the same rows, counted.
    added, removed = diffing.sizes(rows) if latest else (len(page.text), 0)
    version = Version.objects.create(
        article=article,
        number=(latest.number + 1) if latest else 1,
        archived_at=now,
        **page.content.as_fields(),
        text_hash=page.text_hash,
        is_boring=is_boring,
        chars_added=added,
        chars_removed=removed,
        reverts_to=_reverted_version(article, latest, page) if latest else None,
        fetched_url=page.url if len(page.url) <= 2000 else "",
        http_status=page.status,
        label_details=label_details,
        **Version.body_fields(page.body, after=latest),
        **Version.header_fields(result.headers, after=latest),
    )
    version.keep_labels()
    if "headline-test" in label_details:
        article.headline_test_at = now
    # Indexed for search once stored, outside the row lock; a tick indexes
    # it if this never runs (robust: the version is archived all the same).
    texts = {(article.pk, version.number): page.content.text}
    transaction.on_commit(partial(searchindex.index_versions, [version.pk], texts), robust=True)
    # Likewise what it removed and added, for search inside what changed.
    if latest is not None:
        ChangedTextPending.objects.create(version=version)
        transaction.on_commit(partial(changeindex.index_versions, [version.pk]), robust=True)
    article.version_count = version.number
    article.title = page.content.title
    if not is_boring:
        article.last_changed_at = now
        if latest is not None:
            article.change_count += 1
    return version


def check_article(article_id, fetcher, now=None, *, article=None, held=None):
    """Check one article now and return the Check recorded.

    A batch passes the `article` it read (Article.objects.for_checks) and
    `held`, a QuietChecks that writes its quiet checks together.
    """
    started = time.monotonic()
    if article is None:
        article = Article.objects.for_check(article_id)
    has_versions = article.version_count > 0
    try:
        result = fetcher.fetch(
            article.url,
            etag=article.etag if has_versions else "",
            last_modified=article.last_modified if has_versions else "",
        )
    except FetchError as error:
        return _record_failure(article_id, error, started, now or timezone.now())
    now = now or timezone.now()
    if result.not_modified and has_versions:
        return _record_quiet(article, Check.Outcome.NOT_MODIFIED, result, started, now, held=held)
    body_hash = textnorm.bytes_hash(result.body)
    if has_versions and body_hash == article.last_body_hash:
        # Same bytes as last time: nothing to extract.
        return _record_quiet(article, Check.Outcome.UNCHANGED, result, started, now, held=held)
    # Not a quiet check: the whole article and its source from here on.
    article = Article.objects.select_related("source").get(pk=article_id)
    try:
        extracted = extract_bounded(
            result.body,
            url=result.url,
            charset=result.charset,
            **article.source.extraction_options(),
        )
    except PageTooComplex as error:
        # Not a wall and not a new version: a page this archive will not parse.
        failure = _ExtractionRefused(str(error), url=result.url, status=result.status)
        return _record_failure(article_id, failure, started, now)
    except ExtractionError as error:
        if has_versions:
            # An article read before now shows no article at all: a wall or
            # an error page served with 200, not a new version.
            reason = f"no article text on the page ({error}); the last version stands"
            with transaction.atomic():
                locked = Article.objects.select_for_update().get(pk=article_id)
                return _record_suspicious(locked, reason, result, started, now)
        failure = FetchError(
            f"could not extract the article: {error}", url=result.url, status=result.status
        )
        return _record_failure(article_id, failure, started, now)
    except Exception as error:
        # The extractor is third-party parsing of hostile markup: whatever it
        # raises is this page's failure, recorded, not a crash of the worker.
        log.exception("extraction crashed article=%s", article_id)
        failure = FetchError(
            f"the extractor failed on this page: {type(error).__name__}: {error}",
            url=result.url,
            status=result.status,
        )
        return _record_failure(article_id, failure, started, now)
    page = Page(url=result.url, status=result.status, body=result.body, content=extracted)
    try:
        return _store_changed(article, page, result, body_hash, started, now, held)
    except IntegrityError:
        # Another worker stored this version number first: it saw the same change.
        article.refresh_from_db()
        return _record_quiet(article, Check.Outcome.UNCHANGED, result, started, now, held=held)
