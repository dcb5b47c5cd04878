"""Fixed data for the reader's site tests, built the way the archive core builds it."""

from datetime import UTC, datetime, timedelta

from articles import content, textnorm
from articles.comparison import diffing, stored
from articles.content import Content
from articles.models import Article, Source, Version

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def make_source(slug="courier", name="The Local Courier"):
    return Source.objects.create(name=name, slug=slug, homepage=f"https://{slug}.example/")


def make_article(source, path="/news/story", first_seen_at=None, **fields):
    return Article.objects.create(
        source=source,
        url=f"https://{source.slug}.example{path}",
        first_seen_at=first_seen_at or NOW - timedelta(days=2),
        **fields,
    )


def add_version(
    article, title, paragraphs, archived_at, byline="", published_at=None, lead_image_url=""
):
    """Save the next version, with its change size and boringness, and recount."""
    new = Content(
        title=title,
        byline=byline,
        published_at=published_at,
        lead_image_url=lead_image_url,
        text=textnorm.normalise_paragraphs(paragraphs),
    )
    previous = article.versions.order_by("-number").first()
    rows = diffing.compare(previous.paragraphs(), new.paragraphs()) if previous else None
    added, removed = diffing.sizes(rows) if previous else (len(new.text), 0)
    boring = bool(previous) and content.is_boring_change(previous, new)
    version = Version.objects.create(
        article=article,
        number=previous.number + 1 if previous else 1,
        archived_at=archived_at,
        **new.as_fields(),
        text_hash=new.text_hash,
        is_boring=boring,
        chars_added=added,
        chars_removed=removed,
    )
    if previous:  # kept with the version, as the check that saves one does
        stored.keep(previous, version, rows)
    article.recount()
    article.save()
    return version


HARBOUR_V1 = [
    "The harbour bridge will close for repairs on Monday, the council said.",
    "Drivers are advised to use the ring road during the closure.",
    "The work is expected to last three weeks.",
]
HARBOUR_V2 = [
    "The harbour bridge will close for urgent repairs on Monday, the council said.",
    "Drivers are advised to use the ring road during the closure.",
    "The work is expected to last six weeks.",
    "A ferry service will run every twenty minutes.",
]
HARBOUR_V3 = [
    "The harbour bridge will close for urgent repairs on Monday, the council said.",
    "Drivers are advised to use the ring road during the closure.",
    "The work is expected to last six weeks.",
    "A ferry service will run every twenty minutes. Tickets are free.",
]


def harbour_story(source, state=Article.State.ACTIVE, start=None):
    """Four versions: a change, a boring change (letter case), then a change."""
    start = start or NOW - timedelta(days=1)
    article = make_article(
        source,
        "/news/harbour-bridge-closure",
        first_seen_at=start,
        state=state,
        next_check_at=NOW + timedelta(hours=2),
    )
    add_version(article, "Harbour bridge to close", HARBOUR_V1, start, byline="By A. Reporter")
    add_version(
        article,
        "Harbour bridge to close for six weeks",
        HARBOUR_V2,
        start + timedelta(minutes=35),
        byline="By A. Reporter",
    )
    boring = [p.replace("Drivers", "drivers") for p in HARBOUR_V2]
    add_version(
        article,
        "Harbour bridge to close for six weeks",
        boring,
        start + timedelta(hours=3),
        byline="By A. Reporter",
    )
    add_version(
        article,
        "Harbour bridge to close for six weeks",
        HARBOUR_V3,
        start + timedelta(hours=6),
        byline="By A. Reporter and B. Writer",
    )
    article.refresh_from_db()
    return article
