"""`?label=` and `?min_change=`: which changes a list or feed shows.

One reading of the parameters for the front page, the source pages and
the feeds, so each validates them alike (a bad value is a 400 naming the
parameter) and filters alike.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef

from articles.comparison.labels import LABELS
from articles.models import VersionLabel

# Past this a filter asks for changes no article has; refused, not run.
_MAX_MIN_CHANGE = 10_000_000


class BadFilter(ValueError):
    """A filter parameter the archive cannot use; the message names it."""


@dataclass(frozen=True)
class ChangeFilter:
    label: str = ""
    min_change: int | None = None

    def __bool__(self):
        return bool(self.label) or self.min_change is not None

    def apply(self, versions):
        """Versions narrowed to the changes this filter asks for."""
        if self.label:
            labelled = VersionLabel.objects.filter(version=OuterRef("pk"), slug=self.label)
            versions = versions.filter(Exists(labelled))
        if self.min_change is not None:
            size = F("chars_added") + F("chars_removed")
            versions = versions.alias(change_size=size).filter(change_size__gte=self.min_change)
        return versions

    def params(self):
        """The filter as query parameters, for links to further pages."""
        pairs = {"label": self.label, "min_change": self.min_change}
        return {name: value for name, value in pairs.items() if value not in ("", None)}

    def label_name(self):
        return LABELS.get(self.label, "")


def _label(raw):
    raw = raw.strip()
    if raw and raw not in LABELS:
        raise BadFilter(f"label: not a label; one of {', '.join(LABELS)}")
    return raw


def _min_change(raw):
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) > _MAX_MIN_CHANGE:
        raise BadFilter(f"min_change: not a whole number of characters from 0 to {_MAX_MIN_CHANGE}")
    return int(raw)


def parse(params):
    """The ChangeFilter that query parameters ask for; BadFilter naming a bad one."""
    return ChangeFilter(
        label=_label(params.get("label", "")), min_change=_min_change(params.get("min_change", ""))
    )
