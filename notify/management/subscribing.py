"""What add_webhook and add_notification share: the filters, and saving a checked subscription."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from articles.models import Source
from notify.models import Subscription


def add_filter_arguments(parser):
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="SLUG",
        help="Only this source's articles (repeat for several; none: every source).",
    )
    parser.add_argument(
        "--min-change",
        type=int,
        default=0,
        metavar="CHARS",
        help="Only changes of at least this many characters added and removed.",
    )
    parser.add_argument(
        "--headline-only", action="store_true", help="Only versions whose headline changed."
    )
    parser.add_argument(
        "--include-boring",
        action="store_true",
        help="Also versions that changed only white space, punctuation or letter case.",
    )
    parser.add_argument(
        "--min-interval",
        type=int,
        default=None,
        metavar="SECONDS",
        help="At most one delivery this often (default NEWSDIFFS_NOTIFY_MIN_INTERVAL_SECONDS).",
    )
    parser.add_argument("--name", default="", help="A name for the admin's list.")


def _sources(slugs):
    found = list(Source.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {source.slug for source in found})
    if missing:
        raise CommandError(f"No source with the slug {', '.join(missing)}")
    return found


def create(kind, destination, options, **fields):
    """Validate and save a subscription from the command's options; CommandError if it is bad."""
    if options["min_change"] < 0:
        raise CommandError("--min-change cannot be negative")
    if options["min_interval"] is not None and options["min_interval"] < 0:
        raise CommandError("--min-interval cannot be negative")
    sources = _sources(options["source"])
    subscription = Subscription(
        kind=kind,
        destination=destination,
        name=options["name"],
        min_change_chars=options["min_change"],
        headline_only=options["headline_only"],
        include_boring=options["include_boring"],
        min_interval_seconds=options["min_interval"],
        **fields,
    )
    try:
        subscription.full_clean()
    except ValidationError as error:
        messages = [f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items()]
        raise CommandError("; ".join(messages)) from None
    subscription.save()
    subscription.sources.set(sources)
    return subscription
