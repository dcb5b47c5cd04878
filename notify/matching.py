"""Which subscriptions want a new version: pure rules on plain values.

Matching runs inside the transaction that stores the version, under the
article's row lock, so it reads nothing: the subscriptions come from a
cached list of `Filters` and the change is described by a `Change`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """What a new version changed, as the filters see it."""

    source_id: int
    number: int
    is_boring: bool
    chars_changed: int
    headline_changed: bool


@dataclass(frozen=True)
class Filters:
    """One subscription's filters; an empty `source_ids` means every source."""

    subscription_id: int
    kind: str
    source_ids: frozenset = frozenset()
    min_change_chars: int = 0
    headline_only: bool = False
    include_boring: bool = False


def wants(filters, change):
    """Whether a subscription with these filters is told about this change.

    A first version is no change: there is nothing to compare it with.
    """
    if change.number < 2:
        return False
    if filters.source_ids and change.source_id not in filters.source_ids:
        return False
    if change.is_boring and not filters.include_boring:
        return False
    if filters.headline_only and not change.headline_changed:
        return False
    return change.chars_changed >= filters.min_change_chars or change.headline_changed
