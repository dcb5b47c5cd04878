"""Index what each version's change removed and added (articles.changedtexts), after commit.

As with the search words (articles.storage.searchindex), indexing is never
part of the check that stores a version: the check only marks the version
pending (ChangedTextPending) and asks for it to be indexed once its
transaction commits (index_versions). Whatever that misses (a worker killed
in between, archives from before this table) stays pending and is indexed
in batches by each scheduler tick and by `manage.py index_changes`
(index_pending). Rows come from the comparison kept with each version
(articles.comparison.stored), computed and kept if it is missing.
"""

import logging

from django.db import connection, transaction

from articles.comparison import diffing, stored
from articles.models import ChangedText, ChangedTextPending, Version

log = logging.getLogger(__name__)
# Between the changed pieces of one paragraph, which are not contiguous text.
_GAP = " … "
_KINDS = {diffing.DELETE: ChangedText.Kind.REMOVED, diffing.INSERT: ChangedText.Kind.ADDED}


def changed_pieces(rows):
    """[(paragraph number, kind, text)] of what the rows removed and added (pure)."""
    found = []
    for number, row in enumerate(rows, 1):
        if not row.is_change:
            continue
        for op, kind in _KINDS.items():
            pieces = [text.strip() for seg_op, text in row.segments if seg_op == op]
            text = _GAP.join(piece for piece in pieces if piece)
            if text:
                found.append((number, kind, text))
    return found


def _index_one(version):
    ChangedText.objects.filter(version=version).delete()  # run twice, same rows
    if version.number > 1:
        old = Version.objects.get(article_id=version.article_id, number=version.number - 1)
        rows = stored.paragraph_rows(old, version)
        ChangedText.objects.bulk_create(
            ChangedText(version=version, paragraph=number, kind=kind, text=text)
            for number, kind, text in changed_pieces(rows)
        )


def _take(pending, limit=None):
    """Index up to `limit` pending versions of this queryset, each once; the number indexed."""
    done = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # SKIP LOCKED: two indexers (ticks of two schedulers) never wait on each other.
            pending = pending.select_for_update(skip_locked=True)
        ids = list(pending.order_by("version_id").values_list("version_id", flat=True)[:limit])
        for version in Version.objects.filter(pk__in=ids).order_by("pk"):
            try:
                with transaction.atomic():
                    _index_one(version)
            except Exception:
                # One version that cannot be compared (its text does not read
                # back) must not hold up the rest: logged, and left unindexed.
                log.exception("changes of version %s not indexed for search", version.pk)
                continue
            done += 1
        ChangedTextPending.objects.filter(version_id__in=ids).delete()
    return done


def index_versions(version_ids):
    """Index these versions, if still pending; the number indexed."""
    return _take(ChangedTextPending.objects.filter(version_id__in=list(version_ids)))


def index_pending(batch):
    """Index up to `batch` pending versions, oldest first; the number indexed."""
    return _take(ChangedTextPending.objects.all(), batch)


def count_pending():
    return ChangedTextPending.objects.count()
