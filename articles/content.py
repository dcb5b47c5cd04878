"""What an article page says, as extraction yields it and a version keeps it. Pure.

`Content` is described once here and carried whole from extraction through
checking and the admin's preview to the version saved. The fields whose
change makes a new version are named once, in VERSIONED_FIELDS; everything
that asks "did the article change?" or "was that change boring?" reads
that list, so a new field is one line here, one model field and where it is
shown.
"""

from dataclasses import asdict, dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

from articles import textnorm

# The fields whose change makes a new version. The publication time is kept
# but is not one of them: sites restate it (time zones, "updated" stamps)
# without changing a word of the story.
VERSIONED_FIELDS = ("title", "byline", "lead_image_url", "text")
# Of those, the ones made of words: a change of case, white space or
# punctuation alone in them is boring. A different picture never is.
WORDED_FIELDS = ("title", "byline", "text")
# What readers call the versioned fields shown beside the text.
FIELDS_BESIDE_TEXT = {"title": "headline", "byline": "byline", "lead_image_url": "lead image"}

# Query parameters that choose how an image is served (size, crop, format,
# quality, a cache-busting stamp or a signature), not which image it is.
# Image CDNs (imgix, Cloudinary, Akamai, WordPress, Fastly) vary them per
# request or per page layout; a swapped photo changes the path or another
# parameter.
_PRESENTATION_PARAMS = frozenset(
    {
        "auto", "bg", "blur", "cb", "crop", "dpr", "expires", "fit", "fm", "format", "h",
        "height", "im", "impolicy", "imwidth", "ixlib", "q", "quality", "resize", "s", "sig",
        "signature", "size", "t", "token", "ts", "v", "ver", "version", "w", "width", "_",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Content:
    """An article as read from one page."""

    title: str = ""
    byline: str = ""
    published_at: datetime | None = None
    # Canonical absolute URL of the picture the page leads with; "" for none.
    # On a version, None means "not recorded" (archived before the field existed).
    lead_image_url: str | None = ""
    text: str = ""
    # When the page says it was last modified (dateModified, article:modified_time):
    # kept, never versioned, so a change the page does not stamp can be told apart.
    modified_at: datetime | None = None

    @property
    def text_hash(self):
        return textnorm.text_hash(self.text)

    def paragraphs(self):
        return paragraphs(self.text)

    def as_fields(self):
        """The model fields of a Version holding this content."""
        return asdict(self)


def paragraphs(text):
    """A stored text's paragraphs (separated by one blank line)."""
    return [p for p in (text or "").split("\n\n") if p]


def of(item):
    """The Content of anything that has its fields (a Version, a Content)."""
    return Content(**{name: getattr(item, name) for name in Content.__dataclass_fields__})


def image_identity(url):
    """What says which picture a URL shows: host, path and the parameters that pick it."""
    if not url:
        return ""
    parts = urlsplit(url)
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in _PRESENTATION_PARAMS
    )
    return f"{(parts.hostname or '').lower()}{parts.path}?{kept}"


def _same_field(name, old, new):
    if name == "lead_image_url":
        # A version archived before lead images were recorded says nothing
        # about its picture: it neither differs nor matches.
        return old is None or new is None or image_identity(old) == image_identity(new)
    return old == new


def changed_fields(old, new, fields=VERSIONED_FIELDS):
    """The names of the versioned fields (of `fields`) that differ between two contents."""
    return [
        name for name in fields if not _same_field(name, getattr(old, name), getattr(new, name))
    ]


def is_same(old, new):
    """Whether `new` says what `old` says: no new version."""
    return not changed_fields(old, new)


def is_boring_change(old, new):
    """Only white space, punctuation or letter case changed, and only in words."""
    changed = changed_fields(old, new)
    return bool(changed) and all(
        name in WORDED_FIELDS and textnorm.is_boring_change(getattr(old, name), getattr(new, name))
        for name in changed
    )
