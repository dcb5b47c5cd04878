"""Is a freshly extracted text a real version of the article, or a collapse?

A paywall, a cookie-consent wall, an error page served with status 200 or a
teaser still extracts to *some* text. Archiving it would record a version
that deletes the article, and the next good fetch would "restore" it: two
false versions. collapse_reason() spots the collapse so the check can be
recorded as suspicious instead.
"""

import re

# A new text shorter than this share of the last version is a collapse...
COLLAPSE_RATIO = 0.5
# ...or shorter than this share when it also reads like a wall or an error page.
WALL_RATIO = 0.85
# Below this the last version is itself too short to judge against.
MIN_PREVIOUS_CHARS = 200
# A teaser shows the first few paragraphs; keeping more than this is a trim.
TEASER_PARAGRAPHS = 3

WALL_PHRASES = re.compile(
    r"\b("
    r"subscribe (now |today )?to (continue|keep) reading|subscribers? only|"
    r"already (a )?subscriber|log ?in to (continue|read)|sign in to (continue|read)|"
    r"create (a )?free account|this (article|content|story) is (for|available to) subscribers|"
    r"premium (article|content)|unlock (this|the full) (article|story)|"
    r"accept (all )?cookies|cookie (settings|preferences|policy)|we use cookies|"
    r"your privacy choices|manage (your )?consent|consent preferences|"
    r"page not found|(404|500|503)\b.{0,20}(error|not found)|something went wrong|"
    r"service (temporarily )?unavailable|internal server error|access denied|"
    r"are you a robot|verify you are (a )?human|enable javascript|"
    r"continue reading|read the full (article|story)|to read (the|this) (full )?(article|story)"
    r")",
    re.I,
)


def _paragraphs(text):
    return [p for p in text.split("\n\n") if p.strip()]


def _kept_opening(previous_text, new_text):
    """How many opening paragraphs of the old text the new one starts with, unchanged."""
    old, new = _paragraphs(previous_text), _paragraphs(new_text)
    kept = 0
    while kept < min(len(old), len(new)) and old[kept] == new[kept]:
        kept += 1
    return kept


def _is_teaser(previous_text, new_text):
    """The new text is the opening of the old one and nothing of the rest.

    Paragraphs after the kept opening may be new (a "subscribe" line, a cut
    paragraph ending in "…") but none may come from further down the old text.
    """
    old, new = _paragraphs(previous_text), _paragraphs(new_text)
    kept = _kept_opening(previous_text, new_text)
    if kept == 0 or kept > TEASER_PARAGRAPHS or kept >= len(old):
        return False
    later = set(old[kept:])
    return not any(p in later for p in new[kept:])


def _wall_phrase(previous_text, new_text):
    """The wall or error phrase that the new text is made of, or None.

    A phrase only counts in paragraphs that are new; quoting "page not found"
    in a trimmed story about an outage is news, not an error page. The new
    paragraphs must be most of the new text, or follow a bare teaser opening
    (a paywall keeps the first paragraph and appends its "subscribe" line).
    """
    old = set(_paragraphs(previous_text))
    new = _paragraphs(new_text)
    fresh = [p for p in new if p not in old]
    phrase = next((m for m in map(WALL_PHRASES.search, fresh) if m), None)
    if phrase is None or WALL_PHRASES.search(previous_text):
        return None
    fresh_share = sum(map(len, fresh)) / max(sum(map(len, new)), 1)
    if fresh_share > 0.5:
        return phrase.group(0)
    shrunk = len(new_text) < COLLAPSE_RATIO * len(previous_text)
    if shrunk and _is_teaser(previous_text, new_text) and WALL_PHRASES.search(new[-1]):
        return phrase.group(0)
    return None


def looks_like_wall(previous_text: str, new_text: str) -> bool:
    """Does new_text read like a paywall, consent or error page after previous_text?

    The same rule collapse_reason() applies, whatever the size of the shrink:
    a shrink that is *not* a wall may be a real, lasting cut of the article.
    """
    return _wall_phrase(previous_text or "", new_text or "") is not None


def collapse_reason(previous_text: str, new_text: str) -> str | None:
    """Why new_text cannot be a real version after previous_text, or None if it can."""
    previous_text = previous_text or ""
    new_text = new_text or ""
    if len(previous_text) < MIN_PREVIOUS_CHARS or len(new_text) >= len(previous_text):
        return None
    ratio = len(new_text) / len(previous_text)
    sizes = (
        f"the text shrank from {len(previous_text):,} to {len(new_text):,} characters "
        f"({ratio:.0%} of the last version)"
    )
    wall = _wall_phrase(previous_text, new_text)
    if wall and ratio < WALL_RATIO:
        return f"{sizes} and reads like a paywall, consent or error page ({wall!r})"
    if ratio < COLLAPSE_RATIO:
        if not new_text.strip():
            return f"{sizes}: the page has no article text"
        if _is_teaser(previous_text, new_text):
            kept = _kept_opening(previous_text, new_text)
            return (
                f"{sizes}: only the opening {kept} paragraph(s) of the article are left, "
                "as in a teaser"
            )
        old, new = _paragraphs(previous_text), _paragraphs(new_text)
        return (
            f"{sizes}: more than half of the article is gone at once "
            f"({len(old)} paragraphs became {len(new)})"
        )
    return None
