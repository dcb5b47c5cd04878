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


def _shrink(previous_text, new_text):
    return len(new_text) / len(previous_text)


def _is_prefix_teaser(previous_text, new_text):
    """The new text is the start of the old one, cut short."""
    new_paragraphs = [p for p in new_text.split("\n\n") if p]
    old_paragraphs = [p for p in previous_text.split("\n\n") if p]
    if not new_paragraphs or len(new_paragraphs) >= len(old_paragraphs):
        return False
    kept = sum(1 for p in new_paragraphs if p in old_paragraphs)
    return kept >= max(1, len(new_paragraphs) - 1)


def collapse_reason(previous_text: str, new_text: str) -> str | None:
    """Why new_text cannot be a real version after previous_text, or None if it can."""
    previous_text = previous_text or ""
    new_text = new_text or ""
    if len(previous_text) < MIN_PREVIOUS_CHARS or len(new_text) >= len(previous_text):
        return None
    ratio = _shrink(previous_text, new_text)
    sizes = (
        f"the text shrank from {len(previous_text):,} to {len(new_text):,} characters "
        f"({ratio:.0%} of the last version)"
    )
    wall = WALL_PHRASES.search(new_text)
    if wall and ratio < WALL_RATIO and not WALL_PHRASES.search(previous_text):
        return f"{sizes} and reads like a paywall, consent or error page ({wall.group(0)!r})"
    if ratio < COLLAPSE_RATIO:
        if not new_text.strip():
            return f"{sizes}: the page has no article text"
        if _is_prefix_teaser(previous_text, new_text):
            return f"{sizes}: only the opening of the article is left, as in a teaser"
        return f"{sizes}: more than half of the article is gone at once"
    return None
