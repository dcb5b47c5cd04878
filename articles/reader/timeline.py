"""A strip of marks, one per version, placed by when it was archived."""

from dataclasses import dataclass

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


def marks(versions, width=600, height=40, margin=6):
    """Marks for an SVG `width` x `height`: x by time, height by size of change.

    `versions` in order, each with number, archived_at, is_boring,
    chars_added and chars_removed. The first version is a full-height mark:
    it is where the article starts.
    """
    versions = list(versions)
    if not versions:
        return []
    start, end = versions[0].archived_at, versions[-1].archived_at
    span = (end - start).total_seconds() or 1.0
    usable = width - 2 * margin
    sizes = [v.chars_added + v.chars_removed for v in versions[1:]]
    largest = max(sizes, default=0) or 1
    result = []
    for version in versions:
        offset = (version.archived_at - start).total_seconds() / span
        if version.number == versions[0].number:
            fraction = 1.0
        else:
            # A floor keeps a one-letter change visible beside a rewrite.
            fraction = 0.25 + 0.75 * (version.chars_added + version.chars_removed) / largest
        label = f"Version {version.number}, {humanize.exact(version.archived_at)}"
        if version.number != versions[0].number:
            label += ", " + humanize.size(version.chars_added, version.chars_removed)
        if version.is_boring:
            label += " (boring)"
        bar_height = round(fraction * (height - margin), 1)
        result.append(
            Mark(
                number=version.number,
                x=round(margin + offset * usable - 1.5, 1),
                y=round(height - 1 - bar_height, 1),
                height=bar_height,
                is_boring=version.is_boring,
                label=label,
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


def history_rows(versions):
    """One row per version, oldest first, with its gap and the bar of its change."""
    versions = list(versions)
    largest = max((v.chars_added + v.chars_removed for v in versions[1:]), default=0)
    rows = []
    for previous, version in zip([None, *versions], versions, strict=False):
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
