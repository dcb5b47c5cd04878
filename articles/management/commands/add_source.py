from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from articles.models import DiscoveryURL, Source


class Command(BaseCommand):
    help = "Add a news source to watch and print its slug."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--homepage", required=True)
        parser.add_argument("--feed", action="append", default=[], help="RSS/Atom feed URL")
        parser.add_argument("--front-page", action="append", default=[], help="Front page URL")
        parser.add_argument("--pattern", default="", help="Regex article URLs must match")
        parser.add_argument("--host", action="append", default=[], help="Allowed host")
        parser.add_argument("--slug", default="")

    def handle(self, *args, **options):
        slug = options["slug"] or slugify(options["name"])[:100]
        if not slug:
            raise CommandError("The name gives an empty slug; pass --slug.")
        if Source.objects.filter(slug=slug).exists():
            raise CommandError(f"A source with the slug {slug!r} exists already.")
        source = Source(
            name=options["name"],
            slug=slug,
            homepage=options["homepage"],
            article_url_pattern=options["pattern"],
            allowed_hosts="\n".join(options["host"]),
        )
        pages = [DiscoveryURL(url=url, kind=DiscoveryURL.Kind.FEED) for url in options["feed"]]
        pages += [
            DiscoveryURL(url=url, kind=DiscoveryURL.Kind.FRONT_PAGE)
            for url in options["front_page"]
        ]
        try:
            source.full_clean()
            for page in pages:
                page.full_clean(exclude=["source"])
        except ValidationError as error:
            raise CommandError(_describe(error)) from None
        with transaction.atomic():
            source.save()
            for page in pages:
                page.source = source
                page.save()
        self.stdout.write(source.slug)


def _describe(error):
    return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
