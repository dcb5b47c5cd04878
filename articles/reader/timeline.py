"""A strip of marks, one per version, placed by when it was archived."""

from dataclasses import dataclass, replace

from articles import content
from articles.reader import humanize


@dataclass
class Mark:
    number: int
    x: float
    y: float
    height: float
    is_boring: bool
    label: str
    href: str = ""


def _fraction(versions, first_number, largest):
    if versions[0].number == first_number:
        return 1.0
    # A floor keeps a one-letter change visible beside a rewrite.
    size = max(v.chars_added + v.chars_removed for v in versions)
    return 0.25 + 0.75 * size / largest


def _label(group, first_number):
    first, last = group[0], group[-1]
    if len(group) > 1:
        span = f"{humanize.exact(first.archived_at)} to {humanize.exact(last.archived_at)}"
        return f"Versions {first.number} to {last.number}, {span}"
    label = f"Version {last.number}, {humanize.exact(last.archived_at)}"
    if last.number != first_number:
        label += ", " + humanize.change(last.chars_added, last.chars_removed)
    return label + (" (boring)" if last.is_boring else "")


def marks(versions, width=600, height=40, margin=6, href=None, most=200):
    """Marks for an SVG `width` x `height`: x by time, height by size of change.

    `versions` in order, each with number, archived_at, is_boring,
    chars_added and chars_removed. The first version is a full-height mark:
    it is where the article starts. Versions closer than the strip can
    show apart are drawn as one mark (at most `most` marks), so the strip
    costs the same for an article's thousandth version as for its tenth.
    `href(number, is_boring)` gives each mark's link.
    """
    versions = list(versions)
    if not versions:
        return []
    start, end = versions[0].archived_at, versions[-1].archived_at
    span = (end - start).total_seconds() or 1.0
    usable = width - 2 * margin
    largest = max((v.chars_added + v.chars_removed for v in versions[1:]), default=0) or 1
    first_number = versions[0].number
    groups = {}
    for version in versions:
        offset = (version.archived_at - start).total_seconds() / span
        groups.setdefault(min(int(offset * most), most - 1), []).append(version)
    result = []
    for group in groups.values():
        last = group[-1]
        offset = (last.archived_at - start).total_seconds() / span
        bar_height = round(_fraction(group, first_number, largest) * (height - margin), 1)
        is_boring = all(v.is_boring for v in group)
        result.append(
            Mark(
                number=last.number,
                x=round(margin + offset * usable - 1.5, 1),
                y=round(height - 1 - bar_height, 1),
                height=bar_height,
                is_boring=is_boring,
                label=_label(group, first_number),
                href=href(last.number, is_boring) if href else f"#v{last.number}",
            )
        )
    return result


def bar(added, removed, largest, width=100):
    """(added width, removed width) of a change's bar, scaled to the largest change."""
    if not largest:
        return 0, 0
    return round(width * added / largest, 1), round(width * removed / largest, 1)


@dataclass
class HistoryRow:
    version: object
    previous_number: int | None
    gap: str
    added_width: float
    removed_width: float
    also_changed: str = ""
    # The change in words, for the bar's tooltip: '+12 / -3 characters', 'headline changed'.
    summary: str = ""
    # The picture to show beside this version: its own, where it is new.
    new_lead_image: str = ""


def _changed_beside_text(previous, version):
    if previous is None:
        return []
    # Versions here come without their text: the text's change is their size.
    return content.changed_fields(previous, version, fields=tuple(content.FIELDS_BESIDE_TEXT))


def _also_changed(changed):
    """'headline', 'byline', 'lead image', joined: what changed beside the text."""
    names = [content.FIELDS_BESIDE_TEXT[name] for name in changed]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return "".join(names)


def history_rows(versions, largest=None):
    """One row per version, oldest first, with its gap and the bar of its change.

    The first of `versions` only gives the second its gap and what changed,
    unless it is version 1. Bars are scaled to `largest` (the article's
    largest change), or to the largest among these versions.
    """
    versions = list(versions)
    if largest is None:
        largest = max((v.chars_added + v.chars_removed for v in versions[1:]), default=0)
    rows = []
    for previous, version in zip([None, *versions], versions, strict=False):
        if previous is None and version.number != 1:
            continue  # here only as the next row's previous version
        added, removed = bar(version.chars_added, version.chars_removed, largest)
        if previous is None:
            added = removed = 0
        changed = _changed_beside_text(previous, version)
        shows_image = previous is None or "lead_image_url" in changed
        rows.append(
            HistoryRow(
                version=version,
                previous_number=previous.number if previous else None,
                gap=humanize.later(version.archived_at - previous.archived_at) if previous else "",
                added_width=added,
                removed_width=removed,
                also_changed=_also_changed(changed),
                summary=humanize.change(
                    version.chars_added,
                    version.chars_removed,
                    [content.FIELDS_BESIDE_TEXT[name] for name in changed],
                ),
                new_lead_image=(version.lead_image_url or "") if shows_image else "",
            )
        )
    return rows


def default_pair(versions):
    """The two version numbers the compare radios start on: the latest real change."""
    numbers = [v.number for v in versions if v.number == 1 or not v.is_boring]
    if len(numbers) < 2:
        return None
    return numbers[-2], numbers[-1]


@dataclass
class Outline:
    """What an article's history shows of every version, from its light rows.

    Computed once for a given set of versions and kept (see
    reader.article_pages), so a history page costs the same at any age.
    """

    latest: int
    first: object  # version 1's row (number, archived_at, published_at, ...)
    last_archived: object
    boring_count: int
    largest_change: int
    default_pair: tuple | None
    marks: list

    @classmethod
    def of(cls, versions):
        versions = list(versions)
        if not versions:
            return cls(0, None, None, 0, 0, None, [])
        return cls(
            latest=versions[-1].number,
            first=versions[0],
            last_archived=versions[-1].archived_at,
            boring_count=sum(1 for v in versions if v.is_boring),
            largest_change=max((v.chars_added + v.chars_removed for v in versions[1:]), default=0),
            default_pair=default_pair(versions),
            marks=marks(versions),
        )

    def linked_marks(self, href):
        """The marks with their links, `href(number, is_boring)`, for one page."""
        return [replace(mark, href=href(mark.number, mark.is_boring)) for mark in self.marks]
