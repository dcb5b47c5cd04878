"""Comparisons of two versions: computed once, then kept or cached.

The check that saves a version keeps its comparison with the one before
(`keep`), in the same transaction: the comparison readers open most is
ready, and its counts are the version's change size. Any other pair is
computed on the first request and cached.
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

from articles import content
from articles.comparison import diffing
from articles.models import Version, VersionDiff

# Bump when the rows diffing.compare() returns change shape or meaning.
# 2: a paragraph moved and edited is a linked move with its word changes.
DIFF_FORMAT = 2
# Kept rows of these formats are shown as they are, not recomputed: format 1
# rows are right, only coarser (a moved and edited paragraph is removed plus
# added), and the version's change size was counted from them, so keeping
# them keeps the history's "+N / -M" equal to what the comparison shows.
READABLE_FORMATS = (1, 2)


def _compute(old, new):
    return diffing.compare(old.paragraphs(), new.paragraphs())


def _as_json(rows):
    return [row.as_json() for row in rows]


def _from_json(rows, old):
    paragraphs = old.paragraphs()
    return [diffing.DiffRow.from_json(row, paragraphs) for row in rows]


def keep(old, new, rows):
    """Keep the rows comparing `new` with `old` (adjacent versions)."""
    VersionDiff.objects.create(
        old_version=old, new_version=new, format=DIFF_FORMAT, rows=_as_json(rows)
    )


def _store(old, new):
    rows = _compute(old, new)
    try:
        with transaction.atomic():
            VersionDiff.objects.update_or_create(
                old_version=old,
                new_version=new,
                defaults={"format": DIFF_FORMAT, "rows": _as_json(rows)},
            )
            _recount(new, rows)
    except IntegrityError:
        pass  # Another worker stored the same pair at the same moment.
    return rows


def _recount(version, rows):
    """Make the version's change size the highlights of the rows now kept with it.

    Rows computed afresh for an older archive (or an unreadable format) may
    differ from those its size was counted from when it was saved.
    """
    added, removed = diffing.sizes(rows)
    if (version.chars_added, version.chars_removed) != (added, removed):
        Version.objects.filter(pk=version.pk).update(chars_added=added, chars_removed=removed)
        version.chars_added, version.chars_removed = added, removed


def paragraph_rows(old, new):
    """The aligned rows between two versions (both with their text loaded)."""
    if new.number == old.number + 1 and new.article_id == old.article_id:
        stored = (
            VersionDiff.objects.filter(
                old_version=old, new_version=new, format__in=READABLE_FORMATS
            )
            .values_list("rows", flat=True)
            .first()
        )
        if stored is not None:
            return _from_json(stored, old)
        return _store(old, new)
    key = f"newsdiffs:diff:{DIFF_FORMAT}:{old.pk}:{new.pk}"
    rows = cache.get(key)
    if rows is None:
        rows = _compute(old, new)
        cache.set(key, _as_json(rows), settings.NEWSDIFFS_DIFF_CACHE_SECONDS)
        return rows
    return _from_json(rows, old)


@dataclass
class Comparison:
    old: Version
    new: Version
    rows: list
    title: list
    byline: list

    @cached_property
    def changed_fields(self):
        return content.changed_fields(self.old, self.new)

    @property
    def title_changed(self):
        return "title" in self.changed_fields

    @property
    def byline_changed(self):
        return "byline" in self.changed_fields

    @property
    def lead_image_changed(self):
        return "lead_image_url" in self.changed_fields

    @property
    def published_changed(self):
        return self.old.published_at != self.new.published_at

    @property
    def gap(self):
        return self.new.archived_at - self.old.archived_at

    def change_numbers(self):
        """1-based numbers of the rows that differ, for in-page navigation."""
        return [number for number, row in enumerate(self.rows, 1) if row.is_change]


def compare_versions(old, new):
    return Comparison(
        old=old,
        new=new,
        rows=paragraph_rows(old, new),
        title=diffing.word_diff(old.title, new.title),
        byline=diffing.word_diff(old.byline, new.byline),
    )


def neighbour_changes(versions, old_number, new_number):
    """The (previous, next) real changes around a comparison, as version-number pairs.

    `versions` are the article's versions in order (number and is_boring
    are enough). A change is a non-boring version against the one before.
    A comparison spanning several changes steps into them: its previous
    change is the last one before the span's last change, its next the
    first after the span's first change, so 1 -> 4 offers 1 -> 2 and 3 -> 4.
    """
    changes = [v.number for v in versions if v.number > 1 and not v.is_boring]
    covered = [n for n in changes if old_number < n <= new_number]
    earlier = [n for n in changes if n < (covered[-1] if covered else new_number + 1)]
    later = [n for n in changes if n > (covered[0] if covered else old_number)]
    previous = (earlier[-1] - 1, earlier[-1]) if earlier else None
    following = (later[0] - 1, later[0]) if later else None
    return previous, following
